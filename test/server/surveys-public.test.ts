/**
 * The survey pages customers answer on, against the real server: personal links and their
 * refusals, one-click scores, public links and QR codes with their protections, the widget's
 * endpoints, unsubscribing. Answers are checked where they end up: survey_responses.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { surveyTemplate } from '../../src/core/surveys/templates.js';
import { signLinkToken, signUnsubscribeToken, solveChallenge } from '../../src/core/surveys/tokens.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { surveySecret } from '../../src/services/surveys/config.js';
import { personalLink } from '../../src/services/surveys/invitations.js';
import { createSurvey, updateSurvey } from '../../src/services/surveys/store.js';
import { isUnsubscribed } from '../../src/services/surveys/unsubscribes.js';
import { startTestServer, type TestServer } from './support.js';

// Answers reach survey_responses through the processor, behind the page; on a loaded machine a
// batch (with its facts rebuild) has taken over 20 s. Polls end as soon as the rows are there.
const WRITTEN_BEHIND_MS = 50_000;
vi.setConfig({ testTimeout: 150_000 });

let ts: TestServer;
let db: DuckDbEngine;
const ids = { postContact: '', helpCentre: '', paused: '', soonPaused: '' };
const links = {
  dutch: '',
  noLanguage: '',
  expired: '',
  paused: '',
  oneClick: '',
  json: '',
  answeredOnly: '',
  viewed: '',
  soonPaused: '',
  hammered: '',
};

async function surveyOf(database: DuckDbEngine, type: 'post_contact' | 'self_service', extra = {}) {
  const created = await createSurvey(
    database,
    {
      name: `${type} survey`,
      definition: surveyTemplate(type),
      settings: { publicSources: ['instagram', 'contact-page'], locations: ['shop-1'] },
      ...extra,
    },
    null,
    new Date(),
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.data.id;
}

async function linkTo(database: DuckDbEngine, surveyId: string, language: string | null, now = new Date()) {
  const created = await personalLink(
    database,
    surveyId,
    { source: 'helpdesk', externalId: 't1' },
    language ? { language } : {},
    now,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.data.token;
}

/** Custom surveys, one left to personal links and one the widget may ask. */
const widgetIds = { customPrivate: '', customWidget: '' };

beforeAll(async () => {
  ts = await startTestServer({
    // Each client of these tests comes from an address of its own (see clientHeaders).
    trustProxy: true,
    prepare: async (database) => {
      db = database;
      ids.postContact = await surveyOf(database, 'post_contact');
      ids.helpCentre = await surveyOf(database, 'self_service');
      for (const [key, settings] of [
        ['customPrivate', {}],
        ['customWidget', { widget: true }],
      ] as const) {
        const made = await createSurvey(
          database,
          { name: key, definition: surveyTemplate('custom'), settings },
          null,
          new Date(),
        );
        if (!made.ok) throw new Error(JSON.stringify(made.error));
        widgetIds[key] = made.data.id;
      }
      ids.paused = await surveyOf(database, 'post_contact', { status: 'paused' });
      links.dutch = await linkTo(database, ids.postContact, 'nl');
      links.noLanguage = await linkTo(database, ids.postContact, null);
      links.oneClick = await linkTo(database, ids.postContact, 'en');
      links.json = await linkTo(database, ids.postContact, 'en');
      links.expired = await linkTo(database, ids.postContact, 'en', new Date(Date.now() - 40 * 86_400_000));
      links.paused = await linkTo(database, ids.paused, 'en');
      links.answeredOnly = await linkTo(database, ids.postContact, 'en');
      links.viewed = await linkTo(database, ids.postContact, 'en');
      links.hammered = await linkTo(database, ids.postContact, 'en');
      ids.soonPaused = await surveyOf(database, 'post_contact');
      links.soonPaused = await linkTo(database, ids.soonPaused, 'en');
    },
  });
});

afterAll(async () => {
  await ts?.stop();
});

/**
 * The public pages limit by address: a test's client (its user agent) gets an address of its own,
 * a request without one a fresh address, so tests do not share one limit unless they mean to.
 */
function clientHeaders(headers: Record<string, string>): Record<string, string> {
  const agent = headers['user-agent'];
  const address = agent
    ? `198.51.100.${[...agent].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 250, 0) + 1}`
    : `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  return { 'x-forwarded-for': address, ...headers };
}

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ts.url}${path}`, { headers: clientHeaders(headers), redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function postForm(
  path: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${ts.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: clientHeaders({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

type Row = Record<string, unknown>;
const scoreOf = (rows: Row[], questionId: string | null) =>
  rows.find((r) => r.question_id === questionId)?.score;

/**
 * The canonical rows of an invitation once the processor has taken its answers (`done` says
 * when): a personal link's invitation has its row, without a score, from the moment it is made.
 */
async function responsesOf(invitationId: string, done: (rows: Row[]) => boolean) {
  const deadline = Date.now() + WRITTEN_BEHIND_MS;
  for (;;) {
    const rows = await db.all(
      `SELECT external_id, question_id, kind, score, comment, choices, via, source_label, location, language
       FROM survey_responses WHERE invitation_id = $1 ORDER BY external_id`,
      [invitationId],
    );
    if (done(rows) || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function invitationOf(via: string, place: { column: string; value: string }) {
  const deadline = Date.now() + WRITTEN_BEHIND_MS;
  for (;;) {
    const rows = await db.all(
      `SELECT external_id, via, source_label, location, page_url FROM survey_invitations WHERE via = $1 AND ${place.column} = $2`,
      [via, place.value],
    );
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const invitationIdOf = (token: string) => token.split('.')[0] ?? '';

describe('personal links', () => {
  test("the page is in the link's language, under a strict CSP with a nonce, not cached, below 50 kB", async () => {
    const reply = await page(`/s/${links.dutch}`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<html lang="nl"');
    expect(reply.text).toContain('Hoe hebben we het gedaan?');
    const csp = reply.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(reply.text).toContain(`<script nonce="${nonce}">`);
    expect(reply.text).toContain(`<style nonce="${nonce}">`);
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.byteLength(reply.text)).toBeLessThan(50_000);
    // The request log keeps no token.
    expect(ts.logs.some((l) => l.path.includes(invitationIdOf(links.dutch)))).toBe(false);
  });

  test('?lang overrides the link; without a language on the link, Accept-Language decides', async () => {
    expect((await page(`/s/${links.dutch}?lang=uk`)).text).toContain('<html lang="uk"');
    const chinese = await page(`/s/${links.noLanguage}`, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(chinese.text).toContain('<html lang="zh-CN"');
    expect(chinese.text).toContain('我们做得怎么样？');
  });

  test('malformed, forged and unknown links are 404 "not valid"; expired and paused are 410 "closed"', async () => {
    const [id = '', survey = '', version = '', expiry = '', mac = ''] = links.dutch.split('.');
    const forged = `${id}.${survey}.${version}.${expiry}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const unknown = signLinkToken(await surveySecret(db), {
      invitationId: 'AAAAAAAAAAAAAAAAAAAAAA',
      surveyId: 'no-such-survey',
      version: 1,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    for (const token of ['not-a-token', forged, unknown]) {
      const reply = await page(`/s/${encodeURIComponent(token)}`, { 'accept-language': 'sv' });
      expect(reply.status, token).toBe(404);
      expect(reply.text).toContain('Länken är inte giltig');
    }
    for (const token of [links.expired, links.paused]) {
      const reply = await page(`/s/${token}`);
      expect(reply.status).toBe(410);
      expect(reply.text).toContain('This survey is closed');
      expect((await postForm(`/s/${token}`, [['lang', 'en']])).status).toBe(410);
    }
  });

  test('a form without its required answer comes back with the message next to the question', async () => {
    const reply = await postForm(`/s/${links.dutch}`, [
      ['lang', 'nl'],
      ['q_comment', 'Snel geholpen'],
    ]);
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('<p class="err" id="e-csat">Beantwoord deze vraag.</p>');
    expect(reply.text).toContain('aria-describedby="h-csat e-csat"');
    // What was typed stays.
    expect(reply.text).toContain('>Snel geholpen</textarea>');
  });

  test('an answer sent through the form is stored; a second visit shows it to edit, and an edit replaces it', async () => {
    const sent = await postForm(`/s/${links.dutch}`, [
      ['lang', 'nl'],
      ['q_csat', '4'],
      ['q_comment', 'Snel geholpen'],
    ]);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/s/${links.dutch}/thanks?lang=nl`);
    const thanks = await page(`/s/${links.dutch}/thanks?lang=nl`);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('Hartelijk dank!');

    const invitation = invitationIdOf(links.dutch);
    const rows = await responsesOf(invitation, (r) => scoreOf(r, null) === 4);
    expect(rows.find((r) => r.question_id === null)).toMatchObject({
      external_id: invitation,
      kind: 'csat',
      score: 4,
    });
    expect(rows.find((r) => r.comment === 'Snel geholpen')).toBeTruthy();

    const again = await page(`/s/${links.dutch}`);
    expect(again.text).toMatch(/id="q-csat-4" name="q_csat" value="4" checked/);
    expect(again.text).toContain('U hebt al eerder geantwoord.');

    expect(
      (
        await postForm(`/s/${links.dutch}`, [
          ['lang', 'nl'],
          ['q_csat', '2'],
        ])
      ).status,
    ).toBe(303);
    const main = await responsesOf(invitation, (r) => scoreOf(r, null) === 2 && r.length === 1);
    expect(main.map((r) => [r.question_id, r.score])).toEqual([[null, 2]]);
  });

  test('a one-click score is kept at once and the page asks only the rest', async () => {
    const reply = await page(`/s/${links.oneClick}?score=5`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('your score is saved');
    expect(reply.text).not.toContain('name="q_csat"');
    const rows = await responsesOf(invitationIdOf(links.oneClick), (r) => scoreOf(r, null) !== null);
    expect(scoreOf(rows, null)).toBe(5);
    // The rest, sent later with the page's hidden fields, keeps the score: the page carries it.
    const hidden = [...reply.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      ([, name = '', value = '']) => [name, value] as [string, string],
    );
    expect(hidden).toContainEqual(['omit', 'csat']);
    expect(hidden).toContainEqual(['kept_csat', '5']);
    expect((await postForm(`/s/${links.oneClick}`, [...hidden, ['q_effort', '6']])).status).toBe(303);
    const later = await responsesOf(invitationIdOf(links.oneClick), (r) => r.length === 2);
    expect(scoreOf(later, null)).toBe(5);
    expect(scoreOf(later, 'effort')).toBe(6);
  });

  test('opening the page records opened_at once, written behind; an answer alone does not', async () => {
    const { answeredOnly, viewed } = links;
    expect((await postForm(`/s/${answeredOnly}`, [['q_csat', '4']])).status).toBe(303);
    expect((await page(`/s/${viewed}`)).status).toBe(200);
    const openedAt = async (token: string) =>
      (
        await db.all('SELECT opened_at FROM survey_invitations WHERE external_id = $1', [
          invitationIdOf(token),
        ])
      )[0]?.opened_at ?? null;
    const deadline = Date.now() + WRITTEN_BEHIND_MS;
    while ((await openedAt(viewed)) === null && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const first = await openedAt(viewed);
    expect(first).not.toBeNull();
    await responsesOf(invitationIdOf(answeredOnly), (r) => scoreOf(r, null) === 4);
    expect(await openedAt(answeredOnly)).toBeNull();
    expect((await page(`/s/${viewed}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await openedAt(viewed)).toEqual(first);
  });

  test('a paused survey refuses the answers of its links within seconds', async () => {
    const token = links.soonPaused;
    expect((await postForm(`/s/${token}`, [['q_csat', '3']])).status).toBe(303);
    const paused = await updateSurvey(db, ids.soonPaused, { status: 'paused' }, null, new Date());
    expect(paused.ok).toBe(true);
    const deadline = Date.now() + WRITTEN_BEHIND_MS;
    let status = 0;
    while (status !== 410 && Date.now() < deadline) {
      status = (await postForm(`/s/${token}`, [['q_csat', '3']])).status;
      if (status !== 410) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(410);
  });

  test('a personal link takes at most ten posts a minute; more get 429', async () => {
    const statuses: number[] = [];
    for (let k = 0; k < 12; k++)
      statuses.push((await postForm(`/s/${links.hammered}`, [['q_csat', String((k % 5) + 1)]])).status);
    expect(statuses).toEqual([...Array<number>(10).fill(303), 429, 429]);
    expect((await postForm(`/s/${links.json}`, [['q_csat', '5']])).status).toBe(303);
  });

  test('with script, the page sends with fetch and is answered in JSON', async () => {
    const response = await fetch(`${ts.url}/s/${links.json}`, {
      method: 'POST',
      body: new URLSearchParams([
        ['lang', 'en'],
        ['q_csat', 'eleven'],
      ]),
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      ok: false,
      errors: { csat: expect.stringContaining('not valid') },
    });
    const ok = await fetch(`${ts.url}/s/${links.json}`, {
      method: 'POST',
      body: new URLSearchParams([
        ['lang', 'en'],
        ['q_csat', '3'],
      ]),
      headers: { accept: 'application/json' },
    });
    expect(await ok.json()).toMatchObject({ ok: true, title: 'Thank you!' });
  });
});

describe('public links and QR codes', () => {
  const path = () => `/s/p/${ids.postContact}/instagram`;

  async function solvedForm(from: string, userAgent: string) {
    const reply = await page(from, { 'user-agent': userAgent });
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(reply.text)?.[1] ?? '';
    const challenge = /data-challenge="([^"]+)"/.exec(reply.text)?.[1] ?? '';
    const difficulty = Number(/data-difficulty="(\d+)"/.exec(reply.text)?.[1]);
    return { challenge, nonce: solveChallenge(challenge, difficulty), stamp: field('stamp') };
  }

  test('one solved proof sent many times at once, or one no-script form sent twice, is taken once', async () => {
    // Another survey than the other tests', whose answers are looked up by source.
    const contactPage = `/s/p/${ids.helpCentre}/contact-page`;
    const proof = await solvedForm(contactPage, 'Mozilla/5.0 replay');
    const replays = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        postForm(
          contactPage,
          [
            ['lang', 'en'],
            ['q_helpful', '1'],
            ['challenge', proof.challenge],
            ['nonce', proof.nonce],
          ],
          { 'user-agent': `Mozilla/5.0 replay ${k}` },
        ),
      ),
    );
    expect(replays.map((r) => r.status).sort()).toEqual([303, 400, 400, 400, 400, 400]);
    // A public answer's invitation was never sent: it counts as answered, not as sent.
    const deadline = Date.now() + WRITTEN_BEHIND_MS;
    let made: Row[] = [];
    while (made.length === 0 && Date.now() < deadline) {
      made = await db.all(
        `SELECT i.sent_at, r.sent_at AS response_sent_at, r.score FROM survey_invitations i
         JOIN survey_responses r ON r.invitation_id = i.external_id AND r.question_id IS NULL
         WHERE i.survey_id = $1 AND i.source_label = 'contact-page' AND r.score IS NOT NULL`,
        [ids.helpCentre],
      );
      if (made.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(made).toEqual([{ sent_at: null, response_sent_at: null, score: 1 }]);
    ts.clock.now = new Date(ts.clock.now.getTime() + 5_000);
    try {
      const stamped = [
        ['lang', 'en'],
        ['q_helpful', '1'],
        ['stamp', proof.stamp],
      ] as [string, string][];
      expect((await postForm(contactPage, stamped, { 'user-agent': 'Mozilla/5.0 stamp 1' })).status).toBe(
        303,
      );
      expect((await postForm(contactPage, stamped, { 'user-agent': 'Mozilla/5.0 stamp 2' })).status).toBe(
        400,
      );
    } finally {
      ts.clock.now = new Date(ts.clock.now.getTime() - 5_000);
    }
  });

  test('only the sources and locations the survey lists exist; a paused survey is closed', async () => {
    expect((await page(path())).status).toBe(200);
    expect((await page(`/s/p/${ids.postContact}/tiktok`)).status).toBe(404);
    expect((await page(`/s/q/${ids.postContact}/shop-1`)).status).toBe(200);
    expect((await page(`/s/q/${ids.postContact}/shop-2`)).status).toBe(404);
    expect((await page(`/s/p/${ids.paused}/instagram`)).status).toBe(410);
    expect((await page('/s/p/nosuchsurvey/instagram')).status).toBe(404);
  });

  test('an answer with a solved proof of work is stored with its source; a QR answer with its location', async () => {
    const agent = 'Mozilla/5.0 public-link';
    const proof = await solvedForm(path(), agent);
    const sent = await postForm(
      path(),
      [
        ['lang', 'en'],
        ['q_csat', '5'],
        ['website', ''],
        ['challenge', proof.challenge],
        ['nonce', proof.nonce],
        ['stamp', proof.stamp],
      ],
      { 'user-agent': agent },
    );
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/s/p/${ids.postContact}/instagram/thanks?lang=en`);
    const [invitation] = await invitationOf('public', { column: 'source_label', value: 'instagram' });
    expect(invitation).toMatchObject({ via: 'public', source_label: 'instagram' });
    const rows = await responsesOf(String(invitation?.external_id), (r) => r.length > 0);
    expect(rows[0]).toMatchObject({ score: 5, via: 'public', source_label: 'instagram' });
    // The same proof twice: refused.
    const replay = await postForm(
      path(),
      [
        ['lang', 'en'],
        ['q_csat', '1'],
        ['challenge', proof.challenge],
        ['nonce', proof.nonce],
      ],
      { 'user-agent': agent },
    );
    expect(replay.status).toBe(400);

    const qrAgent = 'Mozilla/5.0 qr';
    const qrPath = `/s/q/${ids.postContact}/shop-1`;
    const qrProof = await solvedForm(qrPath, qrAgent);
    expect(
      (
        await postForm(
          qrPath,
          [
            ['lang', 'en'],
            ['q_csat', '3'],
            ['challenge', qrProof.challenge],
            ['nonce', qrProof.nonce],
          ],
          { 'user-agent': qrAgent },
        )
      ).status,
    ).toBe(303);
    const [qr] = await invitationOf('qr', { column: 'location', value: 'shop-1' });
    expect((await responsesOf(String(qr?.external_id), (r) => r.length > 0))[0]).toMatchObject({
      score: 3,
      via: 'qr',
      location: 'shop-1',
    });
  });

  test('two customers on one shop Wi-Fi with the same phone give two answers, not one', async () => {
    const phone = 'Mozilla/5.0 (iPhone) shop-wifi';
    const qrPath = `/s/q/${ids.helpCentre}/shop-1`;
    const answers = async () =>
      Number(
        (
          await db.all(
            `SELECT count(*) AS n FROM survey_responses r JOIN survey_invitations i
               ON i.source = r.source AND i.external_id = r.external_id
             WHERE i.survey_id = $1 AND i.via = 'qr'`,
            [ids.helpCentre],
          )
        )[0]?.n,
      );
    const before = await answers();
    for (const thumb of ['1', '0']) {
      const proof = await solvedForm(qrPath, phone);
      const sent = await postForm(
        qrPath,
        [
          ['lang', 'en'],
          ['q_helpful', thumb],
          ['challenge', proof.challenge],
          ['nonce', proof.nonce],
        ],
        { 'user-agent': phone },
      );
      expect(sent.status, sent.text).toBe(303);
    }
    const deadline = Date.now() + WRITTEN_BEHIND_MS;
    while ((await answers()) < before + 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await answers()).toBe(before + 2);
  });

  test('without script: a form sent within 3 s is asked again, after 3 s it is taken', async () => {
    const agent = 'Lynx/2.9 no-script';
    const form = await page(path(), { 'user-agent': agent });
    const stamp = /name="stamp" value="([^"]*)"/.exec(form.text)?.[1] ?? '';
    const fields: [string, string][] = [
      ['lang', 'en'],
      ['q_csat', '2'],
      ['stamp', stamp],
      ['nonce', ''],
      ['challenge', ''],
    ];
    const tooSoon = await postForm(path(), fields, { 'user-agent': agent });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.text).toContain('Please try again');
    expect(tooSoon.text).toContain(`href="/s/p/${ids.postContact}/instagram?lang=en"`);
    ts.clock.now = new Date(ts.clock.now.getTime() + 5_000);
    expect((await postForm(path(), fields, { 'user-agent': agent })).status).toBe(303);
  });

  test('a filled honeypot is told it succeeded and nothing is kept', async () => {
    const agent = 'honeypot-bot/1.0';
    const proof = await solvedForm(`/s/p/${ids.postContact}/contact-page`, agent);
    const reply = await postForm(
      `/s/p/${ids.postContact}/contact-page`,
      [
        ['lang', 'en'],
        ['q_csat', '1'],
        ['website', 'http://spam.example'],
        ['challenge', proof.challenge],
        ['nonce', proof.nonce],
      ],
      { 'user-agent': agent },
    );
    expect(reply.status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      await db.all(
        `SELECT * FROM survey_invitations WHERE source_label = 'contact-page' AND survey_id = $1`,
        [ids.postContact],
      ),
    ).toEqual([]);
  });

  test('a flood from one client gets 429 while another client still answers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await postForm(
            path(),
            [
              ['lang', 'en'],
              ['q_csat', '1'],
            ],
            { 'user-agent': 'flood/1.0' },
          )
        ).status,
      );
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const refused = await postForm(path(), [['lang', 'en']], { 'user-agent': 'flood/1.0' });
    expect(refused.text).toContain('Too many answers at once');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user agent from the same address is the same client.
    const disguised = await postForm(path(), [['lang', 'en']], {
      'user-agent': 'flood/2.0',
      'x-forwarded-for': clientHeaders({ 'user-agent': 'flood/1.0' })['x-forwarded-for'] ?? '',
    });
    expect(disguised.status).toBe(429);
    const other = 'Mozilla/5.0 someone else';
    const proof = await solvedForm(path(), other);
    expect(
      (
        await postForm(
          path(),
          [
            ['lang', 'en'],
            ['q_csat', '4'],
            ['challenge', proof.challenge],
            ['nonce', proof.nonce],
          ],
          { 'user-agent': other },
        )
      ).status,
    ).toBe(303);
  });

  test('a body over 64 KiB is refused', async () => {
    const reply = await postForm(path(), [['q_comment', 'x'.repeat(70_000)]], { 'user-agent': 'big/1.0' });
    expect(reply.status).toBe(413);
  });
});

describe('the widget', () => {
  test('the script is served to any origin as JavaScript', async () => {
    const reply = await page('/s/widget.js');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/javascript');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.headers.get('set-cookie')).toBeNull();
  });

  test('a self-service survey is shown and answered from another origin, recording the page', async () => {
    const origin = { origin: 'https://help.example.com' };
    const preflight = await fetch(`${ts.url}/s/w/${ids.helpCentre}`, { method: 'OPTIONS', headers: origin });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const view = await fetch(`${ts.url}/s/w/${ids.helpCentre}?lang=sv`, { headers: origin });
    expect(view.headers.get('access-control-allow-origin')).toBe('*');
    const survey = (await view.json()) as {
      challenge: string;
      difficulty: number;
      questions: { id: string; points: { value: number }[] }[];
    };
    expect(survey).toMatchObject({ language: 'sv', texts: { submit: 'Skicka' } });
    const helpful = survey.questions[0];
    const nonce = solveChallenge(survey.challenge, survey.difficulty);
    const answer = (extra: object) =>
      fetch(`${ts.url}/s/w/${ids.helpCentre}`, {
        method: 'POST',
        headers: clientHeaders({
          ...origin,
          'content-type': 'text/plain;charset=UTF-8',
          'user-agent': 'widget-test',
        }),
        body: JSON.stringify({
          answers: { [helpful?.id ?? '']: helpful?.points.at(-1)?.value },
          pageUrl: 'https://help.example.com/articles/42?q=refund#top',
          language: 'sv',
          challenge: survey.challenge,
          nonce,
          ...extra,
        }),
      });
    const sent = await answer({});
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ ok: true });
    const [invitation] = await invitationOf('widget', {
      column: 'page_url',
      value: 'https://help.example.com/articles/42',
    });
    expect(invitation).toMatchObject({ via: 'widget' });
    expect((await answer({})).status).toBe(400); // the proof is spent
    expect((await answer({ nonce: '' })).status).toBe(400);
  });

  test('a post-contact survey is not offered to the widget', async () => {
    expect((await fetch(`${ts.url}/s/w/${ids.postContact}`)).status).toBe(404);
  });

  test('another survey is offered to the widget only when its settings allow it', async () => {
    expect((await fetch(`${ts.url}/s/w/${widgetIds.customPrivate}`)).status).toBe(404);
    expect((await fetch(`${ts.url}/s/w/${widgetIds.customWidget}`)).status).toBe(200);
  });
});

describe('unsubscribing', () => {
  test('a link shows one button; posting it, or a mail program’s one-click post, unsubscribes', async () => {
    const secret = await surveySecret(db);
    const token = signUnsubscribeToken(secret, 'Customer@Example.com');
    const shown = await page(`/s/u/${token}`, { 'accept-language': 'nl' });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('customer@example.com');
    expect(shown.text).toContain('>Afmelden</button>');
    expect(await isUnsubscribed(db, 'customer@example.com')).toBe(false);
    const done = await postForm(`/s/u/${token}`, [['lang', 'nl']]);
    expect(done.status).toBe(200);
    expect(done.text).toContain('U bent afgemeld');
    expect(await isUnsubscribed(db, 'customer@example.com')).toBe(true);

    const other = signUnsubscribeToken(secret, 'other@example.com');
    const oneClick = await postForm(`/s/u/${other}`, [['List-Unsubscribe', 'One-Click']]);
    expect(oneClick.status).toBe(200);
    expect(await isUnsubscribed(db, 'other@example.com')).toBe(true);

    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await page(`/s/u/${forged}`)).status).toBe(404);
    expect((await postForm(`/s/u/${forged}`, [])).status).toBe(404);
  });
});

describe('whatever a visitor sends', () => {
  test('hostile tokens, ids and bodies get a 4xx page or JSON, never a 500', async () => {
    const paths = [
      `/s/${'x'.repeat(5000)}`,
      '/s/%00%01',
      '/s/a.b.c',
      '/s/u/%E2%80%AE.abc',
      `/s/p/${'y'.repeat(200)}/instagram`,
      "/s/q/'%20OR%201=1/shop-1",
      '/s/w/..%2F..%2Fetc',
      '/s/l/nosuchsurvey?v=-1',
    ];
    for (const path of paths) {
      const reply = await page(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
    }
    const bodies = [
      '{',
      'null',
      '[]',
      '{"answers":"x"}',
      JSON.stringify({ answers: { helpful: 1 }, pageUrl: 'javascript:alert(1)', challenge: 'a', nonce: 'b' }),
    ];
    for (const body of bodies) {
      const reply = await fetch(`${ts.url}/s/w/${ids.helpCentre}`, {
        method: 'POST',
        body,
        headers: clientHeaders({}),
      });
      expect(reply.status, body).toBe(400);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    }
    const form = await postForm(`/s/${links.noLanguage}`, [
      ['q_csat', '\u0000\u202e'],
      ['q_comment', '\ud800'],
    ]);
    expect(form.status).toBe(400);
  });
});
