/**
 * Kill -9 during a burst of survey answers: `servicemeter serve` (the built CLI) takes form posts
 * on personal links, 40 at a time, and is killed the moment the 300th is acknowledged (303 to the
 * thanks page) with others in flight. Restarted, it processes what the first process stored: every
 * acknowledged answer is in survey_submissions, and in survey_responses with its score, exactly once.
 *
 * Runs the built CLI: `npm run build:server` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newInvitationId, signLinkToken } from '../../src/core/surveys/tokens.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { POST_CONTACT_DEFINITION } from '../../src/services/demo/surveys.js';
import { migrate } from '../../src/services/migrate.js';
import { surveySecret } from '../../src/services/surveys/config.js';
import {
  INVITATION_COLUMNS,
  invitationRow,
  invitationValues,
} from '../../src/services/surveys/invitations.js';
import { createSurvey } from '../../src/services/surveys/store.js';
import { createUser } from '../../src/services/users.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const SURVEY = 'after-contact';
const BURST = 500;
const KILL_AFTER = 300;

let dir = '';
let dbPath = '';
/** One personal link per answer of the burst, as the post-contact mails hand them out. */
const links: { invitationId: string; token: string }[] = [];

/** The score answer `index` gives: spread over the scale, so a mixed-up answer shows. */
const scoreOf = (index: number) => (index % 5) + 1;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before this test`);
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-survey-kill-'));
  dbPath = join(dir, 'kill.duckdb');
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    const admin = await createUser(db, { ...ADMIN, role: 'admin' });
    if (!admin.ok) throw new Error(JSON.stringify(admin.error));
    const now = new Date();
    const survey = await createSurvey(
      db,
      { id: SURVEY, name: 'After a contact', definition: POST_CONTACT_DEFINITION },
      null,
      now,
    );
    if (!survey.ok) throw new Error(JSON.stringify(survey.error));
    const secret = await surveySecret(db);
    const expiresAt = new Date(now.getTime() + 14 * 86_400_000);
    const rows: unknown[] = [];
    for (let index = 0; index < BURST; index++) {
      const invitationId = newInvitationId();
      rows.push(
        ...invitationRow(
          {
            surveyId: SURVEY,
            via: 'email',
            email: `customer${index}@example.com`,
            language: 'nl',
            sentAt: now,
          },
          invitationId,
          1,
          expiresAt,
        ),
      );
      links.push({
        invitationId,
        token: signLinkToken(secret, { invitationId, surveyId: SURVEY, version: 1, expiresAt }),
      });
    }
    await db.run(
      `INSERT INTO survey_invitations (${INVITATION_COLUMNS.join(', ')}) VALUES ${invitationValues(db, BURST)}`,
      rows,
    );
  } finally {
    await db.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `servicemeter serve` in a child process, and its address once it listens. */
async function serve(): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
      const match = /serving .* at (http:\/\/\S+?)\/?\s/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, exited };
}

/** The form the survey page posts without JavaScript. */
function form(index: number): string {
  return new URLSearchParams({
    q_csat: String(scoreOf(index)),
    q_ces: '6',
    q_knowledge: '4',
    q_comment: `answer ${index}`,
    lang: 'nl',
  }).toString();
}

describe('survey answers acknowledged before a kill -9', () => {
  test('are all stored and processed exactly once after a restart', async () => {
    const first = await serve();
    const acknowledged: number[] = [];
    let next = 0;
    let killed = false;
    const customer = async () => {
      while (!killed && next < BURST) {
        const index = next++;
        const reply = await fetch(`${first.url}/s/${links[index]?.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form(index),
          redirect: 'manual',
        }).catch(() => null);
        if (reply?.status !== 303 || killed) continue;
        acknowledged.push(index);
        if (acknowledged.length >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, customer));
    await first.exited;
    expect(acknowledged).toHaveLength(KILL_AFTER);

    const second = await serve();
    try {
      // The restarted server processes what the first one stored; the survey list counts it.
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: second.url },
        body: JSON.stringify(ADMIN),
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const until = Date.now() + 60_000;
      for (;;) {
        const list = (await (await fetch(`${second.url}/api/surveys`, { headers: { cookie } })).json()) as {
          surveys: { id: string; answered: number }[];
        };
        const answered = list.surveys.find((s) => s.id === SURVEY)?.answered ?? 0;
        if (answered >= KILL_AFTER || Date.now() > until) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    const db = await openDuckDb({ path: dbPath });
    try {
      const submissions = new Map(
        (
          await db.all(
            'SELECT invitation_id, count(*) AS copies FROM survey_submissions GROUP BY invitation_id',
          )
        ).map((row) => [String(row.invitation_id), Number(row.copies)]),
      );
      const main = new Map(
        (
          await db.all(
            `SELECT invitation_id, count(*) AS copies, min(score) AS score, min(comment) AS comment
             FROM survey_responses WHERE survey_id = '${SURVEY}' AND question_id IS NULL GROUP BY invitation_id`,
          )
        ).map((row) => [String(row.invitation_id), row]),
      );
      const answered = new Set(
        (
          await db.all(
            `SELECT external_id FROM survey_invitations WHERE survey_id = '${SURVEY}' AND answered_at IS NOT NULL`,
          )
        ).map((row) => String(row.external_id)),
      );
      for (const index of acknowledged) {
        const id = links[index]?.invitationId ?? '';
        expect(submissions.get(id), `submission of answer ${index}`).toBe(1);
        expect(main.get(id), `row of answer ${index}`).toEqual({
          invitation_id: id,
          copies: 1,
          score: scoreOf(index),
          comment: `answer ${index}`,
        });
        expect(answered.has(id), `answered_at of answer ${index}`).toBe(true);
      }
    } finally {
      await db.close();
    }
  }, 180_000);
});
