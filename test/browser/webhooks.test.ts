import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRESHDESK_BODY_TEMPLATE, FRESHDESK_SECRET_HEADER } from '../../src/ingest/webhooks/freshdesk.js';
import { webhookFixture, zendeskHeaders } from '../support/webhooks.js';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const ZENDESK_SECRET = 'zendesk-signing-secret-of-the-browser-test';

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('webhooks', { contacts: 200, seed: 13 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A Freshdesk "Trigger webhook" body as the template renders it, for a ticket updated just now. */
function freshdeskBody(ticket: string): string {
  const now = `${new Date().toISOString().slice(0, 19).replace('T', ' ')} +0000`;
  return JSON.stringify({
    ticket_id: ticket,
    updated_at: now,
    created_at: now,
    status: 'Open',
    status_changed_at: now,
    source: 'Email',
    priority: 'High',
    type: 'Problem',
    group: 'Support',
    agent: '',
    requester_id: '48000000009',
    requester_email: 'gert@example.org',
    tags: '',
    triggered_event: '',
  });
}

/** Presses Tab until `matches` says the focus is where it should be. */
async function tabTo(page: Page, matches: () => Promise<boolean>, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await matches()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the element was never reached with Tab');
}

function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
}

/** The text of the label of the element with the focus. */
async function focusedLabel(page: Page): Promise<string> {
  const id = await page.locator(':focus').getAttribute('id');
  return id ? ((await page.locator(`label[for="${id}"]`).textContent()) ?? '').trim() : '';
}

describe('the Webhooks page', () => {
  test('an admin adds a Freshdesk source by keyboard, copies the secret, and sees the first event arrive', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

    // The page is in the main navigation, for admins.
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

    // Add the source with the keyboard only: the helpdesk by typing its first letter, then Tab.
    await page.getByLabel('Helpdesk').focus();
    await page.keyboard.press('f');
    await expect.poll(() => page.getByLabel('Helpdesk').inputValue()).toBe('freshdesk');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Source name (optional)');
    await page.keyboard.type('freshdesk-web');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Add a source');
    await page.keyboard.press('Enter');

    const created = page.getByTestId('new-webhook-source');
    await created.waitFor();
    await expect.poll(() => created.textContent()).toContain('Copy the secret now: it is not shown again.');
    const url = (await page.getByTestId('new-webhook-url').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${server.url}/api/webhooks/freshdesk/[\\w-]+$`));
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // The Freshdesk rule's body and header are there to copy.
    expect(await created.getByTestId('body-template-freshdesk').textContent()).toBe(FRESHDESK_BODY_TEMPLATE);
    expect(await created.textContent()).toContain(FRESHDESK_SECRET_HEADER);

    // The focus moves to what was made; the URL's and the secret's copy buttons come next.
    expect(await created.evaluate((notice) => notice === notice.ownerDocument.activeElement)).toBe(true);
    await tabTo(page, async () => (await focusedText(page)) === 'Copy secret', 3);
    await page.keyboard.press('Enter');
    await created.getByText('Copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    await screenshot(page, 'webhooks-added-en');

    // The list shows the source, waiting for its first request.
    const row = page.getByTestId('webhooks-table').locator('tbody tr').filter({ hasText: 'freshdesk-web' });
    expect(await row.getByTestId('last-event').textContent()).toBe('none yet');

    // Freshdesk's request, with the copied secret in its header, posted to the URL shown.
    const reply = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FRESHDESK_SECRET_HEADER]: secret },
      body: freshdeskBody('9001'),
    });
    expect(reply.status).toBe(200);

    // The page reads the list again by itself: the time and outcome of the event appear.
    await expect
      .poll(() => row.getByTestId('last-event').textContent(), { timeout: 15_000 })
      .toMatch(/accepted$/);
    expect(await row.getByTestId('event-counts').textContent()).toContain('1 accepted, 0 refused');
    expect(await row.getByTestId('last-event').textContent()).toMatch(/\d{1,2}:\d{2}:\d{2}/);

    // A request with another secret is refused, and the page says why.
    const refused = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FRESHDESK_SECRET_HEADER]: 'not-the-secret' },
      body: freshdeskBody('9002'),
    });
    expect(refused.status).toBe(401);
    await page.getByRole('button', { name: 'Refresh' }).press('Enter');
    await expect
      .poll(() => row.getByTestId('last-event').textContent(), { timeout: 15_000 })
      .toContain('refused');
    expect(await row.getByTestId('last-event').textContent()).toContain(
      `Reason: ${FRESHDESK_SECRET_HEADER} is not this source's secret`,
    );
    await screenshot(page, 'webhooks-list-en');

    // A new secret is asked for, confirmed, and shown once; the old one stops working.
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Make a new secret' }).press('Enter');
    const rotated = page.getByTestId('new-webhook-secret');
    await rotated.waitFor();
    const newSecret = (await rotated.getByTestId('webhook-secret').textContent()) ?? '';
    expect(newSecret).not.toBe(secret);
    const withOld = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FRESHDESK_SECRET_HEADER]: secret },
      body: freshdeskBody('9003'),
    });
    expect(withOld.status).toBe(401);

    // Removing asks first; dismissing keeps the source.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await row.getByRole('button', { name: /^Remove/ }).press('Enter');
    await row.waitFor();
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Remove source freshdesk-web?');
      void dialog.accept();
    });
    await row.getByRole('button', { name: /^Remove/ }).press('Enter');
    await row.waitFor({ state: 'detached' });
    await page.context().close();
  });

  test('for a vendor that makes its own secret the form asks for it, and the page shows no secret of its own', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/webhooks`);
    await page.getByLabel('Helpdesk').selectOption('zendesk');
    await page.getByLabel('Zendesk’s secret (optional)').fill('zendesk-signing-secret-0123');
    await page.getByRole('button', { name: 'Add a source' }).click();
    const created = page.getByTestId('new-webhook-source');
    await created.waitFor();
    expect(await created.textContent()).toContain('Zendesk’s secret is stored.');
    expect(await created.getByTestId('webhook-secret').count()).toBe(0);
    expect(await created.textContent()).toContain('Apps and integrations → Webhooks');
    const url = (await page.getByTestId('new-webhook-url').textContent()) ?? '';

    // Zendesk's secret replaced with the one it shows: requests it signs are accepted.
    const row = page.getByTestId('webhooks-table').locator('tbody tr').filter({ hasText: 'zendesk' });
    await row.getByText('Replace secret').click();
    await row.getByLabel('New secret from Zendesk').fill(ZENDESK_SECRET);
    await row.getByLabel('New secret from Zendesk').press('Enter');
    await page.getByText('Secret of zendesk replaced.').waitFor();
    const body = webhookFixture('zendesk', 'ticket-created.json');
    const reply = await fetch(url, {
      method: 'POST',
      headers: zendeskHeaders(body, ZENDESK_SECRET, new Date()),
      body,
    });
    expect(reply.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => row.getByTestId('last-event').textContent()).toMatch(/accepted$/);

    // The other languages show the page in their words.
    const headings: Record<string, string> = {
      nl: 'Bron toevoegen',
      sv: 'Lägg till en källa',
      uk: 'Додати джерело',
      'zh-CN': '添加来源',
    };
    for (const [locale, heading] of Object.entries(headings)) {
      await page.getByTestId('language-select').selectOption(locale);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await screenshot(page, `webhooks-${locale}`);
    }
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });
});
