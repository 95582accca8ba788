import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('jobs', { contacts: 200, seed: 17 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Switches the signed-in user's language; the choice is saved for the user. */
async function chooseLanguage(page: Page, locale: string): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === locale) return;
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByTestId('language-select').selectOption(locale);
  await saved;
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
}

describe('the Jobs page', () => {
  test('an admin adds a rebuild, runs it, sees it succeed, pauses and removes it', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    // The demo comes with jobs of its own; this test adds and removes its own.
    await page.getByTestId('add-job').waitFor();

    const form = page.getByTestId('add-job');
    await form.getByLabel('Kind').selectOption('rebuild');
    await form.getByLabel('Name (optional)').fill('Weekly test rebuild');
    // The schedules are offered in words.
    await form.getByLabel('When').selectOption({ label: 'Every day at 2:30 AM' });
    await form.getByLabel('Time zone of the schedule').fill('Europe/Amsterdam');
    await form.getByRole('button', { name: 'Add job' }).click();
    await page.getByText('Job “Weekly test rebuild” added.').waitFor();

    const row = page.getByTestId('jobs-table').getByRole('row', { name: /Weekly test rebuild/ });
    await expect
      .poll(() => row.getByTestId('job-schedule').textContent())
      .toBe('Every day at 2:30 AM (Europe/Amsterdam)');
    expect(await row.getByTestId('job-last').textContent()).toBe('Never ran');

    await row.getByRole('button', { name: 'Run now: Weekly test rebuild' }).click();
    await expect
      .poll(() => row.getByTestId('job-last').textContent(), { timeout: 30_000 })
      .toMatch(/^Succeeded /);
    expect(await row.getByTestId('job-attempts').textContent()).toBe('0');

    await row.getByRole('button', { name: 'History: Weekly test rebuild' }).click();
    await expect.poll(() => page.getByTestId('job-history').getByText('Succeeded').count()).toBe(1);
    await screenshot(page, 'jobs-en');

    await row.getByRole('button', { name: 'Pause: Weekly test rebuild' }).click();
    await expect.poll(() => row.getByTestId('job-next').textContent()).toBe('Paused');

    for (const locale of ['nl', 'sv', 'uk', 'zh-CN']) {
      await chooseLanguage(page, locale);
      await expect.poll(() => row.getByTestId('job-next').textContent()).not.toBe('Paused');
      await screenshot(page, `jobs-${locale}`);
    }
    await chooseLanguage(page, 'en');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Remove: Weekly test rebuild' }).click();
    await expect.poll(() => page.getByText('Weekly test rebuild').count()).toBe(0);
  });
});
