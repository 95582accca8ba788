/**
 * `servicemeter qa`: on a database file, and through the server that holds it. Runs the built CLI
 * (`npm run build:server` first).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { openDispute } from '../src/services/qa/disputes.js';
import { submitReview } from '../src/services/qa/reviews.js';
import { createToken, createUser, type Role } from '../src/services/users.js';
import { PASSWORD, signedIn, startTestServer, type TestServer } from './server/support.js';
import { cli, expectRefused, type Run } from './support/cli.js';
import { FIXTURES } from './support/engines.js';

const SCORECARD = {
  id: 'support',
  status: 'active',
  definition: {
    name: 'Support',
    categories: [
      { id: 'accuracy', name: 'Accurate answer', scale: '1-5', weight: 2, critical: true },
      { id: 'tone', name: 'Tone', scale: '1-5', weight: 1 },
      { id: 'greeting', name: 'Greeting', scale: 'pass_fail', weight: 1 },
    ],
  },
};

let work: string;
let dbPath: string;
const file = (name: string) => join(work, name);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-qa-'));
  dbPath = join(work, 'team.duckdb');
  const db = await openDuckDb({ path: dbPath });
  await migrate(db);
  const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  await db.close();
  await writeFile(file('support.json'), JSON.stringify(SCORECARD, null, 2));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('servicemeter qa on a database file', () => {
  test('scorecards: add, list, show and export, which add reads back', async () => {
    const added = await cli(['qa', 'scorecards', 'add', file('support.json'), '--db', dbPath]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('added scorecard support (Support): active, version 1, 3 categories\n');

    const list = await cli(['qa', 'scorecards', 'list', '--db', dbPath]);
    expect(list.code, list.stderr).toBe(0);
    const [header, , row] = list.stdout.split('\n');
    expect(header).toMatch(/^id\s+name\s+status\s+version\s+categories\s+critical/);
    expect(row).toMatch(/^support\s+Support\s+active\s+1\s+3\s+accuracy\s+80\.0 %\s+everything$/);

    const shown = await cli(['qa', 'scorecards', 'show', 'support', '--db', dbPath]);
    expect(shown.stdout).toMatch(/^accuracy\s+Accurate answer\s+1-5\s+2\s+yes\s+below 50\.0 %/m);

    const exported = file('exported.json');
    const written = await cli(['qa', 'scorecards', 'export', 'support', '--out', exported, '--db', dbPath]);
    expect(written.code, written.stderr).toBe(0);
    const copy = JSON.parse(await readFile(exported, 'utf8'));
    expect(copy).toMatchObject({ id: 'support', status: 'active', definition: { name: 'Support' } });
    expectRefused(
      await cli(['qa', 'scorecards', 'add', exported, '--db', dbPath]),
      /exported\.json: .*support/,
    );
    await writeFile(exported, JSON.stringify({ ...copy, id: 'support-copy' }));
    const again = await cli(['qa', 'scorecards', 'add', exported, '--db', dbPath]);
    expect(again.code, again.stderr).toBe(0);
  });

  test('a scorecard file at fault is named with the field; not JSON with the line', async () => {
    await writeFile(
      file('bad.json'),
      JSON.stringify({ name: 'Bad', categories: [{ id: 'tone', name: 'Tone', scale: '1-10' }] }),
    );
    expectRefused(
      await cli(['qa', 'scorecards', 'add', file('bad.json'), '--db', dbPath]),
      /bad\.json: .*categories\.0\.scale/,
    );
    await writeFile(file('broken.json'), '{\n  "name": "Broken",\n  "categories": [\n');
    expectRefused(
      await cli(['qa', 'scorecards', 'add', file('broken.json'), '--db', dbPath]),
      /broken\.json: not JSON/,
    );
    expectRefused(await cli(['qa', 'scorecards', 'show', 'nothing', '--db', dbPath]), /no scorecard nothing/);
  });

  test('a rule, its sample drawn with a seed (the same twice), the assignments', async () => {
    await writeFile(
      file('weekly.json'),
      JSON.stringify({
        id: 'weekly',
        name: 'Weekly',
        schedule: 'weekly',
        perAgent: 1,
        stratifyByChannel: false,
        scorecardId: 'support',
        reviewers: ['u-lead'],
      }),
    );
    const added = await cli(['qa', 'rules', 'add', file('weekly.json'), '--db', dbPath]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added sampling rule weekly \(Weekly\): weekly, 1 per agent/);
    expect((await cli(['qa', 'rules', 'list', '--db', dbPath])).stdout).toMatch(/^weekly\s+Weekly\s+yes/m);

    const draw = (extra: string[]) =>
      cli([
        'qa',
        'sample',
        'weekly',
        '--period',
        '2026-W10',
        '--seed',
        'march',
        '--format',
        'json',
        ...extra,
        '--db',
        dbPath,
      ]);
    const first = await draw(['--dry-run']);
    expect(first.code, first.stderr).toBe(0);
    const contacts = (run: Run) => JSON.parse(run.stdout).drawn.map((a: { contact: unknown }) => a.contact);
    expect(contacts(await draw(['--dry-run']))).toEqual(contacts(first));
    expect(contacts(first)).toHaveLength(2);
    const drawn = await draw([]);
    expect(contacts(drawn)).toEqual(contacts(first));

    const assignments = await cli([
      'qa',
      'assignments',
      '--reviewer',
      'u-lead',
      '--format',
      'json',
      '--db',
      dbPath,
    ]);
    expect(
      JSON.parse(assignments.stdout)
        .map((a: { agentId: string }) => a.agentId)
        .sort(),
    ).toEqual(['ann', 'bob']);
    const table = await cli(['qa', 'assignments', '--db', dbPath]);
    expect(table.stdout).toMatch(/^id\s+contact\s+agent\s+reviewer/);

    expectRefused(await cli(['qa', 'sample', 'weekly', '--period', '2026-13', '--db', dbPath]), /ISO week/);
    expectRefused(await cli(['qa', 'sample', 'nothing', '--db', dbPath]), /no sampling rule nothing/);
  });

  test('a review from a file: its score as the database computes it; the reviews as CSV', async () => {
    await writeFile(
      file('review.json'),
      JSON.stringify({
        contact: { source: 'helpdesk', externalId: 't1' },
        scorecardId: 'support',
        ratings: [
          { categoryId: 'accuracy', rating: 5 },
          { categoryId: 'tone', rating: 3, comment: '=curt, "short"' },
          { categoryId: 'greeting', rating: 1 },
        ],
      }),
    );
    expectRefused(await cli(['qa', 'review', file('review.json'), '--db', dbPath]), /--reviewer/);
    const reviewed = await cli(['qa', 'review', file('review.json'), '--reviewer', 'u-lead', '--db', dbPath]);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    // (2·1 + 1·0.5 + 1·1) ÷ 4 = 0.875.
    expect(reviewed.stdout).toMatch(
      /^review servicemeter\|\S+ of helpdesk\|t1 \(agent ann\): 87\.5 %, passed\n$/,
    );

    const csv = await cli(['qa', 'reviews', '--format', 'csv', '--db', dbPath]);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,reviewedAt,contact,agentId,reviewerId,kind,scorecardId,score,passed,criticalFailed,disputed,channel',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/,helpdesk\|t1,ann,u-lead,review,support,0\.875,true,false,false,email$/);
    const none = await cli(['qa', 'reviews', '--agent', 'bob', '--db', dbPath]);
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('no reviews\n');

    await writeFile(
      file('wrong.json'),
      JSON.stringify({
        contact: { source: 'helpdesk', externalId: 't1' },
        scorecardId: 'support',
        ratings: [{ categoryId: 'tone', rating: 9 }],
      }),
    );
    expectRefused(
      await cli(['qa', 'review', file('wrong.json'), '--reviewer', 'u-lead', '--db', dbPath]),
      /wrong\.json: .*ratings/,
    );
  });

  test('disputes, calibration, checks, training and drift answer on the file', async () => {
    const disputes = await cli(['qa', 'disputes', '--db', dbPath]);
    expect(disputes.code, disputes.stderr).toBe(0);
    expect(disputes.stderr).toBe('no disputes\n');
    expect((await cli(['qa', 'calibration', 'list', '--db', dbPath])).stderr).toBe(
      'no calibration sessions\n',
    );
    expectRefused(
      await cli(['qa', 'calibration', 'result', 'nothing', '--db', dbPath]),
      /no calibration session nothing/,
    );

    const checks = await cli(['qa', 'checks', 'list', '--db', dbPath]);
    expect(checks.code, checks.stderr).toBe(0);
    expect(checks.stdout).toMatch(/^id\s+kind\s+label\s+enabled/);
    const ran = await cli(['qa', 'checks', 'run', '--db', dbPath]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^checked \d+ conversations: \d+ hits\n$/);

    const day = await cli([
      'qa',
      'training',
      'add',
      '--agent',
      'ann',
      '--day',
      '2026-03-12',
      '--hours',
      '2',
      '--db',
      dbPath,
    ]);
    expect(day.code, day.stderr).toBe(0);
    expect(day.stdout).toBe('recorded a training day of ann on 2026-03-12\n');
    expectRefused(
      await cli(['qa', 'training', 'add', '--agent', 'ann', '--day', '2026-02-30', '--db', dbPath]),
      /YYYY-MM-DD/,
    );
    const needs = await cli([
      'qa',
      'training',
      'needs',
      '--from',
      '2026-03-01',
      '--to',
      '2026-12-31',
      '--db',
      dbPath,
    ]);
    expect(needs.code, needs.stderr).toBe(0);
    const drift = await cli(['qa', 'drift', '--format', 'json', '--db', dbPath]);
    expect(drift.code, drift.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(drift.stdout))).toBe(true);
  });

  test('help names every subcommand with examples', async () => {
    const help = await cli(['qa', '--help']);
    for (const command of [
      'scorecards',
      'rules',
      'sample',
      'assignments',
      'reviews',
      'review',
      'calibration',
      'disputes',
      'checks',
      'training',
      'drift',
    ])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('Examples:');
  });
});

describe('servicemeter qa while a server holds the database', () => {
  let server: TestServer;
  let adminToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db) => {
        const ids = await db.all(
          "SELECT id, email FROM users WHERE email IN ('admin@example.com', 'viewer@example.com')",
        );
        const idOf = (email: string) => String(ids.find((r) => r.email === email)?.id);
        adminToken = (await createToken(db, idOf('admin@example.com'), { name: 'cli' })).token;
        viewerToken = (await createToken(db, idOf('viewer@example.com'), { name: 'cli' })).token;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  test('the commands go through the server found by the database file; the token names the reviewer', async () => {
    const env = { SERVICEMETER_TOKEN: adminToken };
    const added = await cli(['qa', 'scorecards', 'add', file('support.json'), '--db', server.dbPath], env);
    expect(added.code, added.stderr).toBe(0);
    const list = await cli(['qa', 'scorecards', 'list', '--format', 'json', '--db', server.dbPath], env);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual(['support']);
    const reviewed = await cli(['qa', 'review', file('review.json'), '--db', server.dbPath], env);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(reviewed.stdout).toMatch(/87\.5 %, passed/);
    const reviews = await cli(['qa', 'reviews', '--format', 'json', '--db', server.dbPath], env);
    expect(JSON.parse(reviews.stdout)).toHaveLength(1);
  });

  test('--server and --token name the server; its refusals are one line, a file named', async () => {
    expectRefused(
      await cli(['qa', 'reviews', '--db', server.dbPath]),
      /holds the database .*give an API token/,
    );
    expectRefused(
      await cli(['qa', 'reviews', '--server', server.url, '--token', viewerToken]),
      /refused \(403\)/,
    );
    const listed = await cli(['qa', 'checks', 'list', '--server', server.url, '--token', viewerToken]);
    expect(listed.code, listed.stderr).toBe(0);
    expectRefused(
      await cli(['qa', 'scorecards', 'add', file('bad.json'), '--server', server.url, '--token', adminToken]),
      /bad\.json: .*categories\.0\.scale/,
    );
  });
});

describe("servicemeter qa: a team lead's work on a database file", () => {
  /** User ids by name: lead and coach are managers, ann is the agent ann, vera a viewer. */
  const users: Record<string, string> = {};
  let reviewId: string;
  let disputeId: string;

  beforeAll(async () => {
    const db = await openDuckDb({ path: dbPath });
    try {
      const people: [string, Role, string | null][] = [
        ['lead', 'manager', null],
        ['coach', 'manager', null],
        ['ann', 'agent', 'ann'],
        ['vera', 'viewer', null],
      ];
      for (const [name, role, agentId] of people) {
        const created = await createUser(db, {
          email: `${name}@lead.example.com`,
          password: PASSWORD,
          role,
          agentId,
        });
        if (!created.ok) throw new Error(JSON.stringify(created.error));
        users[name] = created.data.id;
      }
      // The coach reviews ann's chat; tone 2 of 5: (2·1 + 1·0.25 + 1·1) ÷ 4 = 0.8125.
      const review = await submitReview(
        db,
        { userId: users.coach as string, role: 'manager', agentId: null },
        {
          contact: { source: 'helpdesk', externalId: 't3' },
          scorecardId: 'support',
          ratings: [
            { categoryId: 'accuracy', rating: 5 },
            { categoryId: 'tone', rating: 2 },
            { categoryId: 'greeting', rating: 1 },
          ],
        },
        new Date(),
      );
      if (!review.ok) throw new Error(JSON.stringify(review.error));
      reviewId = review.data.id;
      const dispute = await openDispute(
        db,
        { userId: users.ann as string, role: 'agent', agentId: 'ann' },
        reviewId,
        { reason: 'The customer thanked me for the tone', categoryId: 'tone' },
        new Date(),
      );
      if (!dispute.ok) throw new Error(JSON.stringify(dispute.error));
      disputeId = dispute.data.id;
    } finally {
      await db.close();
    }
    await writeFile(file('tone.json'), JSON.stringify([{ categoryId: 'tone', rating: 5 }]));
    await writeFile(
      file('tone-wrong.json'),
      JSON.stringify({ ratings: [{ categoryId: 'tone', rating: 9 }] }),
    );
  }, 60_000);

  test('disputes resolve: --by names a manager who is not the reviewer; accepted ratings rescore the review', async () => {
    const resolve = (...extra: string[]) =>
      cli([
        'qa',
        'disputes',
        'resolve',
        disputeId,
        '--resolution',
        'Tone was kind',
        ...extra,
        '--db',
        dbPath,
      ]);
    expectRefused(await resolve('--by', users.lead as string), /give --accept .* or --reject/);
    expectRefused(await resolve('--accept', '--reject', '--by', users.lead as string), /--accept.*--reject/);
    expectRefused(await resolve('--accept'), /give --by <user id> of a manager or an admin/);
    expectRefused(await resolve('--accept', '--by', 'nobody'), /--by: there is no user nobody/);
    expectRefused(
      await resolve('--accept', '--by', users.vera as string),
      /is a viewer; a manager or an admin resolves a dispute/,
    );
    expectRefused(
      await resolve('--accept', '--by', users.ann as string),
      /is an agent; a manager or an admin resolves a dispute/,
    );
    expectRefused(
      await resolve('--accept', '--by', users.coach as string),
      /the reviewer of a disputed review does not resolve it/,
    );
    expectRefused(
      await resolve('--reject', '--ratings', file('tone.json'), '--by', users.lead as string),
      /--ratings go with --accept/,
    );
    expectRefused(
      await resolve('--accept', '--ratings', file('tone-wrong.json'), '--by', users.lead as string),
      /tone-wrong\.json: ratings/,
    );

    const accepted = await resolve('--accept', '--ratings', file('tone.json'), '--by', users.lead as string);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toBe(`dispute ${disputeId} accepted: review ${reviewId} 81.3 % → 100.0 %\n`);
    expectRefused(
      await resolve('--reject', '--by', users.lead as string),
      new RegExp(`dispute ${disputeId} is accepted`),
    );
    const listed = await cli(['qa', 'disputes', '--status', 'accepted', '--format', 'json', '--db', dbPath]);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id: disputeId, status: 'accepted', resolvedBy: users.lead, scoreBefore: 0.8125, scoreAfter: 1 },
    ]);
  });

  test('goals: set for everyone and one agent, listed, progress per agent; 0 removes one', async () => {
    const goals = (...args: string[]) => cli(['qa', 'goals', ...args, '--db', dbPath]);
    expectRefused(
      await goals('set', '--scope', 'team', '--reviews-per-month', '2'),
      /--scope team needs --id/,
    );
    expectRefused(
      await goals('set', '--scope', 'all', '--id', 'x', '--reviews-per-month', '2'),
      /--id goes with --scope team or agent/,
    );
    expectRefused(await goals('set', '--scope', 'all', '--reviews-per-month', '-1'), /whole number/);
    expectRefused(await goals('set', '--scope', 'everyone', '--reviews-per-month', '1'), /all, team, agent/);
    expect((await goals('set', '--scope', 'all', '--reviews-per-month', '2')).stdout).toBe(
      'goal for everyone: 2 reviews per month\n',
    );
    expect((await goals('set', '--scope', 'agent', '--id', 'ann', '--reviews-per-month', '3')).stdout).toBe(
      'goal for agent ann: 3 reviews per month\n',
    );
    const list = await goals('list');
    expect(list.stdout).toMatch(/^all\s+everyone\s+2\s/m);
    expect(list.stdout).toMatch(/^agent\s+ann\s+3\s/m);

    const progress = async () =>
      JSON.parse((await goals('progress', '--format', 'json')).stdout) as {
        agentId: string;
        goal: number;
        scope: string;
        reviews: number;
      }[];
    const now = await progress();
    expect(now.map((p) => [p.agentId, p.scope, p.goal])).toEqual([
      ['ann', 'agent', 3],
      ['bob', 'all', 2],
    ]);
    // ann's t3 was reviewed this month (reviews are dated when given).
    expect(now[0]?.reviews).toBeGreaterThanOrEqual(1);
    const bobOnly = await goals('progress', '--agent', 'bob');
    expect(bobOnly.stdout).toMatch(/^bob\s+\d{4}-\d{2}\s+0\s+2\s+2 to go\s+everyone$/m);
    expect(bobOnly.stdout).not.toMatch(/^ann/m);
    expect((await goals('progress', '--month', '2020-01')).stderr).toBe('');
    expectRefused(await goals('progress', '--month', '2026-13'), /YYYY-MM/);

    expect((await goals('set', '--scope', 'agent', '--id', 'ann', '--reviews-per-month', '0')).stdout).toBe(
      'removed the goal for agent ann\n',
    );
    expect((await progress()).map((p) => [p.agentId, p.scope, p.goal])).toEqual([
      ['ann', 'all', 2],
      ['bob', 'all', 2],
    ]);
  });

  test('coaching: add from a file, the coach named by --by; a file at fault named with the field', async () => {
    await writeFile(
      file('coaching.json'),
      JSON.stringify({
        agentId: 'ann',
        reviewIds: [reviewId],
        categories: ['tone'],
        actions: [{ text: 'Read the tone guide' }],
        followUpOn: '2026-12-20',
      }),
    );
    expectRefused(
      await cli(['qa', 'coaching', 'add', file('coaching.json'), '--db', dbPath]),
      /give --by <user id>/,
    );
    const added = await cli([
      'qa',
      'coaching',
      'add',
      file('coaching.json'),
      '--by',
      users.lead as string,
      '--db',
      dbPath,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      new RegExp(
        `^added coaching session \\w+ with ann \\(coach ${users.lead}\\): planned, follow up on 2026-12-20\\n$`,
      ),
    );
    await writeFile(file('coaching-wrong.json'), JSON.stringify({ agentId: 'nobody', coachId: users.lead }));
    expectRefused(
      await cli(['qa', 'coaching', 'add', file('coaching-wrong.json'), '--db', dbPath]),
      /coaching-wrong\.json: agentId: there is no agent nobody/,
    );

    const list = await cli(['qa', 'coaching', 'list', '--agent', 'ann', '--format', 'json', '--db', dbPath]);
    expect(JSON.parse(list.stdout)).toMatchObject([
      {
        agentId: 'ann',
        coachId: users.lead,
        reviewIds: [reviewId],
        actions: [{ text: 'Read the tone guide', done: false }],
      },
    ]);
    expect((await cli(['qa', 'coaching', 'list', '--agent', 'bob', '--db', dbPath])).stderr).toBe(
      'no coaching sessions\n',
    );
    expect((await cli(['qa', 'coaching', 'list', '--db', dbPath])).stdout).toMatch(
      /^\w+\s+ann\s+\S+\s+planned\s+–\s+2026-12-20\s+1\s+0 of 1$/m,
    );
  });

  test('calibration: create with reviewers and conversations, then close', async () => {
    const create = (...extra: string[]) =>
      cli([
        'qa',
        'calibration',
        'create',
        '--name',
        'December',
        '--scorecard',
        'support',
        ...extra,
        '--db',
        dbPath,
      ]);
    expectRefused(
      await create('--reviewer', users.lead as string, '--contact', 'helpdesk|t2'),
      /reviewers: a calibration needs at least two reviewers/,
    );
    expectRefused(
      await create('--reviewer', 'a', '--reviewer', 'b', '--contact', 'helpdesk-t2'),
      /--contact helpdesk-t2: expected source\|external_id/,
    );
    expectRefused(
      await create('--reviewer', 'a', '--reviewer', 'b', '--contact', 'helpdesk|t2', '--due', '31-12-2026'),
      /a day YYYY-MM-DD or an instant/,
    );
    expectRefused(
      await create(
        '--reviewer',
        'a',
        '--reviewer',
        'b',
        '--contact',
        'helpdesk|t2',
        '--by',
        users.ann as string,
      ),
      /is an agent; a manager or an admin starts a calibration/,
    );
    const created = await create(
      '--reviewer',
      users.lead as string,
      '--reviewer',
      users.coach as string,
      '--contact',
      'helpdesk|t2',
      '--contact',
      'helpdesk|t6',
      '--reference',
      users.lead as string,
      '--due',
      '2026-12-31',
      '--by',
      users.lead as string,
      '--format',
      'json',
    );
    expect(created.code, created.stderr).toBe(0);
    const session = JSON.parse(created.stdout);
    expect(session).toMatchObject({
      name: 'December',
      scorecardId: 'support',
      status: 'open',
      reviewers: [users.lead, users.coach],
      contacts: [
        { source: 'helpdesk', externalId: 't2' },
        { source: 'helpdesk', externalId: 't6' },
      ],
      referenceReviewerId: users.lead,
      dueAt: '2026-12-31T23:59:59Z',
    });
    const assignments = await cli([
      'qa',
      'assignments',
      '--reviewer',
      users.coach as string,
      '--format',
      'json',
      '--db',
      dbPath,
    ]);
    expect(
      JSON.parse(assignments.stdout).filter((a: { kind: string }) => a.kind === 'calibration'),
    ).toHaveLength(2);

    const closed = await cli(['qa', 'calibration', 'close', session.id, '--db', dbPath]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toBe(`closed calibration ${session.id} (December)\n`);
    expectRefused(
      await cli(['qa', 'calibration', 'close', session.id, '--db', dbPath]),
      new RegExp(`calibration session ${session.id} is closed`),
    );
    expectRefused(
      await cli(['qa', 'calibration', 'close', 'nothing', '--db', dbPath]),
      /no calibration session nothing/,
    );
  });

  test('rules: update from a file, the rest kept; remove', async () => {
    await writeFile(
      file('spot.json'),
      JSON.stringify({
        id: 'spot',
        name: 'Spot check',
        schedule: 'daily',
        perAgent: 1,
        reviewers: [users.lead],
      }),
    );
    expect((await cli(['qa', 'rules', 'add', file('spot.json'), '--db', dbPath])).code).toBe(0);
    await writeFile(file('spot-more.json'), JSON.stringify({ perAgent: 3, enabled: false }));
    const updated = await cli(['qa', 'rules', 'update', 'spot', file('spot-more.json'), '--db', dbPath]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toBe('changed sampling rule spot (Spot check): disabled, daily, 3 per agent\n');
    expect((await cli(['qa', 'rules', 'list', '--db', dbPath])).stdout).toMatch(
      /^spot\s+Spot check\s+no\s+daily\s+3\s/m,
    );
    await writeFile(file('spot-wrong.json'), JSON.stringify({ perAgent: 0 }));
    expectRefused(
      await cli(['qa', 'rules', 'update', 'spot', file('spot-wrong.json'), '--db', dbPath]),
      /spot-wrong\.json: .*perAgent/,
    );
    expectRefused(
      await cli(['qa', 'rules', 'update', 'nothing', file('spot-more.json'), '--db', dbPath]),
      /no sampling rule nothing/,
    );

    const removed = await cli(['qa', 'rules', 'remove', 'spot', '--db', dbPath]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe('removed sampling rule spot\n');
    expectRefused(await cli(['qa', 'rules', 'remove', 'spot', '--db', dbPath]), /no sampling rule spot/);
    expect((await cli(['qa', 'rules', 'list', '--db', dbPath])).stdout).not.toMatch(/^spot\b/m);
  });

  test("help names the team lead's subcommands, with examples", async () => {
    const help = await cli(['qa', '--help']);
    for (const command of ['goals', 'coaching'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const disputes = await cli(['qa', 'disputes', '--help']);
    expect(disputes.stdout).toMatch(/^ {2}resolve\b/m);
    const resolve = await cli(['qa', 'disputes', 'resolve', '--help']);
    expect(resolve.stdout).toContain('--ratings <file>');
    expect(resolve.stdout).toContain('Examples:');
    for (const [group, subcommands] of [
      ['goals', ['list', 'set', 'progress']],
      ['coaching', ['list', 'add']],
      ['calibration', ['list', 'result', 'create', 'close']],
      ['rules', ['list', 'add', 'update', 'remove']],
    ] as const) {
      const shown = await cli(['qa', group, '--help']);
      for (const command of subcommands) expect(shown.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });
});

describe("servicemeter qa: a team lead's work through the server", () => {
  let server: TestServer;
  let managerToken: string;
  let managerId: string;
  let adminId: string;
  const through = (...args: string[]) =>
    cli(['qa', ...args, '--server', server.url, '--token', managerToken]);

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db) => {
        const ids = await db.all(
          "SELECT id, email FROM users WHERE email IN ('admin@example.com', 'manager@example.com')",
        );
        const idOf = (email: string) => String(ids.find((r) => r.email === email)?.id);
        managerId = idOf('manager@example.com');
        adminId = idOf('admin@example.com');
        managerToken = (await createToken(db, managerId, { name: 'cli' })).token;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  test("a dispute resolved through the server: the token's user resolves, --by is not needed", async () => {
    expect((await through('scorecards', 'add', file('support.json'))).code).toBe(0);
    // The admin reviews ann's t1 (the manager resolves; a reviewer does not resolve their own).
    const admin = await signedIn(server.url, 'admin');
    const review = await admin.post(
      '/api/qa/reviews',
      JSON.parse(await readFile(file('review.json'), 'utf8')),
    );
    expect(review.status, review.text).toBe(201);
    const ann = await signedIn(server.url, 'ann');
    const opened = await ann.post(`/api/qa/reviews/${encodeURIComponent(review.json.id)}/disputes`, {
      reason: 'The tone was fine',
      categoryId: 'tone',
    });
    expect(opened.status, opened.text).toBe(201);
    const id = opened.json.id as string;

    expectRefused(
      await through(
        'disputes',
        'resolve',
        id,
        '--accept',
        '--resolution',
        'ok',
        '--ratings',
        file('tone-wrong.json'),
      ),
      /tone-wrong\.json: .*ratings/,
    );
    const accepted = await through(
      'disputes',
      'resolve',
      id,
      '--accept',
      '--resolution',
      'Agreed',
      '--ratings',
      file('tone.json'),
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    // Tone 3 → 5: 0.875 → 1.
    expect(accepted.stdout).toBe(`dispute ${id} accepted: review ${review.json.id} 87.5 % → 100.0 %\n`);
    expectRefused(
      await through('disputes', 'resolve', id, '--reject', '--resolution', 'No'),
      /refused \(409\): .*is accepted/,
    );
    const audit = await admin.get('/api/audit?action=qa.dispute.accept');
    expect(audit.json.rows.map((r: { userId: string }) => r.userId)).toEqual([managerId]);
  });

  test('goals, coaching, calibration and rules through the server', async () => {
    expect(
      (await through('goals', 'set', '--scope', 'team', '--id', 'support', '--reviews-per-month', '4'))
        .stdout,
    ).toBe('goal for team support: 4 reviews per month\n');
    expect(JSON.parse((await through('goals', 'list', '--format', 'json')).stdout)).toMatchObject([
      { scope: 'team', scopeId: 'support', reviewsPerMonth: 4 },
    ]);
    const progress = JSON.parse(
      (await through('goals', 'progress', '--agent', 'ann', '--format', 'json')).stdout,
    );
    expect(progress).toMatchObject([{ agentId: 'ann', scope: 'team', goal: 4 }]);

    await writeFile(
      file('coaching-server.json'),
      JSON.stringify({ agentId: 'bob', notes: 'Returns policy' }),
    );
    const coached = await through('coaching', 'add', file('coaching-server.json'));
    expect(coached.code, coached.stderr).toBe(0);
    expect(coached.stdout).toMatch(new RegExp(`with bob \\(coach ${managerId}\\): planned`));
    expect(
      JSON.parse((await through('coaching', 'list', '--agent', 'bob', '--format', 'json')).stdout),
    ).toHaveLength(1);
    expectRefused(
      await through('coaching', 'add', file('coaching-wrong.json')),
      /coaching-wrong\.json: .*agentId/,
    );

    const created = await through(
      'calibration',
      'create',
      '--name',
      'Server',
      '--scorecard',
      'support',
      '--reviewer',
      managerId,
      '--reviewer',
      adminId,
      '--contact',
      'helpdesk|t2',
      '--format',
      'json',
    );
    expect(created.code, created.stderr).toBe(0);
    const session = JSON.parse(created.stdout);
    expect(session).toMatchObject({ name: 'Server', status: 'open', reviewers: [managerId, adminId] });
    expect((await through('calibration', 'close', session.id)).stdout).toBe(
      `closed calibration ${session.id} (Server)\n`,
    );
    expectRefused(await through('calibration', 'close', session.id), /refused \(409\)/);

    await writeFile(
      file('spot-server.json'),
      JSON.stringify({
        id: 'spot',
        name: 'Spot check',
        schedule: 'daily',
        perAgent: 1,
        reviewers: [managerId],
      }),
    );
    const rule = await through('rules', 'add', file('spot-server.json'));
    expect(rule.code, rule.stderr).toBe(0);
    expect((await through('rules', 'update', 'spot', file('spot-more.json'))).stdout).toBe(
      'changed sampling rule spot (Spot check): disabled, daily, 3 per agent\n',
    );
    expectRefused(
      await through('rules', 'update', 'spot', file('spot-wrong.json')),
      /spot-wrong\.json: .*perAgent/,
    );
    expect((await through('rules', 'remove', 'spot')).stdout).toBe('removed sampling rule spot\n');
    expectRefused(await through('rules', 'remove', 'spot'), /refused \(404\): no sampling rule spot/);
  });
});
