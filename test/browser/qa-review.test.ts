/**
 * A conversation reviewed in Chromium: a reviewer scores it with the keyboard alone and submits,
 * the agent disputes the review, a manager accepts the dispute with a changed rating (the score
 * changes), and the agent cannot open a colleague's review by typing its address.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createAssignment } from '../../src/services/qa/assignments.js';
import { submitReview } from '../../src/services/qa/reviews.js';
import { createScorecard } from '../../src/services/qa/scorecards.js';
import { PASSWORD, PEOPLE, startTestServer, type TestServer } from '../server/support.js';
import { launchChromium, screenshot, signIn } from './support.js';

const DASHBOARD = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const ADMIN = { email: PEOPLE.admin.email, password: PASSWORD };
const MANAGER = { email: PEOPLE.manager.email, password: PASSWORD };
const ANN = { email: PEOPLE.ann.email, password: PASSWORD };

let ts: TestServer;
let browser: Browser;
/** A review of bob's conversation t2, which ann must not read. */
let colleaguesReviewId = '';

async function userId(db: DuckDbEngine, email: string): Promise<string> {
  const rows = await db.all('SELECT id FROM users WHERE email = $1', [email]);
  const id = rows[0]?.id;
  if (typeof id !== 'string') throw new Error(`no user ${email}`);
  return id;
}

beforeAll(async () => {
  ts = await startTestServer({
    staticDir: DASHBOARD,
    prepare: async (db) => {
      const now = new Date();
      // The fixture keeps no words; the review screen shows them where the source has them.
      await db.run(
        "UPDATE contact_events SET body = 'Hello, where is my parcel? It is late.' WHERE external_id = 'e1'",
      );
      await db.run("UPDATE contact_events SET body = 'I can help with tracking.' WHERE external_id = 'e2'");
      await db.run(
        "UPDATE contact_events SET body = 'Hi! Your parcel left our depot today and arrives tomorrow.' WHERE external_id = 'e3'",
      );
      const scorecard = await createScorecard(
        db,
        {
          id: 'support',
          definition: {
            name: 'Support conversations',
            categories: [
              { id: 'greeting', name: 'Greeting', scale: 'pass_fail', allowNotApplicable: false },
              { id: 'tone', name: 'Tone', scale: '1-5' },
              {
                id: 'solution',
                name: 'Correct solution',
                scale: '1-3',
                critical: true,
                link: 'https://example.com/guide/solutions',
              },
            ],
          },
        },
        null,
        now,
      );
      if (!scorecard.ok) throw new Error(JSON.stringify(scorecard.error));
      // The reviewer is the admin: the manager settles the dispute, and a reviewer does not settle their own.
      const reviewer = await userId(db, PEOPLE.admin.email);
      const manager = await userId(db, PEOPLE.manager.email);
      const assignment = await createAssignment(
        db,
        { contact: { source: 'helpdesk', externalId: 't1' }, reviewerId: reviewer, scorecardId: 'support' },
        now,
      );
      if (!assignment.ok) throw new Error(JSON.stringify(assignment.error));
      const review = await submitReview(
        db,
        { userId: manager, role: 'manager', agentId: null },
        {
          contact: { source: 'helpdesk', externalId: 't2' },
          scorecardId: 'support',
          comment: 'Private words about bob',
          ratings: [
            { categoryId: 'greeting', rating: 1 },
            { categoryId: 'tone', rating: 2, comment: 'Curt' },
            { categoryId: 'solution', rating: 3 },
          ],
        },
        now,
      );
      if (!review.ok) throw new Error(JSON.stringify(review.error));
      colleaguesReviewId = review.data.id;
    },
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ts?.stop();
});

const detailPath = (id: string) => `/qa/reviews/${encodeURIComponent(id)}`;

async function focused(page: Page): Promise<string | null> {
  return (await page.evaluate("document.activeElement?.getAttribute('data-testid') ?? null")) as
    | string
    | null;
}

/** Selects the words of the agent's reply from "Your parcel" on, as a reader would with the mouse. */
const SELECT_AGENT_REPLY = `(() => {
  const body = [...document.querySelectorAll('.qa-turn-body')].find((p) => p.textContent.includes('arrives tomorrow'));
  const text = body.firstChild;
  const range = document.createRange();
  range.setStart(text, text.textContent.indexOf('Your parcel'));
  range.setEnd(text, text.textContent.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
})()`;

let reviewPath = '';

test('a reviewer scores a conversation with the keyboard only and submits it', async () => {
  const page = await signIn(browser, ts.url, ADMIN);
  try {
    await page.goto(`${ts.url}/qa/queue`);
    const open = page.getByRole('link', { name: 'Review conversation helpdesk t1' });
    await open.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('qa-review').waitFor();
    await expect.poll(() => page.getByTestId('qa-turn').count()).toBeGreaterThan(2);
    await expect.poll(() => focused(page)).toBe('qa-category-greeting');

    await page.keyboard.press('?');
    await page.getByTestId('qa-shortcuts').waitFor();
    await page.keyboard.press('?');
    await page.getByTestId('qa-shortcuts').waitFor({ state: 'detached' });

    await page.keyboard.press('p');
    await page.keyboard.press('j');
    expect(await focused(page)).toBe('qa-category-tone');
    await page.keyboard.press('4');
    // Written with the keyboard: c opens the comment, Escape goes back to the category.
    await page.keyboard.press('c');
    await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('TEXTAREA');
    await page.keyboard.type('Friendly, could name the customer.');
    await page.keyboard.press('Escape');
    expect(await focused(page)).toBe('qa-category-tone');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('qa-category-solution');
    // A 1–3 scale takes no 5.
    await page.keyboard.press('5');
    await expect
      .poll(() => page.getByTestId('qa-preview').textContent())
      .toContain('2 of 3 categories rated');
    await page.keyboard.press('2');
    // The words selected in the conversation become the focused category's quote.
    await page.evaluate(SELECT_AGENT_REPLY);
    await page.keyboard.press('q');
    await expect
      .poll(() => page.getByTestId('qa-quote-solution').textContent())
      .toContain('Your parcel left our depot today and arrives tomorrow.');
    await page.getByTestId('qa-category-solution').focus();
    // (1 + 0.75 + 0.5) ÷ 3 = 75 %; the critical category at its pass mark does not fail.
    await expect.poll(() => page.getByTestId('qa-preview').textContent()).toContain('75%');
    await screenshot(page, 'qa-review-screen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/qa\/reviews\/.+/);
    reviewPath = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('qa-detail-score').textContent()).toContain('75%');
    const ratings = await page.getByTestId('qa-ratings').textContent();
    expect(ratings).toContain('Friendly, could name the customer.');
    expect(ratings).toContain('arrives tomorrow');
  } finally {
    await page.context().close();
  }
}, 120_000);

test('the agent disputes the review of their conversation', async () => {
  expect(reviewPath).not.toBe('');
  const page = await signIn(browser, ts.url, ANN);
  try {
    await page.goto(`${ts.url}/qa/reviews`);
    await page.getByTestId('qa-reviews').waitFor();
    await page.getByTestId('qa-reviews').getByRole('link').first().click();
    await page.waitForURL(`**${reviewPath}`);
    await page.getByRole('button', { name: 'Dispute this review' }).click();
    await page.getByLabel('What you dispute').selectOption('solution');
    await page.getByLabel('Reason').fill('The tracking link I sent solved it completely.');
    await page.getByRole('button', { name: 'Send dispute' }).click();
    await expect.poll(() => page.getByTestId('qa-dispute-status').first().textContent()).toBe('open');
    await expect(page.getByRole('button', { name: 'Dispute this review' }).count()).resolves.toBe(0);
  } finally {
    await page.context().close();
  }
}, 120_000);

test('a manager accepts the dispute with a changed rating and the score changes', async () => {
  const page = await signIn(browser, ts.url, MANAGER);
  try {
    await page.goto(`${ts.url}/qa/disputes`);
    await page.getByTestId('qa-disputes').waitFor();
    await page.getByRole('button', { name: 'Settle' }).first().click();
    await page.getByTestId('qa-resolver').waitFor();
    await page.getByLabel('Rating of Correct solution').selectOption('3');
    // (1 + 0.75 + 1) ÷ 3 = 91.7 %
    await expect.poll(() => page.getByTestId('qa-resolver-score').textContent()).toContain('75% → 92%');
    await page.getByLabel('Resolution').fill('Agreed: the link answered the question.');
    await page.getByRole('button', { name: 'Accept and re-score' }).click();
    await page.getByTestId('qa-resolver').waitFor({ state: 'detached' });
    await page.goto(`${ts.url}${reviewPath}`);
    await expect.poll(() => page.getByTestId('qa-detail-score').textContent()).toContain('92%');
    await expect.poll(() => page.getByTestId('qa-dispute-status').first().textContent()).toBe('accepted');
    expect(await page.getByTestId('qa-dispute-change').first().textContent()).toContain('from 75% to 92%');
  } finally {
    await page.context().close();
  }
}, 120_000);

test("the agent cannot open a colleague's review by its address", async () => {
  const page = await signIn(browser, ts.url, ANN);
  try {
    await page.goto(`${ts.url}${detailPath(colleaguesReviewId)}`);
    await expect.poll(() => page.getByText('Review not found.').count()).toBe(1);
    expect(await page.content()).not.toContain('Private words about bob');
    expect(await page.content()).not.toContain('Curt');
    // Nor review the colleague's conversation.
    await page.goto(`${ts.url}/qa/review?source=helpdesk&id=t2`);
    await expect
      .poll(() => page.getByText('This conversation was not found, or it is not yours to review.').count())
      .toBe(1);
  } finally {
    await page.context().close();
  }
}, 120_000);
