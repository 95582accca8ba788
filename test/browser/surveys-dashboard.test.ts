import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { surveyTemplate } from '../../src/core/surveys/templates.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { personalLink } from '../../src/services/surveys/invitations.js';
import { SurveyRuntime } from '../../src/services/surveys/runtime.js';
import { createSurvey } from '../../src/services/surveys/store.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const PASSWORD = 'surveys-password-2026';
const ADMIN = { email: 'admin@example.com', password: PASSWORD };
const MANAGER = { email: 'lead@example.com', password: PASSWORD };
const AGENT = { email: 'agent@example.com', password: PASSWORD };
/** The survey answered before the server starts; the manager makes another in the browser. */
const SEEDED = 'after-contact';
const ANSWERS = 10;

let dir: string;
let server: RunningServer;
let browser: Browser;
/** The seeded answers' comments, by the agent each is credited to. */
const commentsByAgent = new Map<string, string[]>();
let agentId: string;
/** A contact of the demo, as `source|external_id`. */
let seededContact: string;
/** A customer who answered the seeded survey, erased at the end, and their invitations then. */
let erasedCustomer: string;
let erasedInvitations: number;

/** The comment of the i-th seeded answer: every other one speaks of a refund, for the search. */
function comment(i: number): string {
  return i % 2 === 0 ? `Answer ${i}: the Refund came quickly` : `Answer ${i}: I waited too long`;
}

/**
 * A demo database with a post-contact survey answered about ten resolved contacts, through the
 * survey services a server uses (links, the answer intake and its processor), before it is served.
 */
async function seedAnswers(path: string): Promise<void> {
  const engine = await openDuckDb({ path });
  try {
    // Answered when the demo's newest contact came in, so the dashboard's default period holds them.
    const [newest] = await engine.all('SELECT max(created_at) AS at FROM contacts');
    const at = newest?.at;
    const now = at instanceof Date ? at : new Date(`${String(at).replace(' ', 'T').replace(/Z?$/, 'Z')}`);
    if (Number.isNaN(now.getTime())) throw new Error(`no newest contact: ${String(newest?.at)}`);
    const created = await createSurvey(
      engine,
      { id: SEEDED, name: 'After each contact', definition: surveyTemplate('post_contact') },
      null,
      now,
    );
    if (!created.ok) throw new Error(`seed survey: ${JSON.stringify(created.error)}`);
    const contacts = await engine.all(
      `SELECT source, external_id FROM contacts WHERE status IN ('solved', 'closed') AND assignee_id IS NOT NULL
       ORDER BY created_at DESC, external_id LIMIT ${ANSWERS}`,
    );
    expect(contacts).toHaveLength(ANSWERS);
    seededContact = `${String(contacts[0]?.source)}|${String(contacts[0]?.external_id)}`;
    const runtime = new SurveyRuntime(engine, { now: () => now });
    for (const [i, contact] of contacts.entries()) {
      const link = await personalLink(
        engine,
        SEEDED,
        { source: String(contact.source), externalId: String(contact.external_id) },
        { language: 'en' },
        now,
      );
      if (!link.ok) throw new Error(`seed link: ${JSON.stringify(link.error)}`);
      await runtime.intake.submit({
        invitationId: link.data.invitationId,
        surveyId: SEEDED,
        version: 1,
        language: 'en',
        answers: { csat: (i % 5) + 1, comment: comment(i) },
        complete: true,
      });
    }
    await runtime.drain();
    await runtime.stop();
    const credited = await engine.all(
      // The agent credited with an invitation's answer is its own row's (its main question's) in the facts.
      `SELECT f.agent_id, r.comment FROM survey_responses r
       JOIN survey_facts f ON f.contact_key = r.contact_key AND f.survey_id = r.survey_id AND f.question_id IS NULL
       WHERE r.survey_id = '${SEEDED}' AND r.comment IS NOT NULL AND f.agent_id IS NOT NULL`,
    );
    for (const row of credited) {
      const agent = String(row.agent_id);
      commentsByAgent.set(agent, [...(commentsByAgent.get(agent) ?? []), String(row.comment)]);
    }
    const [answered] = await engine.all(
      `SELECT i.customer_id, (SELECT count(*) FROM survey_invitations o WHERE o.customer_id = i.customer_id) AS n
       FROM survey_invitations i WHERE i.survey_id = '${SEEDED}' AND i.customer_id IS NOT NULL
       ORDER BY i.customer_id LIMIT 1`,
    );
    if (!answered) throw new Error('no seeded invitation names its customer');
    erasedCustomer = String(answered.customer_id);
    erasedInvitations = Number(answered.n);
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-surveys-dashboard-'));
  const db = join(dir, 'demo.duckdb');
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '150',
    '--seed',
    '14',
    '--replace',
    '--no-serve',
  ]);
  expect(made.code, made.stderr).toBe(0);
  await seedAnswers(db);
  // The agent with the most answers, so that "only theirs" is some but not all.
  const [mostAnswered] = [...commentsByAgent.entries()].sort((a, b) => b[1].length - a[1].length);
  if (!mostAnswered) throw new Error('no seeded answer was credited to an agent');
  agentId = mostAnswered[0];
  for (const args of [
    ['--email', ADMIN.email, '--role', 'admin'],
    ['--email', MANAGER.email, '--role', 'manager'],
    ['--email', AGENT.email, '--role', 'agent', '--agent', agentId],
  ]) {
    const added = await runCli(['user', 'add', '--db', db, ...args], `${PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  server = await serve(db);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function shownComments(page: Page): Promise<string[]> {
  // The rows of scores without a comment show none.
  return (await page.getByTestId('answer-comment').allTextContents())
    .map((c) => c.trim())
    .filter(Boolean)
    .sort();
}

describe('the Surveys section', () => {
  test('a manager makes a post-contact survey in Dutch and English, previews it in Dutch, and saves version 2', async () => {
    const page = await signIn(browser, server.url, MANAGER);
    await page.getByRole('navigation').getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { name: 'Surveys', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId(`survey-${SEEDED}`).count()).toBe(1);
    await screenshot(page, 'surveys-list');

    await page.getByLabel('Type', { exact: true }).selectOption('post_contact');
    await page.getByLabel('Name (optional)', { exact: true }).fill('Na elk contact');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByTestId('survey-editor').waitFor();
    const surveyId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    expect(surveyId).not.toBe('');

    // Dutch and English only: the other built-in languages go with their texts.
    for (const language of ['Svenska', 'Українська', '简体中文']) {
      await page.getByRole('button', { name: `Remove ${language} and its texts` }).click();
    }
    const languages = await page.getByTestId('survey-languages').locator('li').allTextContents();
    expect(languages).toEqual([expect.stringMatching(/^English/), expect.stringMatching(/^Nederlands/)]);

    // The preview in Dutch says what the template says in Dutch.
    const template = surveyTemplate('post_contact');
    await page.getByRole('tab', { name: 'Nederlands' }).click();
    const preview = page.getByTestId('survey-preview');
    await expect.poll(() => preview.getAttribute('data-language')).toBe('nl');
    expect(await page.getByTestId('preview-title').textContent()).toBe(template.title.nl);
    const questions = await preview.getByTestId('preview-question').allTextContents();
    expect(questions[0]).toContain(template.questions[0]?.text.nl ?? '-');

    // An edit of the Dutch title, seen in the preview at once.
    await page.getByTestId('edit-language').selectOption('nl');
    await page.getByLabel('Title', { exact: true }).fill('Hoe was uw contact met ons?');
    expect(await page.getByTestId('preview-title').textContent()).toBe('Hoe was uw contact met ons?');
    await screenshot(page, 'surveys-editor-nl');

    await page.getByTestId('save-survey').click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toContain('version 2');
    await expect
      .poll(async () => (await page.getByTestId('survey-versions').locator('li').allTextContents()).length)
      .toBe(2);
    const saved = await page.request.get(`${server.url}/api/surveys/${encodeURIComponent(surveyId)}`);
    expect(saved.status()).toBe(200);
    const body = (await saved.json()) as {
      version: number;
      definition: { languages: string[]; title: Record<string, string> };
    };
    expect(body.version).toBe(2);
    expect(body.definition.languages).toEqual(['en', 'nl']);
    expect(body.definition.title).toEqual({ en: template.title.en, nl: 'Hoe was uw contact met ons?' });

    // A counter to put a QR code on: settings are no part of a version.
    await page.getByText('Links and locations', { exact: true }).click();
    await page.getByLabel('QR code locations', { exact: true }).fill('front-desk');
    await page.getByTestId('save-survey').click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toContain('version 2');

    // Handing it out: a personal link for a contact, the counter's QR code, the widget's tag.
    await page.getByRole('tab', { name: 'Links and QR codes' }).click();
    await page.getByLabel('Contact key', { exact: true }).fill(seededContact);
    await page.getByRole('button', { name: 'Make link' }).click();
    await expect
      .poll(() => page.getByTestId('personal-link-url').textContent())
      .toContain(`${server.url}/s/`);
    const qr = page.getByTestId('location-front-desk').getByRole('img');
    await expect
      .poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId('widget-snippet').textContent()).toContain(`data-survey="${surveyId}"`);
    await screenshot(page, 'surveys-share');
    await page.context().close();
  });

  test('a manager reads the answers and comments of a survey and searches them', async () => {
    const page = await signIn(browser, server.url, MANAGER);
    await page.goto(`${server.url}/surveys/${SEEDED}?tab=answers`);
    await page.getByTestId('answers-table').waitFor();
    const all = Array.from({ length: ANSWERS }, (_, i) => comment(i)).sort();
    await expect.poll(() => shownComments(page)).toEqual(all);
    // Every answer opens its contact; the credited agent is named.
    expect(await page.getByTestId('answer-contact').count()).toBeGreaterThanOrEqual(ANSWERS);

    await page.getByLabel('Search comments', { exact: true }).fill('refund');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => shownComments(page)).toEqual(all.filter((c) => c.includes('Refund')));
    await screenshot(page, 'surveys-answers-search');

    await page.getByTestId('answer-contact').first().click();
    await page.waitForURL(/\/contacts\//);

    // The results: the survey's own figures.
    await page.goto(`${server.url}/surveys/${SEEDED}`);
    await page.getByTestId('score-distribution').waitFor();
    await expect
      .poll(async () => {
        let total = 0;
        for (const point of [1, 2, 3, 4, 5])
          total += Number((await page.getByTestId(`score-${point}`).locator('td').textContent()) ?? 0);
        return total;
      })
      .toBe(ANSWERS);
    // The survey's CSAT over time holds the seeded answers: 4 of 10 at 4 or 5.
    const trend = page.getByTestId('survey-trend-csat');
    await trend.getByRole('figure').waitFor();
    const drawn = JSON.parse((await trend.getByRole('figure').getAttribute('data-chart')) ?? '{}') as {
      series: { values: (number | null)[] }[];
    };
    expect(drawn.series[0]?.values.filter((v) => v !== null)).toEqual([0.4]);
    await screenshot(page, 'surveys-results');
    await page.context().close();
  });

  test('an agent sees only the answers credited to them, and nothing to edit', async () => {
    const page = await signIn(browser, server.url, AGENT);
    await page.getByRole('navigation').getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { name: 'My survey answers', level: 1 }).waitFor();
    const own = [...(commentsByAgent.get(agentId) ?? [])].sort();
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(ANSWERS);
    // Of the seeded survey's answers, exactly theirs (the demo's own surveys add others of theirs).
    await expect
      .poll(async () => (await shownComments(page)).filter((c) => c.startsWith('Answer ')))
      .toEqual(own);
    expect(await page.getByTestId('new-survey').count()).toBe(0);
    expect(await page.getByLabel('Agent', { exact: true }).count()).toBe(0);
    expect(await page.getByTestId('answer-agent').count()).toBe(0);

    // A survey's own page is not theirs: the address shows their answers again.
    await page.goto(`${server.url}/surveys/${SEEDED}?tab=editor`);
    await page.getByRole('heading', { name: 'My survey answers', level: 1 }).waitFor();
    expect(await page.getByTestId('survey-editor').count()).toBe(0);
    await screenshot(page, 'surveys-agent');
    await page.context().close();
  });

  // Last: it erases a customer whose answers the tests above read.
  test('a manager follows the invitations and runs a wave; an admin sets a retention period and erases a customer', async () => {
    const manager = await signIn(browser, server.url, MANAGER);
    await manager.goto(`${server.url}/surveys/${SEEDED}`);
    await manager.getByRole('tab', { name: 'Invitations' }).click();
    await manager.getByTestId('invitation-totals').waitFor();
    const total = (state: string) =>
      manager.getByTestId(`invitation-total-${state}`).locator('dd').textContent();
    // Ten personal links, each answered; none went out by mail.
    await expect.poll(() => total('all')).toBe(String(ANSWERS));
    expect(await total('answered')).toBe(String(ANSWERS));
    expect(await total('bounced')).toBe('0');
    expect(await manager.getByTestId('invitation-row').count()).toBe(ANSWERS);
    expect(new Set(await manager.getByTestId('invitation-state').allTextContents())).toEqual(
      new Set(['answered']),
    );
    // The filter by state asks the server again.
    await manager.getByLabel('Show', { exact: true }).selectOption('bounced');
    await manager.getByTestId('no-invitations').waitFor();
    await screenshot(manager, 'surveys-invitations');
    // A post-contact survey has no waves.
    expect(await manager.getByRole('tab', { name: 'Waves' }).count()).toBe(0);

    // A relationship survey: its waves, and one sent now once the manager confirms.
    await manager.goto(`${server.url}/surveys`);
    await manager.getByLabel('Type', { exact: true }).selectOption('relationship');
    await manager.getByLabel('Name (optional)', { exact: true }).fill('Each quarter');
    await manager.getByRole('button', { name: 'Create survey' }).click();
    await manager.getByTestId('survey-editor').waitFor();
    await manager.getByRole('tab', { name: 'Waves' }).click();
    await manager.getByTestId('no-waves').waitFor();
    const confirmations: string[] = [];
    manager.once('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await manager.getByRole('button', { name: 'Run a wave now' }).click();
    await manager.getByTestId('wave-asked').waitFor();
    expect(confirmations).toEqual([expect.stringContaining('Each quarter')]);
    await screenshot(manager, 'surveys-waves');
    // The settings of the whole team are the admin's.
    await manager.goto(`${server.url}/surveys`);
    await manager.getByTestId('surveys-table').waitFor();
    expect(await manager.getByTestId('survey-admin').count()).toBe(0);
    await manager.context().close();

    const admin = await signIn(browser, server.url, ADMIN);
    await admin.goto(`${server.url}/surveys`);
    await admin.getByTestId('survey-config').waitFor();
    await admin.getByLabel('Keep answers for (days)', { exact: true }).fill('400');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByTestId('config-saved').waitFor();
    const config = await admin.request.get(`${server.url}/api/surveys/config`);
    expect(((await config.json()) as { retentionDays: number | null }).retentionDays).toBe(400);
    await admin.reload();
    await expect
      .poll(() => admin.getByLabel('Keep answers for (days)', { exact: true }).inputValue())
      .toBe('400');

    // Erasure asks first; a refusal erases nothing.
    await admin.getByLabel('or customer id', { exact: true }).fill(erasedCustomer);
    admin.once('dialog', (dialog) => void dialog.dismiss());
    await admin.getByRole('button', { name: 'Erase', exact: true }).click();
    expect(await admin.getByTestId('erased').count()).toBe(0);
    const answersOf = async () => {
      const answers = await admin.request.get(`${server.url}/api/surveys/answers?survey=${SEEDED}&limit=500`);
      return ((await answers.json()) as { answers: { customerId: string | null }[] }).answers;
    };
    const before = await answersOf();
    expect(before.some((a) => a.customerId === erasedCustomer)).toBe(true);

    await admin.getByLabel('Keep the answers, anonymised', { exact: true }).check();
    const asked: string[] = [];
    admin.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await admin.getByRole('button', { name: 'Erase', exact: true }).click();
    const erased = admin.getByTestId('erased');
    await erased.waitFor();
    expect(asked).toEqual([expect.stringContaining(erasedCustomer)]);
    const counts = /Erased: (\d+) invitations, (\d+) answers, (\d+) contacts\./.exec(
      (await erased.textContent()) ?? '',
    );
    expect(counts?.[1]).toBe(String(erasedInvitations));
    expect(Number(counts?.[2])).toBeGreaterThan(0);
    // Kept anonymised: the answers stay, nobody's.
    const after = await answersOf();
    expect(after).toHaveLength(before.length);
    expect(after.some((a) => a.customerId === erasedCustomer)).toBe(false);
    await screenshot(admin, 'surveys-settings');
    await admin.context().close();
  });
});
