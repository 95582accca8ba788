/**
 * Survey answer benchmark: customers answering the post-contact survey through their personal
 * links, 2,500 form posts a second (BENCH_SURVEY_RATE) for 20 s (BENCH_SURVEY_SECONDS), to
 * `servicemeter serve` running in a process of its own over the demo database of 20,000 contacts
 * (BENCH_SURVEY_CONTACTS) with its three surveys.
 *
 * Every answer goes to an invitation of its own (a link from a mail), as the page's form posts it
 * without JavaScript: POST /s/<token>, application/x-www-form-urlencoded, answered 303 to the
 * thanks page once the answer is committed. The pages were opened before (opened_at recorded, as
 * the GET of the page does); BENCH_SURVEY_UNOPENED=1 makes every post the page's first opening.
 * Requests are sent at a fixed pace whatever the answers (open loop) over at most 256 connections
 * at once (BENCH_SURVEY_CONNECTIONS).
 *
 * Measured:
 *   - the answers a second the server took (acknowledged ÷ sending time) and every answer's
 *     latency (p50, p95, max);
 *   - nothing lost: once the server has processed everything (the survey list's answered count,
 *     asked as a signed-in manager), it is stopped and the database read: every acknowledged
 *     invitation has its submission, its row in survey_responses with the score it was given, and
 *     its answered_at;
 *   - answer to visible: from the last acknowledgement to the answers all counted in the API;
 *   - what a customer downloads: the survey page (bytes, and gzipped) and the widget script (gzipped).
 *
 * Targets: ≥ 2,000 answers/s, nothing lost, page ≤ 50 kB, widget ≤ 10 kB gzipped. A report, not a
 * test: it exits 0 when a target is missed.
 *
 *   node dist/bench/surveys.js
 *   BENCH_SURVEY_RATE=500 BENCH_SURVEY_SECONDS=5 BENCH_SURVEY_CONTACTS=2000 node dist/bench/surveys.js
 *
 * Writes bench/out/surveys.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Engine } from '../src/core/engine.js';
import { newInvitationId, signLinkToken } from '../src/core/surveys/tokens.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { createDemoSurveys, POST_CONTACT_ID } from '../src/services/demo/surveys.js';
import { surveySecret } from '../src/services/surveys/config.js';
import { INVITATION_COLUMNS, invitationRow, invitationValues } from '../src/services/surveys/invitations.js';
import { createUser } from '../src/services/users.js';
import {
  latencies,
  ms,
  OUT_DIR,
  PASSWORD,
  prepareDemoDatabase,
  randomFrom,
  serveInChild,
  sessionHeaders,
  signIn,
} from './serve.js';

const CONTACTS = Number(process.env.BENCH_SURVEY_CONTACTS ?? 20_000);
const RATE = Number(process.env.BENCH_SURVEY_RATE ?? 2_500);
const SECONDS = Number(process.env.BENCH_SURVEY_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_SURVEY_CONNECTIONS ?? 256);
const ANSWERS = Math.round(RATE * SECONDS);
const RATE_TARGET = 2_000;
const PAGE_TARGET_BYTES = 50_000;
const WIDGET_TARGET_GZIP_BYTES = 10_000;
/** How long to wait, once sending stopped, for the server to process what it acknowledged. */
const DRAIN_LIMIT_MS = 5 * 60_000;
const MANAGER = 'survey-bench-manager@example.com';
const say = (line = '') => console.log(line);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Link {
  invitationId: string;
  token: string;
  language: string;
}

/**
 * One invitation per answer, as the post-contact job makes them: for resolved demo contacts with
 * an address, sent now, with a link open for two weeks. Written in batches, as rows, not one by one.
 */
async function makeInvitations(engine: Engine, count: number): Promise<Link[]> {
  const contacts = await engine.all(
    `SELECT source, external_id, customer_id, customer_email, customer_language FROM contacts
     WHERE customer_email IS NOT NULL ORDER BY contact_key LIMIT ${count}`,
  );
  if (contacts.length === 0) throw new Error('the demo database has no contacts with an address');
  const p = engine.dialect.placeholder;
  const [survey] = await engine.all(`SELECT version FROM surveys WHERE id = ${p(1)}`, [POST_CONTACT_ID]);
  const version = Number(survey?.version ?? 1);
  const secret = await surveySecret(engine);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 14 * 86_400_000);
  const links: Link[] = [];
  const batch = 500;
  for (let first = 0; first < count; first += batch) {
    const rows: unknown[] = [];
    const size = Math.min(batch, count - first);
    for (let k = 0; k < size; k++) {
      const contact = contacts[(first + k) % contacts.length] ?? {};
      const invitationId = newInvitationId();
      const language = String(contact.customer_language ?? 'nl');
      rows.push(
        ...invitationRow(
          {
            surveyId: POST_CONTACT_ID,
            via: 'email',
            contact: { source: String(contact.source), externalId: String(contact.external_id) },
            customerId: contact.customer_id === null ? null : String(contact.customer_id),
            email: String(contact.customer_email),
            language,
            sentAt: now,
          },
          invitationId,
          version,
          expiresAt,
        ),
      );
      links.push({
        invitationId,
        token: signLinkToken(secret, { invitationId, surveyId: POST_CONTACT_ID, version, expiresAt }),
        language,
      });
    }
    await engine.run(
      `INSERT INTO survey_invitations (${INVITATION_COLUMNS.join(', ')}) VALUES ${invitationValues(engine, size)}`,
      rows,
    );
  }
  // A customer opens the page (GET, which records opened_at) before posting its form; with
  // BENCH_SURVEY_UNOPENED=1 every post is also the page's first opening.
  if (process.env.BENCH_SURVEY_UNOPENED !== '1')
    await engine.run(
      `UPDATE survey_invitations SET opened_at = sent_at WHERE survey_id = ${p(1)} AND opened_at IS NULL AND sent_at IS NOT NULL`,
      [POST_CONTACT_ID],
    );
  return links;
}

/** The form a customer posts without JavaScript: every question of the post-contact survey. */
function formBody(score: number, random: () => number, language: string): string {
  const form = new URLSearchParams();
  form.set('q_csat', String(score));
  form.set('q_ces', String(Math.max(1, Math.min(7, score + 2 - Math.floor(random() * 3)))));
  for (const dimension of ['knowledge', 'speed_to_answer', 'speed_to_solve'])
    form.set(`q_${dimension}`, String(Math.max(1, Math.min(5, score + 1 - Math.floor(random() * 3)))));
  if (random() < 0.3)
    form.set('q_comment', score >= 4 ? 'Snel en vriendelijk geholpen, dank!' : 'Het duurde te lang.');
  form.set('lang', language);
  return form.toString();
}

interface Outcome {
  index: number;
  status: number;
  ms: number;
  at: number;
}

/** RATE answers a second for SECONDS, open loop, at most CONNECTIONS in flight. */
async function answer(url: string, links: readonly Link[], scores: readonly number[]) {
  const random = randomFrom(29);
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let skipped = 0;
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  const send = async (index: number) => {
    const link = links[index] as Link;
    const body = formBody(scores[index] ?? 5, random, link.language);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const sentAt = performance.now();
    let status = 0;
    try {
      const response = await fetch(`${url}s/${link.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      if (failures.length < 5) failures.push(String((error as Error).cause ?? error));
    } finally {
      inFlight--;
    }
    const at = performance.now();
    outcomes.push({ index, status, ms: at - sentAt, at });
  };
  for (let index = 0; index < links.length; index++) {
    const due = started + (index * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight >= CONNECTIONS) {
      // The pool is full: this customer's answer waits for a free connection, as a browser's would.
      skipped++;
      while (inFlight >= CONNECTIONS) await Promise.race(pending);
    }
    const request = send(index).finally(() => pending.delete(request));
    pending.add(request);
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return { outcomes, failures, seconds, maxInFlight, waitedForConnection: skipped };
}

/** Bytes of a response, raw and gzipped (what a browser asking for gzip downloads). */
async function size(target: string): Promise<{ status: number; bytes: number; gzip: number }> {
  const response = await fetch(target, { headers: { 'accept-language': 'nl' } });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes: body.length, gzip: gzipSync(body).length };
}

async function answeredCount(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${url}api/surveys`, { headers });
  if (!response.ok) throw new Error(`GET /api/surveys: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { surveys: { id: string; answered: number }[] };
  return body.surveys.find((s) => s.id === POST_CONTACT_ID)?.answered ?? 0;
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-survey-bench-'));
  const dbPath = join(dir, 'bench.duckdb');
  let links: Link[] = [];
  try {
    say(`Survey answers: ${RATE}/s for ${SECONDS} s (${ANSWERS} answers), demo of ${CONTACTS} contacts`);
    const prepared = await prepareDemoDatabase({
      dir,
      dbPath,
      contacts: CONTACTS,
      reused: false,
      addUsers: async (engine) => {
        await createDemoSurveys(engine);
        const manager = await createUser(engine, { email: MANAGER, password: PASSWORD, role: 'manager' });
        if (!manager.ok) throw new Error(JSON.stringify(manager.error));
        // One more link than answers: its page is measured, never answered.
        links = await makeInvitations(engine, ANSWERS + 1);
      },
    });
    say(
      `  prepared in ${prepared.seconds.toFixed(1)} s: ${prepared.contacts} contacts, ${links.length} invitations`,
    );
    const pageLink = links.pop() as Link;
    const random = randomFrom(7);
    const scores = links.map(() =>
      random() < 0.78 ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3),
    );

    const server = await serveInChild(dbPath);
    let result: Awaited<ReturnType<typeof answer>>;
    let visibleMs = Number.NaN;
    let page: Awaited<ReturnType<typeof size>>;
    let publicPage: Awaited<ReturnType<typeof size>>;
    let widget: Awaited<ReturnType<typeof size>>;
    try {
      const session = await signIn(server.url, MANAGER);
      const headers = sessionHeaders(server.url, session);
      page = await size(`${server.url}s/${pageLink.token}`);
      publicPage = await size(`${server.url}s/p/${POST_CONTACT_ID}/instagram`);
      widget = await size(`${server.url}s/widget.js`);
      const before = await answeredCount(server.url, headers);
      const load = loadavg()[0] ?? 0;
      result = await answer(server.url, links, scores);
      const lastAck = performance.now();
      const acknowledged = result.outcomes.filter((o) => o.status === 303).length;
      say(
        `  sent in ${result.seconds.toFixed(1)} s, ${acknowledged} acknowledged (load before: ${load.toFixed(2)})`,
      );
      const until = Date.now() + DRAIN_LIMIT_MS;
      for (;;) {
        const answered = (await answeredCount(server.url, headers)) - before;
        if (answered >= acknowledged) {
          visibleMs = performance.now() - lastAck;
          break;
        }
        if (Date.now() > until) {
          say(
            `  gave up waiting: ${answered} of ${acknowledged} answers counted after ${DRAIN_LIMIT_MS / 1000} s`,
          );
          break;
        }
        await sleep(250);
      }
    } finally {
      await server.stop();
    }

    const acknowledged = result.outcomes.filter((o) => o.status === 303);
    const statuses: Record<string, number> = {};
    for (const o of result.outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;

    // Nothing lost: every acknowledged answer is stored, processed, with its score.
    const engine = await openDuckDb({ path: dbPath });
    let missing = 0;
    let wrongScore = 0;
    let notAnswered = 0;
    let withoutSubmission = 0;
    try {
      const stored = new Map(
        (
          await engine.all(
            `SELECT r.invitation_id, r.score, i.answered_at IS NOT NULL AS answered,
               EXISTS (SELECT 1 FROM survey_submissions s WHERE s.invitation_id = r.invitation_id) AS submitted
             FROM survey_responses r JOIN survey_invitations i ON i.source = r.source AND i.external_id = r.invitation_id
             WHERE r.source = 'servicemeter' AND r.survey_id = ${engine.dialect.placeholder(1)} AND r.question_id IS NULL`,
            [POST_CONTACT_ID],
          )
        ).map((row) => [String(row.invitation_id), row]),
      );
      for (const o of acknowledged) {
        const link = links[o.index] as Link;
        const row = stored.get(link.invitationId);
        if (!row) missing++;
        else {
          if (Number(row.score) !== scores[o.index]) wrongScore++;
          if (row.answered !== true) notAnswered++;
          if (row.submitted !== true) withoutSubmission++;
        }
      }
    } finally {
      await engine.close();
    }

    const answerLatency = latencies(acknowledged.map((o) => o.ms));
    const answersPerSecond = acknowledged.length / result.seconds;
    say('');
    say('Answers through POST /s/<token> (form posts, no JavaScript)');
    say(`  sent ${result.outcomes.length}, statuses ${JSON.stringify(statuses)}`);
    if (result.failures.length > 0) say(`  unanswered requests, e.g.: ${result.failures.join('; ')}`);
    say(
      `  ${Math.round(answersPerSecond)} answers/s acknowledged (target ≥ ${RATE_TARGET}): ${answersPerSecond >= RATE_TARGET ? 'met' : 'MISSED'}`,
    );
    say(
      `  latency p50 ${ms(answerLatency.p50)}, p95 ${ms(answerLatency.p95)}, max ${ms(answerLatency.max)}; at most ${result.maxInFlight} in flight, ${result.waitedForConnection} waited for a connection`,
    );
    say(
      `  answer to counted in the API: ${Number.isNaN(visibleMs) ? 'not reached' : ms(visibleMs)} after the last acknowledgement`,
    );
    const lost = missing + wrongScore + notAnswered + withoutSubmission;
    say(
      `  lost: ${missing} missing, ${wrongScore} with another score, ${notAnswered} not marked answered, ${withoutSubmission} without their submission: ${lost === 0 ? 'none' : 'LOST ANSWERS'}`,
    );
    say('');
    say('What a customer downloads');
    say(
      `  survey page (post-contact, nl): ${page.bytes} bytes, ${page.gzip} gzipped (target ≤ ${PAGE_TARGET_BYTES}): ${page.status === 200 && page.bytes <= PAGE_TARGET_BYTES ? 'met' : 'MISSED'}`,
    );
    say(
      `  public-link page: ${publicPage.bytes} bytes, ${publicPage.gzip} gzipped (status ${publicPage.status})`,
    );
    say(
      `  widget script: ${widget.bytes} bytes, ${widget.gzip} gzipped (target ≤ ${WIDGET_TARGET_GZIP_BYTES}): ${widget.status === 200 && widget.gzip <= WIDGET_TARGET_GZIP_BYTES ? 'met' : 'MISSED'}`,
    );

    const report = {
      rate: RATE,
      seconds: SECONDS,
      contacts: CONTACTS,
      sent: result.outcomes.length,
      statuses,
      acknowledged: acknowledged.length,
      answersPerSecond,
      latencyMs: answerLatency,
      maxInFlight: result.maxInFlight,
      waitedForConnection: result.waitedForConnection,
      answerToCountedMs: Number.isNaN(visibleMs) ? null : visibleMs,
      lost: { missing, wrongScore, notAnswered, withoutSubmission },
      page,
      publicPage,
      widget,
    };
    await writeFile(join(OUT_DIR, 'surveys.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
