import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { closeCalibrationSession, createCalibrationSession } from '../../src/services/qa/calibration.js';
import { createCoachingSession } from '../../src/services/qa/coaching.js';
import { submitReview } from '../../src/services/qa/reviews.js';
import { createScorecard } from '../../src/services/qa/scorecards.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const PASSWORD = 'quality-password-2026';
const COACH = { email: 'coach@example.com', password: PASSWORD };
const SECOND_REVIEWER = { email: 'reviewer@example.com', password: PASSWORD };
const AGENT = { email: 'agent@example.com', password: PASSWORD };
const VIEWER = { email: 'viewer@example.com', password: PASSWORD };
const SESSION_NAME = 'November calibration';
const OWN_NOTES = 'Greet by name and close with a summary';
const COLLEAGUE_NOTES = 'Notes about a colleague only their coach may read';

let dir: string;
let server: RunningServer;
let browser: Browser;
let coachId: string;
let agentId: string;
/** The ISO week the sample is drawn from. */
let week: string;

/** `YYYY-Www` of a day, as ISO 8601 numbers weeks (Monday first, week 1 holds the first Thursday). */
function isoWeek(day: Date): string {
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const number = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(number).padStart(2, '0')}`;
}

function instant(value: unknown): Date {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T').replace(/Z?$/, 'Z')}`);
}

/**
 * Through the services a server uses: a closed calibration session two reviewers took part in,
 * and a coaching session for each of two agents.
 */
async function seed(path: string): Promise<void> {
  const engine = await openDuckDb({ path });
  try {
    const users = await engine.all('SELECT id, email FROM users');
    const idOf = (email: string) => String(users.find((u) => u.email === email)?.id ?? '');
    coachId = idOf(COACH.email);
    const reviewerId = idOf(SECOND_REVIEWER.email);
    const [newest] = await engine.all(
      'SELECT max(created_at) AS at FROM contacts WHERE assignee_id IS NOT NULL',
    );
    const now = instant(newest?.at);
    const contacts = await engine.all(
      `SELECT source, external_id FROM contacts WHERE assignee_id IS NOT NULL AND status IN ('solved', 'closed')
       ORDER BY created_at, external_id LIMIT 3`,
    );
    expect(contacts).toHaveLength(3);
    const scorecard = await createScorecard(
      engine,
      {
        id: 'calibration-card',
        definition: {
          name: 'Calibration card',
          categories: [
            { id: 'accuracy', name: 'Accuracy', scale: 'pass_fail', critical: true },
            { id: 'tone', name: 'Tone', scale: '1-5' },
          ],
        },
      },
      coachId,
      now,
    );
    if (!scorecard.ok) throw new Error(`seed scorecard: ${JSON.stringify(scorecard.error)}`);
    const refs = contacts.map((c) => ({ source: String(c.source), externalId: String(c.external_id) }));
    const session = await createCalibrationSession(
      engine,
      {
        name: SESSION_NAME,
        scorecardId: scorecard.data.id,
        reviewers: [coachId, reviewerId],
        contacts: refs,
        referenceReviewerId: coachId,
      },
      coachId,
      now,
    );
    if (!session.ok) throw new Error(`seed calibration: ${JSON.stringify(session.error)}`);
    // The two reviewers agree on accuracy everywhere and on tone for all but the last conversation.
    for (const [reviewer, tones] of [
      [coachId, [5, 4, 2]],
      [reviewerId, [5, 4, 4]],
    ] as const) {
      for (const [i, contact] of refs.entries()) {
        const review = await submitReview(
          engine,
          { userId: reviewer, role: 'manager', agentId: null },
          {
            contact,
            scorecardId: scorecard.data.id,
            kind: 'calibration',
            calibrationSessionId: session.data.id,
            ratings: [
              { categoryId: 'accuracy', rating: 1 },
              { categoryId: 'tone', rating: tones[i] ?? 3 },
            ],
          },
          now,
        );
        if (!review.ok) throw new Error(`seed calibration review: ${JSON.stringify(review.error)}`);
      }
    }
    const closed = await closeCalibrationSession(engine, session.data.id, now);
    if (!closed.ok) throw new Error(`close calibration: ${JSON.stringify(closed.error)}`);
    // The demo reviews its newest weeks itself: the sample comes from the newest week with a
    // conversation neither assigned nor reviewed yet.
    const [free] = await engine.all(
      `SELECT max(c.created_at) AS at FROM contacts c WHERE c.assignee_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM qa_assignments a WHERE a.contact_source = c.source AND a.contact_external_id = c.external_id)
       AND NOT EXISTS (SELECT 1 FROM qa_reviews r WHERE r.contact_source = c.source AND r.contact_external_id = c.external_id)`,
    );
    week = isoWeek(instant(free?.at));

    const agents = await engine.all(
      'SELECT DISTINCT assignee_id AS id FROM contacts WHERE assignee_id IS NOT NULL ORDER BY 1 LIMIT 2',
    );
    expect(agents).toHaveLength(2);
    agentId = String(agents[0]?.id);
    for (const [agent, notes] of [
      [agentId, OWN_NOTES],
      [String(agents[1]?.id), COLLEAGUE_NOTES],
    ] as const) {
      const coaching = await createCoachingSession(
        engine,
        { agentId: agent, notes, actions: [{ text: `Action for ${agent}` }], followUpOn: '2026-12-20' },
        coachId,
        now,
      );
      if (!coaching.ok) throw new Error(`seed coaching: ${JSON.stringify(coaching.error)}`);
    }
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-qa-manage-'));
  const db = join(dir, 'demo.duckdb');
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '150',
    '--seed',
    '15',
    '--replace',
    '--no-serve',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const [firstAgent] = (
    await (async () => {
      const engine = await openDuckDb({ path: db });
      try {
        return await engine.all(
          'SELECT DISTINCT assignee_id AS id FROM contacts WHERE assignee_id IS NOT NULL ORDER BY 1 LIMIT 1',
        );
      } finally {
        await engine.close();
      }
    })()
  ).map((r) => String(r.id));
  for (const args of [
    ['--email', COACH.email, '--role', 'manager'],
    ['--email', SECOND_REVIEWER.email, '--role', 'manager'],
    ['--email', AGENT.email, '--role', 'agent', '--agent', firstAgent ?? ''],
    ['--email', VIEWER.email, '--role', 'viewer'],
  ]) {
    const added = await runCli(['user', 'add', '--db', db, ...args], `${PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  await seed(db);
  expect(agentId).toBe(firstAgent);
  server = await serve(db);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the quality coach’s pages', () => {
  test('a coach builds a scorecard with a critical category, saves it, edits it into version 2', async () => {
    const page = await signIn(browser, server.url, COACH);
    await page.getByRole('navigation').getByRole('link', { name: 'Quality' }).click();
    await page.goto(`${server.url}/qa/scorecards`);
    await page.getByRole('heading', { name: 'Scorecards', level: 1 }).waitFor();
    await page.getByTestId('new-scorecard').click();
    await page.getByTestId('scorecard-editor').waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Chat quality');
    await page.getByLabel('Category name', { exact: true }).fill('Correct answer');
    await page.getByTestId('category-0').getByLabel('Scale', { exact: true }).selectOption('pass_fail');
    await page.getByTestId('category-0-critical').check();
    await page.getByRole('button', { name: 'Add category' }).click();
    await page.getByTestId('category-1').getByLabel('Category name', { exact: true }).fill('Tone of voice');
    await page.getByTestId('category-1').getByLabel('Weight', { exact: true }).fill('2');
    await screenshot(page, 'qa-scorecard-editor');
    await page.getByTestId('save-scorecard').click();

    await expect.poll(() => page.getByTestId('scorecard-facts').textContent()).toContain('version 1');
    const scorecardId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3] ?? '');
    expect(scorecardId).not.toBe('');
    const first = await page.request.get(
      `${server.url}/api/qa/scorecards/${encodeURIComponent(scorecardId)}`,
    );
    expect(first.status()).toBe(200);
    const created = (await first.json()) as {
      version: number;
      definition: { categories: { id: string; critical: boolean; scale: string; weight: number }[] };
    };
    expect(created.version).toBe(1);
    expect(created.definition.categories).toEqual([
      expect.objectContaining({ id: 'correct_answer', critical: true, scale: 'pass_fail' }),
      expect.objectContaining({ id: 'tone_of_voice', critical: false, weight: 2 }),
    ]);

    // A saved category keeps its id when renamed; the change is the next version.
    await page.getByTestId('category-1').getByLabel('Category name', { exact: true }).fill('Tone');
    await page.getByTestId('category-1').getByLabel('Weight', { exact: true }).fill('3');
    await page.getByTestId('save-scorecard').click();
    await expect.poll(() => page.getByTestId('scorecard-saved').textContent()).toContain('version 2');
    await expect.poll(() => page.getByTestId('scorecard-versions').locator('li').count()).toBe(2);
    const second = (await (
      await page.request.get(`${server.url}/api/qa/scorecards/${encodeURIComponent(scorecardId)}`)
    ).json()) as {
      version: number;
      definition: { categories: { id: string; name: string; weight: number }[] };
    };
    expect(second.version).toBe(2);
    expect(second.definition.categories[1]).toMatchObject({ id: 'tone_of_voice', name: 'Tone', weight: 3 });

    await page.goto(`${server.url}/qa/scorecards`);
    await expect
      .poll(() => page.getByTestId(`scorecard-${scorecardId}`).textContent())
      .toContain('Chat quality');
    await page.context().close();
  });

  test('a coach makes a sampling rule, previews a week’s draw, draws it, and the assignments are there', async () => {
    const page = await signIn(browser, server.url, COACH);
    await page.goto(`${server.url}/qa/sampling`);
    await page.getByRole('heading', { name: 'Sampling and goals', level: 1 }).waitFor();
    await page.getByTestId('new-rule').click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Coach’s weekly sample');
    await editor.getByLabel('Conversations per agent', { exact: true }).fill('2');
    await editor.getByLabel('Reviewers (user ids)', { exact: true }).fill(coachId);
    await page.getByTestId('save-rule').click();
    await editor.waitFor({ state: 'detached' });

    const rule = page.getByRole('article', { name: 'Coach’s weekly sample' });
    await rule.waitFor();
    await rule.getByLabel('Period', { exact: true }).fill(week);
    await rule.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => rule.getByTestId('draw-result').textContent()).toContain(`Preview for ${week}`);
    // The coach's calibration assignments are there already; the preview adds none.
    const assignments = async () =>
      (
        (await (
          await page.request.get(`${server.url}/api/qa/assignments?reviewer=${encodeURIComponent(coachId)}`)
        ).json()) as { total: number }
      ).total;
    const before = await assignments();
    expect(before).toBe(3);

    await rule.getByTestId('draw-now').click();
    await expect.poll(() => rule.getByTestId('draw-result').textContent()).toContain(`Drawn for ${week}`);
    const drawnRows = await rule.getByTestId('drawn-table').locator('tbody tr').count();
    expect(drawnRows, (await rule.getByTestId('draw-result').textContent()) ?? '').toBeGreaterThan(0);
    await screenshot(page, 'qa-sampling');
    expect(await assignments()).toBe(before + drawnRows);
    await expect.poll(() => rule.textContent()).toContain('Last drawn');

    // Drawing the same week again draws nothing new: a conversation is never drawn twice.
    await rule.getByTestId('draw-now').click();
    await expect.poll(() => rule.getByTestId('draw-result').textContent()).toContain(`Drawn for ${week}: 0`);
    await page.context().close();
  });

  test('a coach reads a closed calibration session’s result', async () => {
    const page = await signIn(browser, server.url, COACH);
    await page.goto(`${server.url}/qa/calibration`);
    await page.getByRole('link', { name: SESSION_NAME }).click();
    await page.getByRole('heading', { name: SESSION_NAME, level: 1 }).waitFor();
    expect(await page.getByTestId('calibration-facts').textContent()).toContain('closed');
    await expect.poll(() => page.getByTestId('calibration-overall').textContent()).toContain('6 reviews');
    const categories = page.getByTestId('calibration-categories').locator('tbody tr');
    await expect.poll(() => categories.count()).toBe(2);
    // Accuracy: every pair agreed; tone: two of three conversations.
    expect(await categories.filter({ hasText: 'Accuracy' }).textContent()).toContain('100');
    expect(await categories.filter({ hasText: 'Tone' }).textContent()).toMatch(/66[.,]7/);
    const reviewers = page.getByTestId('calibration-reviewers').locator('tbody tr');
    await expect.poll(() => reviewers.count()).toBe(2);
    expect(await reviewers.filter({ hasText: 'reference' }).count()).toBe(1);
    await screenshot(page, 'qa-calibration-result');
    await page.context().close();
  });

  test('a coach adds a phrase the brand guide forbids, in Dutch, and switches a check off', async () => {
    const page = await signIn(browser, server.url, COACH);
    await page.goto(`${server.url}/qa/checks`);
    const forbidden = page.getByTestId('check-forbidden_phrases');
    await forbidden.waitFor();
    const dutch = forbidden.locator('textarea[lang="nl"]');
    await dutch.fill(`${await dutch.inputValue()}\nhelaas pindakaas`);
    // Saving reloads the rules, and the saved rule's editor is made anew from them: the
    // confirmation must outlast that, not blink for as long as the reload takes.
    const editorBefore = await forbidden.elementHandle();
    await forbidden.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editorBefore?.evaluate((li) => li.isConnected)).toBe(false);
    expect(await forbidden.getByRole('status').count()).toBe(1);
    expect(await forbidden.locator('textarea[lang="nl"]').inputValue()).toContain('helaas pindakaas');
    const spelling = page.getByTestId('check-spelling');
    await spelling.getByLabel('On', { exact: true }).uncheck();
    await spelling.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => spelling.getByRole('status').count()).toBe(1);
    await screenshot(page, 'qa-checks');
    const rules = (
      (await (await page.request.get(`${server.url}/api/qa/checks`)).json()) as {
        rules: { id: string; enabled: boolean; settings: { phrases?: Record<string, string[]> } }[];
      }
    ).rules;
    expect(rules.find((r) => r.id === 'forbidden_phrases')?.settings.phrases?.nl).toContain(
      'helaas pindakaas',
    );
    expect(rules.find((r) => r.id === 'spelling')?.enabled).toBe(false);
    await page.context().close();
  });

  test('the overview’s IQS tile drills down to the reviews behind it, not to contacts', async () => {
    const page = await signIn(browser, server.url, COACH);
    await page.getByTestId('tile-qa_score').waitFor();
    await page.getByTestId('tile-qa_score-drill').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/qa/reviews');
    const params = new URL(page.url()).searchParams;
    expect(params.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(params.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.context().close();
  });

  test('an agent sees their own coaching and none of the coach’s pages', async () => {
    const page = await signIn(browser, server.url, AGENT);
    await page.goto(`${server.url}/qa/coaching`);
    await page.getByRole('heading', { name: 'My coaching', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('coaching-sessions').textContent()).toContain(OWN_NOTES);
    expect(await page.getByTestId('coaching-sessions').locator('> li').count()).toBe(1);
    expect(await page.content()).not.toContain(COLLEAGUE_NOTES);
    expect(await page.getByTestId('new-coaching').count()).toBe(0);
    await screenshot(page, 'qa-coaching-agent');
    for (const path of ['/qa/scorecards', '/qa/sampling', '/qa/calibration', '/qa/checks', '/qa/quality']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    }
    // The address does not open a colleague's coaching either: the agent's own is forced.
    await page.goto(`${server.url}/qa/coaching?agent=someone-else`);
    await expect.poll(() => page.getByTestId('coaching-sessions').textContent()).toContain(OWN_NOTES);
    await page.context().close();
  });

  test('a viewer sees the quality figures and nothing that names a review', async () => {
    const page = await signIn(browser, server.url, VIEWER);
    await page.getByRole('navigation').getByRole('link', { name: 'Quality' }).click();
    await page.getByRole('heading', { name: 'Quality overview', level: 1 }).waitFor();
    await page.getByTestId('qa-tile-qa_score').waitFor();
    expect(await page.locator('[data-testid$="-drill"]').count()).toBe(0);
    expect(await page.getByTestId('qa-drift').count()).toBe(0);
    for (const path of ['/qa/coaching', '/qa/scorecards', '/qa/calibration']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    }
    await page.context().close();
  });
});
