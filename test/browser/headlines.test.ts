import { readFile, rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const MUTED = 'rgb(74, 85, 99)';
const BAD = 'rgb(180, 35, 24)';

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The demo as `npm run demo` makes it: large enough that first response's channels change
  // clearly, while first contact resolution's stay inside their noise.
  ({ dir, server, browser } = await openDemo('headlines', { contacts: 20000, seed: 1 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function signInAt(width: number): Promise<Page> {
  const page = await signIn(browser, server.url, ADMIN);
  await page.setViewportSize({ width, height: 1000 });
  return page;
}

/** The sign of a change as the page writes it: `+12 %`, `−3 min` (a minus sign or a hyphen), `0 pp`. */
function directionOf(text: string): 'up' | 'down' | 'flat' {
  const sign = text.trim()[0];
  if (sign === '+') return 'up';
  if (sign === '−' || sign === '-') return 'down';
  return 'flat';
}

/** Per channel name, the value and the change a tile's small multiple shows. */
async function tileChannels(tile: Locator): Promise<Map<string, { value: string; direction: string }>> {
  const rows = tile.getByTestId(/^tile-frt-channel-/);
  const out = new Map<string, { value: string; direction: string }>();
  for (const row of await rows.all()) {
    const name = (await row.locator('th').textContent())?.trim() ?? '';
    const value = (await row.locator('td').first().textContent())?.trim() ?? '';
    out.set(name, { value, direction: (await row.getAttribute('data-direction')) ?? '' });
  }
  return out;
}

/** Nothing in the tiles is wider than its tile, and the page does not scroll sideways. */
async function expectTilesFit(page: Page): Promise<void> {
  const overflowing = await page
    .getByTestId('tiles')
    .evaluate((tiles) =>
      [...tiles.querySelectorAll('li')]
        .filter((tile) => tile.scrollWidth > tile.clientWidth + 1)
        .map((tile) => tile.getAttribute('data-testid')),
    );
  expect(overflowing).toEqual([]);
  expect(await page.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth)).toBe(true);
}

/** One CSV line's cells (RFC 4180 quoting; no line breaks inside a cell in this export). */
function csvCells(line: string): string[] {
  // Splits at commas followed by an even number of quotes, i.e. outside quoted cells; a line that
  // starts with an empty cell keeps it.
  return line
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell));
}

/** The overview's own CSV export: its header, its rows, and a column's index by its name. */
async function overviewCsv(
  page: Page,
): Promise<{ header: string[]; rows: string[][]; column: (name: string) => number }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download this view (CSV)' }).click(),
  ]);
  const [header, ...rows] = (await readFile((await download.path()) as string, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map(csvCells);
  return { header: header ?? [], rows, column: (name: string) => header?.indexOf(name) ?? -1 };
}

describe('headlines that survive a mix shift', () => {
  test('the first-response tile shows its channels, says the mix changed and leaves the combined change grey, as the breakdown confirms', async () => {
    const page = await signInAt(1440);
    const tile = page.getByTestId('tile-frt');
    const channels = tile.getByTestId('tile-frt-channels');
    await channels.waitFor();
    await expect.poll(() => tile.getByTestId(/^tile-frt-channel-/).count()).toBe(4);
    expect(await tile.getByTestId('tile-frt-scope').textContent()).toBe('All channels combined');

    // On the demo first response got faster in every channel while e-mail grew: the combined
    // median went up, and the tile says why instead of colouring it red.
    const change = tile.getByTestId('tile-frt-change');
    expect(await change.getAttribute('data-direction')).toBe('up');
    expect(await change.getAttribute('class')).toContain('same');
    const colour = await change.evaluate(
      (e) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e)
          .color,
    );
    expect(colour).toBe(MUTED);
    expect(colour).not.toBe(BAD);
    expect(await tile.getByTestId('tile-frt-mix').textContent()).toContain(
      'The channel mix changed: every channel improved.',
    );
    const onTile = await tileChannels(tile);
    expect([...onTile.values()].map((c) => c.direction)).toEqual(['down', 'down', 'down', 'down']);
    // Targets per channel (e-mail, chat, phone in the demo) are judged on their own channel.
    expect(await channels.locator('.status').count()).toBeGreaterThanOrEqual(3);
    await expectTilesFit(page);
    await screenshot(page, 'headlines-overview-1440-en');

    // The breakdown by channel, for the same default period, shows the same values and directions.
    await page.goto(`${server.url}/breakdown?kpi=frt&split=channel`);
    const table = page.getByTestId('breakdown-table');
    await table.locator('tbody tr').first().waitFor();
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    const changeColumn = headers.findIndex((h) => /change/i.test(h));
    expect(changeColumn, headers.join(' | ')).toBeGreaterThan(0);
    const inBreakdown = new Map<string, { value: string; direction: string }>();
    for (const row of await table.locator('tbody tr').all()) {
      const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
      inBreakdown.set(cells[0] ?? '', {
        value: cells[1] ?? '',
        direction: directionOf(cells[changeColumn] ?? ''),
      });
    }
    expect(inBreakdown).toEqual(onTile);

    // With one channel chosen the tile is that channel's figure: nothing to split, no mix.
    await page.goto(`${server.url}/?channel=chat`);
    await page.getByTestId('tile-frt-drill').waitFor();
    expect(await page.getByTestId('tile-frt-channels').count()).toBe(0);
    expect(await page.getByTestId('tile-frt-scope').count()).toBe(0);
    expect(await page.getByTestId('tile-frt-mix').count()).toBe(0);
    await page.context().close();
  });

  test('the tiles stay readable at tablet width, in English, Ukrainian and Chinese', async () => {
    const page = await signInAt(768);
    await page.getByTestId('tile-frt-channels').waitFor();
    await expectTilesFit(page);
    await screenshot(page, 'headlines-overview-768-en');
    const mixNote = { uk: 'Змінився розподіл між каналами', 'zh-CN': '渠道构成发生了变化' };
    for (const [locale, note] of Object.entries(mixNote)) {
      await page.getByTestId('language-select').selectOption(locale);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
      await expect
        .poll(() => page.getByTestId('tile-frt-mix').textContent(), { timeout: 15_000 })
        .toContain(note);
      await expectTilesFit(page);
      await screenshot(page, `headlines-overview-768-${locale}`);
    }
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });

  test("the overview's CSV export has the combined figure and each channel's", async () => {
    const page = await signInAt(1440);
    await page.getByTestId('tile-frt-channels').waitFor();
    const { header, rows, column } = await overviewCsv(page);
    // Every value column names its unit, as units differ by indicator.
    for (const name of [
      'channel',
      'frt_seconds',
      'frt_low_seconds',
      'frt_previous_seconds',
      'frt_change_clear',
      'frt_mix_shift',
      'csat_percent',
      'csat_previous_percent',
      'nps_points',
    ])
      expect(column(name), name).toBeGreaterThan(-1);
    expect(header).not.toContain('value');
    const frt = rows.filter((r) => r[column('frt_seconds')] !== '');
    expect(frt.map((r) => r[column('channel')]).sort()).toEqual(['', 'chat', 'email', 'phone', 'social']);
    const combined = frt.find((r) => r[column('channel')] === '');
    expect(combined?.[column('frt_mix_shift')]).toBe('true');
    expect(Number(combined?.[column('frt_seconds')])).toBeGreaterThan(
      Number(combined?.[column('frt_previous_seconds')]),
    );
    for (const r of frt.filter((x) => x[column('channel')] !== ''))
      expect(Number(r[column('frt_seconds')]), r[column('channel')]).toBeLessThan(
        Number(r[column('frt_previous_seconds')]),
      );
    await page.context().close();
  });

  test('a mix note claims of the channels only what their intervals show', async () => {
    const page = await signInAt(1440);
    await page.getByTestId('tile-frt-channels').waitFor();
    await page.getByTestId('tile-fcr_rate-mix').waitFor();
    const { rows, column } = await overviewCsv(page);
    const combined = rows.find((r) => r[column('channel')] === '') ?? [];
    /** Per channel the tile lists, whether its change is clear. */
    const channelsClear = (kpi: string) =>
      rows
        .filter((r) => r[column('channel')] !== '' && r[column(`${kpi}_change_clear`)] !== '')
        .map((r) => `${r[column('channel')]} ${r[column(`${kpi}_change_clear`)]}`)
        .sort();
    const channels = ['chat', 'email', 'phone', 'social'];

    // First response: every channel got clearly faster, and the note may say so.
    expect(channelsClear('frt')).toEqual(channels.map((c) => `${c} true`));
    expect(await page.getByTestId('tile-frt-mix').textContent()).toContain(
      'The channel mix changed: every channel improved.',
    );

    // First contact resolution: a clear fall overall while every channel rose inside its noise.
    // Still grey — the channels do not back the fall — but "every channel improved" would over-claim.
    expect(combined[column('fcr_rate_mix_shift')]).toBe('true');
    expect(combined[column('fcr_rate_change_clear')]).toBe('true');
    expect(channelsClear('fcr_rate')).toEqual(channels.map((c) => `${c} false`));
    expect(await page.getByTestId('tile-fcr_rate-change').getAttribute('class')).toContain('same');
    const fcrNote = await page.getByTestId('tile-fcr_rate-mix').textContent();
    expect(fcrNote).toContain(
      'The channel mix changed: no channel got worse, but not every channel clearly improved.',
    );
    expect(fcrNote).not.toContain('every channel improved');
    await page.context().close();
  });

  test('while the channels are on their way a change is grey and said to be still judged', async () => {
    const page = await signInAt(1440);
    // Hold the per-channel query until the tile has been read, then let it through.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/kpi/query', async (route) => {
      if (route.request().postData()?.includes('"by":["channel"]')) await held;
      await route.continue();
    });
    await page.reload();
    const change = page.getByTestId('tile-frt-change');
    await change.waitFor();
    expect(await change.getAttribute('class')).toContain('same');
    expect(await change.locator('.visually-hidden').textContent()).toContain('(change still being judged)');
    release();
    await page.getByTestId('tile-frt-mix').waitFor();
    expect(await change.locator('.visually-hidden').textContent()).toContain(
      'not judged: the channel mix changed',
    );
    await page.context().close();
  });

  test('only a clear change on enough contacts is green or red; small samples are marked', async () => {
    const page = await signInAt(1440);
    await page.getByTestId('tile-frt-channels').waitFor();
    const { header, rows, column } = await overviewCsv(page);
    const r = rows.find((x) => x[column('channel')] === '') ?? [];
    const kpis = header.flatMap((name) => /^(.+)_change_clear$/.exec(name)?.[1] ?? []);
    expect(kpis).toContain('csat');
    let unclear = 0;
    for (const kpi of kpis) {
      const change = page.getByTestId(`tile-${kpi}-change`);
      if ((await change.count()) === 0) continue;
      const tone = (await change.getAttribute('class')) ?? '';
      const coloured = /\b(better|worse)\b/.test(tone);
      const enough = Number(r[column(`${kpi}_n`)]) >= 30 && Number(r[column(`${kpi}_previous_n`)]) >= 30;
      if (coloured) {
        expect(r[column(`${kpi}_change_clear`)], kpi).toBe('true');
        expect(enough, kpi).toBe(true);
        expect(r[column(`${kpi}_mix_shift`)], kpi).toBe('false');
      }
      if (
        r[column(`${kpi}_change_clear`)] === 'false' &&
        (await change.getAttribute('data-direction')) !== 'flat'
      ) {
        unclear++;
        expect(tone, kpi).toContain('same');
        if (enough && r[column(`${kpi}_mix_shift`)] === 'false')
          expect(await change.textContent(), kpi).toContain('not a clear change');
      }
    }
    // The demo has changes that are noise; without them the rule above would be untested.
    expect(unclear).toBeGreaterThan(0);

    // The new agent has a handful of survey answers: the tile says it is a small sample.
    await page.goto(`${server.url}/?agent=noah`);
    const csat = page.getByTestId('tile-csat');
    await expect
      .poll(() => csat.locator('.meta').textContent(), { timeout: 15_000 })
      .toContain('small sample');
    await page.context().close();
  });
});
