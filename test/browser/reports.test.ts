import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoDashboard, openDemo, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const PASSWORD = 'reports-password-2026';
const MANAGER = { email: 'lead.reports@example.com', password: PASSWORD };
const AGENT = { email: 'agent.reports@example.com', password: PASSWORD };
const WAIT_MS = 30_000;
const VIEW_NAME = 'Phone this week';

let demo: DemoDashboard;

beforeAll(async () => {
  demo = await openDemo('reports', { contacts: 300, seed: 18 });
  // The other users are made through the API: the database is the running server's.
  const page = await signIn(demo.browser, demo.server.url, ADMIN);
  try {
    const values = (await api(page, 'GET', '/api/filter-values')) as { agent: { id: string }[] };
    const agentId = values.agent[0]?.id;
    expect(agentId).toBeTruthy();
    await api(page, 'POST', '/api/users', { ...MANAGER, role: 'manager' });
    await api(page, 'POST', '/api/users', { ...AGENT, role: 'agent', agentId });
  } finally {
    await page.context().close();
  }
}, 300_000);

afterAll(async () => {
  await demo?.browser.close();
  await demo?.server.stop();
  if (demo) await rm(demo.dir, { recursive: true, force: true });
});

/** A call of the API in the page's session, as the dashboard makes it. */
async function api(page: Page, method: 'POST' | 'GET', path: string, body?: unknown): Promise<unknown> {
  const session = await page.request.get(`${demo.server.url}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const res = await page.request.fetch(`${demo.server.url}${path}`, {
    method,
    headers: { 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { data: body }),
  });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return res.json();
}

/** The weekday, hour and minute of `ms` in `timeZone`. */
function localParts(timeZone: string, ms: number): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The first Monday 08:00 in `timeZone` after `now`, by the hour (both zones here are whole hours from UTC). */
function nextMondayEight(timeZone: string, now: number): number {
  const hourMs = 3_600_000;
  for (let at = Math.ceil(now / hourMs) * hourMs; ; at += hourMs) {
    const local = localParts(timeZone, at);
    if (local.weekday === 'Mon' && local.hour === '08' && local.minute === '00') return at;
  }
}

async function openNav(page: Page, name: string, testId: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByTestId(testId).waitFor({ timeout: WAIT_MS });
}

describe('the Reports and Alerts pages', () => {
  test('an admin schedules a weekly report of a saved view for themselves in Dutch and an outside address in English', async () => {
    const page = await signIn(demo.browser, demo.server.url, ADMIN, { timezoneId: 'Europe/Amsterdam' });
    try {
      await api(page, 'POST', '/api/views', {
        name: VIEW_NAME,
        shared: false,
        page: 'trends',
        state: { period: { preset: 'last7' }, timezone: 'Europe/Amsterdam', filters: { channel: ['phone'] } },
      });
      await openNav(page, 'Reports', 'reports-page');
      const form = page.getByTestId('report-form');
      await form.getByLabel('Name', { exact: true }).fill('Phone team weekly');
      await form.getByLabel('What to send').selectOption({ label: VIEW_NAME });
      await form.getByLabel('How often').selectOption('weekly');
      await form.getByLabel('Weekday').selectOption({ label: 'Monday' });
      await form.getByLabel('Time of sending').fill('08:00');

      const me = form.getByTestId('recipient-0');
      expect(await me.getByLabel('Time zone').inputValue()).toBe('Europe/Amsterdam');
      await me.getByLabel('Language').selectOption('nl');
      await form.getByRole('button', { name: 'Add an outside address' }).click();
      const outside = form.getByTestId('recipient-1');
      await outside.getByLabel('E-mail address').fill('boss@example.org');
      await outside.getByLabel('Language').selectOption('en');
      await outside.getByLabel('Time zone').fill('America/New_York');
      await form.getByTestId('report-save').click();

      const row = page.getByTestId('report-Phone team weekly');
      await row.waitFor({ timeout: WAIT_MS });
      expect(await row.getByRole('rowheader').textContent()).toContain('Phone team weekly');
      expect(await row.getByTestId('report-schedule').textContent()).toMatch(
        /^Every Monday at (08:00|8:00\sAM)$/,
      );
      const recipients = await row.getByTestId('report-recipient').allTextContents();
      expect(recipients).toEqual([
        expect.stringMatching(/^demo@example\.com \(Nederlands, Europe\/Amsterdam\)/),
        expect.stringMatching(/^boss@example\.org \(English, America\/New_York\)/),
      ]);
      // The first of the two sendings, shown in the reader's time zone: Monday 08:00 in Amsterdam,
      // unless that has passed this Monday while 08:00 in New York (14:00 in Amsterdam) has not.
      const next = await row.getByTestId('report-next').textContent();
      const first = Math.min(
        nextMondayEight('Europe/Amsterdam', Date.now()),
        nextMondayEight('America/New_York', Date.now()),
      );
      const hour = Number(localParts('Europe/Amsterdam', first).hour);
      const clock = new RegExp(
        `(^|\\D)(${String(hour).padStart(2, '0')}:00:00|0?${hour % 12 || 12}:00:00\\s${hour < 12 ? 'AM' : 'PM'})`,
      );
      expect(next).toMatch(clock);
      expect(next).toContain('Europe/Amsterdam');

      const stored = (await api(page, 'GET', '/api/reports')) as {
        reports: {
          name: string;
          frequency: string;
          weekday: number;
          recipients: { email: string; locale: string; timezone: string }[];
        }[];
      };
      const report = stored.reports.find((r) => r.name === 'Phone team weekly');
      expect(report).toMatchObject({ frequency: 'weekly', weekday: 1 });
      expect(report?.recipients).toEqual([
        expect.objectContaining({ email: 'demo@example.com', locale: 'nl', timezone: 'Europe/Amsterdam' }),
        expect.objectContaining({ email: 'boss@example.org', locale: 'en', timezone: 'America/New_York' }),
      ]);
      await screenshot(page, 'reports-admin-en');
    } finally {
      await page.context().close();
    }
  });

  test('a manager creates a threshold alert rule and sees it with its condition in words', async () => {
    const page = await signIn(demo.browser, demo.server.url, MANAGER);
    try {
      await openNav(page, 'Alerts', 'alerts-page');
      const form = page.getByTestId('alert-form');
      await form.getByLabel('Name', { exact: true }).fill('CSAT low');
      await form.getByLabel('Kind').selectOption('threshold');
      await form.getByLabel('Indicator').selectOption('csat');
      await form.getByLabel('Alert when').selectOption('below');
      await form.getByLabel('Value', { exact: true }).fill('80');
      await form.getByLabel('At least this many behind the value').fill('30');
      await form.getByLabel('E-mail addresses (comma-separated)').fill('lead@example.com');
      await form.getByTestId('alert-save').click();

      const row = page.getByTestId('alert-CSAT low');
      await row.waitFor({ timeout: WAIT_MS });
      const condition = await row.getByTestId('alert-condition').textContent();
      expect(condition).toMatch(/below 80(\.0)?%/);
      expect(condition).toContain('at least 30');
      await row.getByRole('button', { name: 'Test now CSAT low' }).click();
      await row.getByTestId('alert-check').waitFor({ timeout: WAIT_MS });
      expect(await page.getByTestId('notification-bell').count()).toBe(1);
      await screenshot(page, 'alerts-manager-en');
    } finally {
      await page.context().close();
    }
  });

  test('an agent has Reports but no Alerts, and no notification bell', async () => {
    const page = await signIn(demo.browser, demo.server.url, AGENT);
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Reports', exact: true }).waitFor({ timeout: WAIT_MS });
      expect(await nav.getByRole('link', { name: 'Alerts', exact: true }).count()).toBe(0);
      expect(await page.getByTestId('notification-bell').count()).toBe(0);
      await page.goto(`${demo.server.url}/alerts`);
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(await page.getByTestId('alerts-page').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
