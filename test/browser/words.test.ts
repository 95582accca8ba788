import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const PASSWORD = 'words-password-2026';
const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const MANAGER = { email: 'words.lead@example.com', password: PASSWORD };
const AGENT = { email: 'agent@example.com', password: PASSWORD };
/** Long enough for a page and its answers on a busy machine. */
const WAIT_MS = 30_000;
/** Complaints planted in the agent's newest customer messages of one channel, each with an e-mail address. */
const PLANTED = 12;
const complaint = (i: number) =>
  `The parcel arrived dented again (${i}), the box dented on every side. Write to jan.jansen${i}@example.com please.`;
/** A word only a colleague's customers write: the agent must never see it. */
const COLLEAGUE_WORD = 'wobbly';

let dir: string;
let server: RunningServer;
let browser: Browser;
let agentId: string;
let channel: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-words-'));
  const db = join(dir, 'demo.duckdb');
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '600',
    '--seed',
    '19',
    '--replace',
    '--no-serve',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const engine = await openDuckDb({ path: db });
  try {
    // The agent with the most customer messages, and the channel most of them came in by.
    const messages = `FROM contact_events e JOIN contacts c ON c.contact_key = e.contact_key
      LEFT JOIN contact_facts f ON f.contact_key = e.contact_key
      WHERE e.kind = 'customer_message' AND COALESCE(f.channel, c.channel) <> 'social'`;
    const [busiest] = await engine.all(
      `SELECT COALESCE(f.assignee_id, c.assignee_id) AS agent, COALESCE(f.channel, c.channel) AS channel, count(*) AS n
       ${messages} AND COALESCE(f.assignee_id, c.assignee_id) IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1`,
    );
    agentId = String(busiest?.agent);
    channel = String(busiest?.channel);
    expect(Number(busiest?.n)).toBeGreaterThanOrEqual(PLANTED);
    const own = await engine.all(
      `SELECT e.source, e.external_id ${messages} AND COALESCE(f.assignee_id, c.assignee_id) = $1
         AND COALESCE(f.channel, c.channel) = $2 ORDER BY e.occurred_at DESC LIMIT ${PLANTED}`,
      [agentId, channel],
    );
    for (const [i, row] of own.entries())
      await engine.run('UPDATE contact_events SET body = $1 WHERE source = $2 AND external_id = $3', [
        complaint(i),
        row.source,
        row.external_id,
      ]);
    const colleagues = await engine.all(
      `SELECT e.source, e.external_id ${messages} AND COALESCE(f.assignee_id, c.assignee_id) <> $1
         ORDER BY e.occurred_at DESC LIMIT ${PLANTED}`,
      [agentId],
    );
    for (const row of colleagues)
      await engine.run('UPDATE contact_events SET body = $1 WHERE source = $2 AND external_id = $3', [
        `The chair is ${COLLEAGUE_WORD}, so ${COLLEAGUE_WORD} it tips over.`,
        row.source,
        row.external_id,
      ]);
  } finally {
    await engine.close();
  }
  for (const args of [
    ['--email', MANAGER.email, '--role', 'manager'],
    ['--email', AGENT.email, '--role', 'agent', '--agent', agentId],
  ]) {
    const added = await runCli(['user', 'add', '--db', db, ...args], `${PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  server = await serve(db);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openWords(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'What customers say' })
    .click();
  await page.getByTestId('words-page').waitFor({ timeout: WAIT_MS });
}

/** The terms listed in the Topics table, best first. */
async function termsListed(page: Page): Promise<string[]> {
  await page.getByTestId('words-terms-table').waitFor({ timeout: WAIT_MS });
  return page
    .locator('[data-testid="words-terms-table"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-term') ?? ''));
}

describe('the "What customers say" page', () => {
  test('a manager finds a planted complaint, reads its messages masked, and counts a brand attribute; in Chinese too', async () => {
    const admin = await signIn(browser, server.url, ADMIN);
    try {
      await openWords(admin);
      await admin.getByRole('tab', { name: 'Settings' }).click();
      await admin.getByTestId('words-analyse').click();
      await expect
        .poll(() => admin.getByTestId('words-settings-said').textContent(), { timeout: 120_000 })
        .toMatch(/texts read/);
    } finally {
      await admin.context().close();
    }

    const page = await signIn(browser, server.url, MANAGER);
    try {
      await openWords(page);
      expect(await page.getByRole('tab', { name: 'Settings' }).count()).toBe(0);
      await page.getByTestId('words-focus').selectOption(`channel:${channel}`);
      await expect.poll(() => new URL(page.url()).searchParams.get('focus')).toBe(`channel:${channel}`);
      await expect
        .poll(async () => (await termsListed(page)).slice(0, 5).some((t) => t.startsWith('dent')), {
          timeout: WAIT_MS,
        })
        .toBe(true);
      await screenshot(page, 'words-topics-manager-en');
      const dented = page.locator('[data-testid="words-terms-table"] tbody tr[data-term^="dent"]').first();
      await dented.getByTestId('words-term-messages').click();
      await page.getByTestId('words-messages-list').waitFor({ timeout: WAIT_MS });
      expect(new URL(page.url()).searchParams.get('tab')).toBe('messages');
      const first = page.getByTestId('words-message').first();
      expect((await first.locator('mark').allTextContents()).map((m) => m.toLowerCase())).toContain('dented');
      const text = (await first.locator('.words-message-text').textContent()) ?? '';
      expect(text).toContain('[e-mail]');
      expect(text).not.toContain('@example.com');
      expect(await page.getByTestId('words-narrowed').textContent()).toContain('dent');
      await screenshot(page, 'words-messages-manager-en');

      await page.getByRole('tab', { name: 'Brand' }).click();
      await page.getByTestId('words-attribute-add').click();
      const attribute = page.getByTestId('words-attribute').last();
      await attribute.getByLabel('Name').fill('Damaged parcels');
      await attribute.getByLabel('Image').selectOption('feared');
      await attribute.getByLabel('Words in English').fill('dented, crushed');
      await page.getByTestId('words-attributes-save').click();
      await page.getByTestId('words-attributes-saved').waitFor({ timeout: WAIT_MS });
      const row = page.locator('[data-testid="words-profile-feared"] tr[data-attribute="Damaged parcels"]');
      await row.waitFor({ timeout: WAIT_MS });
      const mentions = Number(
        ((await row.getByTestId('words-attribute-mentions').textContent()) ?? '').replace(/\D/g, ''),
      );
      expect(mentions).toBeGreaterThanOrEqual(1);

      await page.getByTestId('language-select').selectOption('zh-CN');
      await page.getByRole('heading', { name: '客户之声' }).waitFor({ timeout: WAIT_MS });
      for (const label of ['话题', '语气', '品牌', '消息'])
        await page.getByRole('tab', { name: label }).waitFor();
      await page.getByText('提及次数').first().waitFor({ timeout: WAIT_MS });
      await screenshot(page, 'words-brand-manager-zh-CN');
      await page.getByTestId('language-select').selectOption('en');
    } finally {
      await page.context().close();
    }
  });

  test('an agent reads their own customers’ words only', async () => {
    const page = await signIn(browser, server.url, AGENT);
    try {
      await openWords(page);
      await page.getByTestId('words-own-note').waitFor();
      const terms = await termsListed(page);
      expect(terms.length).toBeGreaterThan(0);
      expect(terms.some((t) => t.startsWith('wobbl'))).toBe(false);
      await page.getByRole('tab', { name: 'Messages' }).click();
      await page.getByTestId('words-messages-list').waitFor({ timeout: WAIT_MS });
      const agents = await page
        .getByTestId('words-message')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-agent')));
      expect(agents.length).toBeGreaterThan(0);
      expect(new Set(agents)).toEqual(new Set([agentId]));
      expect(await page.getByTestId('words-messages-list').textContent()).not.toContain(COLLEAGUE_WORD);
    } finally {
      await page.context().close();
    }
  });
});
