/**
 * The Now page in Chromium, served by `servicemeter serve` on a database whose morning is the real
 * clock's: it changes by itself, without a reload, as a signed Zendesk webhook event arrives.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LOCALES } from '../../web/src/i18n/types.js';
import { zendeskHeaders } from '../support/webhooks.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const ADMIN = { email: 'lead@example.com', password: 'lead-password-2026' };
const SECRET = 'zendesk-signing-secret-of-the-now-test';

let dir: string;
let server: RunningServer;
let browser: Browser;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Two e-mails waiting for a first reply and an agent logged in, all within the last hour. */
async function writeMorning(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const files: Record<string, string> = {
    'calendars.csv': 'id,name,timezone,is_default\nalways,Always,UTC,true\n',
    'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5, 6, 7]
      .map((day) => `always,${day},00:00,24:00`)
      .join('\n')}\n`,
    'teams.csv': 'id,name,calendar_id\nsupport,Support,always\n',
    'agents.csv': 'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\n',
    'contacts.csv': `source,external_id,channel,created_at,team_id,assignee_id,status,subject
mail,m1,email,${minutesAgo(50)},support,,open,Where is my parcel?
mail,m2,email,${minutesAgo(10)},support,ann,open,Wrong size
`,
    'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at
mail,m1,m1a,customer_message,${minutesAgo(50)}
mail,m2,m2a,customer_message,${minutesAgo(10)}
`,
    'agent_status_events.csv': `source,external_id,agent_id,status,occurred_at
pbx,a1,ann,login,${minutesAgo(55)}
`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
}

/** A Zendesk "ticket created" event (its documented shape) for a ticket created a minute ago. */
function ticketCreated(): Uint8Array {
  const created = minutesAgo(1);
  const event = {
    account_id: 22129848,
    detail: {
      actor_id: '2101',
      assignee_id: null,
      brand_id: '360000002',
      created_at: created,
      description: 'The invoice is wrong',
      external_id: null,
      group_id: '360001',
      id: '9001',
      is_public: true,
      organization_id: null,
      priority: 'NORMAL',
      requester_id: '2101',
      status: 'NEW',
      subject: 'The invoice is wrong',
      submitter_id: '2101',
      tags: [],
      type: 'QUESTION',
      updated_at: created,
      via: { channel: 'web_form' },
    },
    event: { meta: { sequence: { id: 'NOWTEST', position: 1 } }, current: { status: 'NEW' } },
    id: '01J0NOWTEST0000000000000001',
    subject: 'zen:ticket:9001',
    time: created,
    type: 'zen:event-type:ticket.created',
    zendesk_event_version: '2022-11-06',
  };
  return new TextEncoder().encode(JSON.stringify(event));
}

/** A Zendesk webhook source, made through the API as an admin would from the Webhooks page. */
async function addZendeskSource(page: Page): Promise<string> {
  const session = await page.request.get(`${server.url}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const created = await page.request.post(`${server.url}/api/webhooks`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { vendor: 'zendesk', secret: SECRET },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-browser-now-'));
  const db = join(dir, 'now.duckdb');
  await writeMorning(join(dir, 'morning'));
  const imported = await runCli(['import', join(dir, 'morning'), '--db', db]);
  expect(imported.code, imported.stderr).toBe(0);
  const added = await runCli(
    ['user', 'add', '--db', db, '--email', ADMIN.email, '--role', 'admin'],
    `${ADMIN.password}\n`,
  );
  expect(added.code, added.stderr).toBe(0);
  server = await serve(db);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Now page', () => {
  test('is first in the navigation and changes by itself as a webhook event arrives', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    const firstLink = page.getByRole('navigation').first().getByRole('link').first();
    expect(await firstLink.textContent()).toBe('Now');
    const sourceId = await addZendeskSource(page);

    // By keyboard: the first link of the navigation is Now.
    await firstLink.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('now-page').waitFor();
    await page.getByTestId('now-connection').getByText('Live').waitFor();
    const open = page.getByTestId('now-tile-open-value');
    expect(await open.textContent()).toBe('2');
    expect(await page.getByTestId('now-tile-agents-value').textContent()).toBe('1');
    // m1 waits 50 minutes against the one-hour e-mail deadline; said in words, not only in colour.
    const m1 = page.getByTestId('now-list-awaiting').getByTestId('now-contact-mail|m1');
    expect(await m1.textContent()).toContain('Within target');
    await screenshot(page, 'now-before-webhook');

    // A mark on the window: a reload would lose it.
    await page.evaluate('window.notReloaded = true');
    const body = ticketCreated();
    const pushed = await fetch(`${server.url}/api/webhooks/zendesk/${sourceId}`, {
      method: 'POST',
      headers: zendeskHeaders(body, SECRET, new Date()),
      body,
    });
    expect(pushed.status, await pushed.text()).toBe(200);

    await open.filter({ hasText: /^3$/ }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.getByTestId('now-list-unassigned').textContent()).toContain('The invoice is wrong');
    await screenshot(page, 'now-after-webhook');
  });

  test('reads in every language', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/now`);
    await page.getByTestId('now-page').waitFor();
    const titles: Record<(typeof LOCALES)[number], string> = {
      en: 'Now',
      nl: 'Nu',
      sv: 'Nu',
      uk: 'Зараз',
      'zh-CN': '实时',
    };
    for (const locale of LOCALES) {
      await page.getByTestId('language-select').selectOption(locale);
      await page.getByRole('heading', { level: 1, name: titles[locale], exact: true }).waitFor();
      await page.getByTestId('now-tiles').waitFor();
      await screenshot(page, `now-${locale}`);
    }
    await page.getByTestId('language-select').selectOption('en');
  });
});
