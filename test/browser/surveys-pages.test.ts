/**
 * Customers answering the survey pages in Chromium: with and without script, on a phone-sized
 * screen, in Chinese and Ukrainian, through a personal link and a public link.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { surveyTemplate } from '../../src/core/surveys/templates.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { personalLink } from '../../src/services/surveys/invitations.js';
import { createSurvey } from '../../src/services/surveys/store.js';
import { startTestServer, type TestServer } from '../server/support.js';
import { launchChromium, screenshot } from './support.js';

/** The CSAT question: the other star ratings (per dimension) have the same names for their stars. */
const firstQuestion = (page: Page) => page.getByRole('group', { name: /^1\. / });

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};

let ts: TestServer;
let db: DuckDbEngine;
let browser: Browser;
let surveyId = '';
const tokens: Record<'zh' | 'uk' | 'public', string> = { zh: '', uk: '', public: '' };

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (database) => {
      db = database;
      const created = await createSurvey(
        database,
        {
          name: 'After a contact',
          definition: {
            ...surveyTemplate('post_contact'),
            branding: { colour: '#ffcc00', senderName: 'Acme' },
          },
          settings: { publicSources: ['contact-page'] },
        },
        null,
        new Date(),
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      surveyId = created.data.id;
      for (const [key, language] of [
        ['zh', 'zh-CN'],
        ['uk', 'uk'],
      ] as const) {
        const link = await personalLink(
          database,
          surveyId,
          { source: 'helpdesk', externalId: 't1' },
          { language },
          new Date(),
        );
        if (!link.ok) throw new Error(JSON.stringify(link.error));
        tokens[key] = link.data.token;
      }
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await ts?.stop();
});

async function storedScore(invitationId: string): Promise<number | null> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // The invitation's row is there from its sending on; the answer fills its score once processed.
    const rows = await db.all(
      'SELECT score FROM survey_responses WHERE invitation_id = $1 AND question_id IS NULL AND score IS NOT NULL',
      [invitationId],
    );
    if (rows.length > 0 || Date.now() > deadline) return rows[0] ? Number(rows[0].score) : null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('in Chinese on a phone, with script: the answer is sent with fetch and thanked without a reload', async () => {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  const url = `${ts.url}/s/${tokens.zh}`;
  await page.goto(url);
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  await firstQuestion(page).getByRole('radio', { name: '5 星中的 4 星' }).check();
  await page
    .getByLabel(/您还有什么想告诉我们的吗/)
    .first()
    .fill('很好，谢谢');
  // No horizontal scrolling on a phone.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await screenshot(page, 'survey-page-zh-CN-phone');
  await page.getByRole('button', { name: '提交' }).click();
  await expect.poll(() => page.getByRole('heading', { name: '谢谢！' }).count()).toBe(1);
  expect(page.url()).toBe(url);
  expect(violations).toEqual([]);
  await screenshot(page, 'survey-thanks-zh-CN-phone');
  expect(await storedScore(tokens.zh.split('.')[0] ?? '')).toBe(4);
  await context.close();
});

test('in Ukrainian on a phone, without script: the form posts, errors show next to the question, then thanks', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: 'uk-UA' });
  const page = await context.newPage();
  await page.goto(`${ts.url}/s/${tokens.uk}`);
  expect(await page.getAttribute('html', 'lang')).toBe('uk');
  await page.getByRole('button', { name: 'Надіслати' }).click();
  await page.waitForURL(`${ts.url}/s/${tokens.uk}`);
  const error = page.locator('#e-csat');
  await expect.poll(() => error.textContent()).toBe('Будь ласка, дайте відповідь на це запитання.');
  // The message is part of the first star's description.
  const star = firstQuestion(page).getByRole('radio', { name: '1 з 5 зірок' });
  expect(await star.getAttribute('aria-describedby')).toContain('e-csat');
  await screenshot(page, 'survey-page-uk-error-no-script');
  await firstQuestion(page).getByRole('radio', { name: '2 з 5 зірок' }).check();
  await page.getByRole('button', { name: 'Надіслати' }).click();
  await page.waitForURL(/\/thanks\?lang=uk$/);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Дякуємо!');
  expect(await storedScore(tokens.uk.split('.')[0] ?? '')).toBe(2);
  await context.close();
});

test('a public link with script: the proof of work is found in the page and the answer stored with its source', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${ts.url}/s/p/${surveyId}/contact-page`);
  await firstQuestion(page).getByRole('radio', { name: '5 of 5 stars' }).check();
  // Keyboard: the focused star shows a visible outline.
  await firstQuestion(page).getByRole('radio', { name: '5 of 5 stars' }).focus();
  await page.keyboard.press('ArrowLeft');
  const outline = await page.evaluate<string>(
    'getComputedStyle(document.activeElement.nextElementSibling).outlineStyle',
  );
  expect(outline).toBe('solid');
  await screenshot(page, 'survey-public-link-desktop');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(() => page.getByRole('heading', { name: 'Thank you!' }).count(), { timeout: 20_000 })
    .toBe(1);
  const deadline = Date.now() + 20_000;
  let rows: Record<string, unknown>[] = [];
  while (rows.length === 0 && Date.now() < deadline) {
    rows = await db.all(
      "SELECT score, via, source_label FROM survey_responses WHERE via = 'public' AND question_id IS NULL",
    );
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(rows).toEqual([{ score: 4, via: 'public', source_label: 'contact-page' }]);
  await context.close();
});
