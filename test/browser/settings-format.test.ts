import { rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('settings', { contacts: 800, seed: 3 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Stored {
  thresholds: { metric: string; channel: string; teamId: string | null; seconds: number }[];
  targets: { kpi: string; channel: string | null; value: number }[];
}

function stored(page: Page): Promise<Stored> {
  return page.evaluate(async () => (await (await fetch('/api/settings')).json()) as Stored);
}

/** The values of a rule table's selects and inputs, one array per row. */
function rowValues(form: Locator): Promise<string[][]> {
  return form
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('select, input')].map((e) => (e as unknown as { value: string }).value),
      ),
    );
}

/** The row number (from 1) of the e-mail first-response deadline for all teams. */
async function emailDeadlineRow(form: Locator): Promise<number> {
  const rows = await form
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('select')].map((s) => (s as unknown as { value: string }).value),
      ),
    );
  const index = rows.findIndex(
    ([metric, channel, team]) => metric === 'frt' && channel === 'email' && team === '',
  );
  expect(index, 'the demo sets an e-mail first-response deadline').toBeGreaterThanOrEqual(0);
  return index + 1;
}

async function setEmailDeadline(page: Page, text: string): Promise<Locator> {
  await page.goto(`${server.url}/settings?tab=thresholds`);
  const form = page.getByTestId('thresholds-form');
  await form.waitFor();
  const field = form.getByLabel(`First-response deadline of row ${await emailDeadlineRow(form)}`);
  await field.fill(text);
  await form.getByRole('button', { name: 'Save' }).click();
  await page
    .getByRole('status')
    .getByText(/rebuilt/i)
    .waitFor();
  return field;
}

/** met or missed, as the e-mail overview's "first response within target" tile says. */
async function emailTileStatus(page: Page): Promise<{ status: string; text: string }> {
  await page.goto(`${server.url}/?channel=email`);
  const status = page.getByTestId('tile-frt_within_target').locator('.status');
  await status.waitFor();
  return {
    status: (await status.getAttribute('class'))?.includes('missed') ? 'missed' : 'met',
    text: (await status.textContent()) ?? '',
  };
}

describe('targets entered in the reader’s units', () => {
  test('a first-response deadline typed as 90 min is kept as 5400 s, shown back as 1 hr 30 min and judged by the tiles', async () => {
    const page = await signIn(browser, server.url, ADMIN);

    // A number without a unit is refused, naming the field and what is missing.
    await page.goto(`${server.url}/settings?tab=thresholds`);
    const thresholds = page.getByTestId('thresholds-form');
    await thresholds.waitFor();
    const row = await emailDeadlineRow(thresholds);
    const deadline = thresholds.getByLabel(`First-response deadline of row ${row}`);
    expect(await deadline.inputValue()).toBe('1 hr');
    await deadline.fill('90');
    await thresholds.getByRole('button', { name: 'Save' }).click();
    await thresholds
      .getByText(
        `First-response deadline of row ${row}: add a unit to 90 (s, min, h or d), for example 1 hr 30 min.`,
      )
      .waitFor();
    expect((await stored(page)).thresholds).toContainEqual(
      expect.objectContaining({ metric: 'frt', channel: 'email', teamId: null, seconds: 3600 }),
    );

    await setEmailDeadline(page, '90 min');
    await page.reload();
    await thresholds.waitFor();
    expect(await thresholds.getByLabel(`First-response deadline of row ${row}`).inputValue()).toBe(
      '1 hr 30 min',
    );
    expect((await stored(page)).thresholds).toContainEqual(
      expect.objectContaining({ metric: 'frt', channel: 'email', teamId: null, seconds: 5400 }),
    );

    // A share's target is typed in percent and stored as a fraction.
    await page.goto(`${server.url}/settings?tab=targets`);
    const targets = page.getByTestId('targets-form');
    await targets.waitFor();
    const n = (await targets.locator('tbody tr').count()) + 1;
    await targets.getByRole('button', { name: 'Add target' }).click();
    await targets.getByLabel(`Indicator of row ${n}`).selectOption('frt_within_target');
    await targets.getByLabel(`Channel of row ${n}`).selectOption('email');
    await targets.getByLabel(`Target of row ${n}`).fill('85');
    // The row says which deadline its share is measured against.
    await targets
      .locator('tbody tr')
      .nth(n - 1)
      .getByText(/within their first-response deadline \(E-?mail 1 hr 30 min/i)
      .waitFor();
    await targets.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.', { exact: true }).waitFor();
    expect((await stored(page)).targets).toContainEqual({
      kpi: 'frt_within_target',
      channel: 'email',
      value: 0.85,
    });
    await page.reload();
    await targets.waitFor();
    expect(await rowValues(targets)).toContainEqual(['frt_within_target', 'email', '85']);
    await screenshot(page, 'settings-targets-en');

    // The tile judges the share measured with the deadline: all in time within a year, none within a second.
    await setEmailDeadline(page, '365 d');
    expect(await emailTileStatus(page)).toEqual({ status: 'met', text: 'Target 85.0% met' });
    await setEmailDeadline(page, '1 s');
    expect(await emailTileStatus(page)).toEqual({ status: 'missed', text: 'Target 85.0% missed' });
    await page.context().close();
  });

  test('a duration target is typed as a time and a share outside 0–100 % is refused by name', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/settings?tab=targets`);
    const targets = page.getByTestId('targets-form');
    await targets.waitFor();
    const n = (await targets.locator('tbody tr').count()) + 1;
    await targets.getByRole('button', { name: 'Add target' }).click();
    await targets.getByLabel(`Indicator of row ${n}`).selectOption('frt');
    await targets.getByLabel(`Channel of row ${n}`).selectOption('social');
    // A median goal, told apart from the per-contact deadline.
    await targets
      .locator('tbody tr')
      .nth(n - 1)
      .getByText(/Target for the median first response/)
      .waitFor();
    await targets.getByLabel(`Target of row ${n}`).fill('1 h 5 min');
    await targets.getByRole('button', { name: 'Add target' }).click();
    await targets.getByLabel(`Indicator of row ${n + 1}`).selectOption('csat');
    await targets.getByLabel(`Channel of row ${n + 1}`).selectOption('phone');
    await targets.getByLabel(`Target of row ${n + 1}`).fill('120');
    await targets.getByText(`Target of row ${n + 1}: a percentage from 0 to 100.`).waitFor();
    await targets.getByRole('button', { name: 'Save' }).click();
    expect((await stored(page)).targets).not.toContainEqual(
      expect.objectContaining({ kpi: 'frt', channel: 'social' }),
    );
    await targets.getByLabel(`Target of row ${n + 1}`).fill('90');
    await targets.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.', { exact: true }).waitFor();
    const saved = (await stored(page)).targets;
    expect(saved).toContainEqual({ kpi: 'frt', channel: 'social', value: 3900 });
    expect(saved).toContainEqual({ kpi: 'csat', channel: 'phone', value: 0.9 });
    // Rows come back in the server's order.
    await page.reload();
    await targets.waitFor();
    const values = await rowValues(targets);
    expect(values).toContainEqual(['frt', 'social', '1 hr 5 min']);
    expect(values).toContainEqual(['csat', 'phone', '90']);
    await page.context().close();
  });

  test('in Ukrainian a deadline is shown, typed and refused in Ukrainian words', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/settings?tab=thresholds`);
    await page.getByTestId('language-select').selectOption('uk');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('uk');
    const form = page.getByTestId('thresholds-form');
    await form.waitFor();
    const row = await emailDeadlineRow(form);
    const deadline = form.getByLabel(`Термін першої відповіді в рядку ${row}`);
    await deadline.fill('5 хвилинок');
    await deadline.blur();
    await form
      .getByText(`Термін першої відповіді в рядку ${row}: «хвилинок» — не одиниця часу`, { exact: false })
      .waitFor();
    await deadline.fill('2 год 15 хв');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page
      .getByRole('status')
      .getByText(/перераховано/i)
      .waitFor();
    await page.reload();
    await form.waitFor();
    expect((await deadline.inputValue()).replace(/\u00a0/g, ' ')).toBe('2 год 15 хв');
    expect((await stored(page)).thresholds).toContainEqual(
      expect.objectContaining({ metric: 'frt', channel: 'email', teamId: null, seconds: 8100 }),
    );
    await screenshot(page, 'settings-thresholds-uk');
    // The language is the user's: back to English for whoever signs in next.
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });
});
