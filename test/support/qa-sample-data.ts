/**
 * A small helpdesk for the quality-review tests: three agents, a week of contacts (ISO week
 * 2026-W10, Monday 2 March to Sunday 8 March, UTC) on several channels, with reopens, an escalation,
 * a slow contact, tags, topics and CSAT answers; users for the reviewers and the agents.
 *
 * - ann (team support, user u-ann): 6 email, 3 chat, 1 phone in W10, one email in W09.
 * - bob (team support, user u-bob): 5 email in W10; b1 reopened, b2 escalated, b3 resolved after
 *   three days, b1 with a CSAT answer of 2 (not top box), b2 of 5; b4 tagged vip, topic refund.
 * - cid (team sales, user u-cid): first contact on Thursday 5 March, 4 chat in W10, 2 chat in W11.
 * - x1: an email without an assignee.
 * Reviewers: u-lead and u-qa (managers, no agent).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { copyCanonical, type EngineKind, openMigratedPostgres, withDuckDb } from './engines.js';

export const W10 = '2026-W10';

interface SampleContact {
  id: string;
  channel: string;
  at: string;
  agent: string | null;
  team: string;
  topic?: string;
  tags?: string;
  reopened?: boolean;
  escalated?: boolean;
  slow?: boolean;
}

function sampleContacts(): SampleContact[] {
  const list: SampleContact[] = [];
  const day = (d: number, hour: number) =>
    `2026-03-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  for (let i = 1; i <= 6; i++)
    list.push({ id: `a${i}`, channel: 'email', at: day(1 + i, 9), agent: 'ann', team: 'support' });
  for (let i = 7; i <= 9; i++)
    list.push({ id: `a${i}`, channel: 'chat', at: day(i - 5, 11), agent: 'ann', team: 'support' });
  list.push({ id: 'a10', channel: 'phone', at: day(4, 14), agent: 'ann', team: 'support' });
  list.push({ id: 'a0', channel: 'email', at: '2026-02-25T09:00:00Z', agent: 'ann', team: 'support' });
  list.push({ id: 'b1', channel: 'email', at: day(2, 10), agent: 'bob', team: 'support', reopened: true });
  list.push({ id: 'b2', channel: 'email', at: day(3, 10), agent: 'bob', team: 'support', escalated: true });
  list.push({ id: 'b3', channel: 'email', at: day(4, 10), agent: 'bob', team: 'support', slow: true });
  list.push({
    id: 'b4',
    channel: 'email',
    at: day(5, 10),
    agent: 'bob',
    team: 'support',
    topic: 'refund',
    tags: 'vip|refund',
  });
  list.push({ id: 'b5', channel: 'email', at: day(6, 10), agent: 'bob', team: 'support' });
  for (let i = 1; i <= 4; i++)
    list.push({ id: `c${i}`, channel: 'chat', at: day(4 + i, 15), agent: 'cid', team: 'sales' });
  list.push({ id: 'c5', channel: 'chat', at: day(10, 15), agent: 'cid', team: 'sales' });
  list.push({ id: 'c6', channel: 'chat', at: day(11, 15), agent: 'cid', team: 'sales' });
  list.push({ id: 'x1', channel: 'email', at: day(3, 12), agent: null, team: 'support' });
  return list;
}

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function csvFiles(): Record<string, string> {
  const contacts = sampleContacts();
  const contactRows = contacts.map(
    (c) =>
      `helpdesk,${c.id},${c.channel},${c.at},cust-${c.id},${c.team},${c.agent ?? ''},${c.topic ?? 'general'},${c.tags ?? ''},normal,solved,Subject ${c.id}`,
  );
  const events: string[] = [];
  let n = 0;
  const event = (
    c: SampleContact,
    kind: string,
    at: string,
    agent: string | null,
    status = '',
    escalation = '',
  ) => events.push(`helpdesk,${c.id},e${++n},${kind},${at},,${agent ?? ''},,${status},${escalation},,`);
  for (const c of contacts) {
    event(c, 'customer_message', c.at, null);
    event(c, 'agent_reply', plus(c.at, 10), c.agent);
    if (c.escalated) event(c, 'escalation', plus(c.at, 15), null, '', 'complaint');
    event(c, 'status_change', plus(c.at, c.slow ? 3 * 24 * 60 : 60), c.agent, 'solved');
    if (c.reopened) {
      event(c, 'customer_message', plus(c.at, 120), null);
      event(c, 'status_change', plus(c.at, 121), null, 'open');
      event(c, 'agent_reply', plus(c.at, 150), c.agent);
      event(c, 'status_change', plus(c.at, 160), c.agent, 'solved');
    }
  }
  return {
    'teams.csv': 'id,name,calendar_id\nsupport,Support,\nsales,Sales,\n',
    'agents.csv':
      'id,name,email,team_id,started_on,active\nann,Ann,ann@example.com,support,2025-01-01,true\nbob,Bob,bob@example.com,support,2025-06-01,true\ncid,Cid,cid@example.com,sales,2026-03-05,true\n',
    'contacts.csv': `source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject\n${contactRows.join('\n')}\n`,
    'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id\n${events.join('\n')}\n`,
    'survey_responses.csv':
      'source,external_id,kind,scale_min,scale_max,score,comment,dimension,language,contact_source,contact_external_id,agent_id,customer_id,sent_at,responded_at\nhelpdesk,s1,csat,1,5,2,Slow,,en,,b1,,cust-b1,2026-03-03T09:00:00Z,2026-03-03T10:00:00Z\nhelpdesk,s2,csat,1,5,5,Great,,en,,b2,,cust-b2,2026-03-04T09:00:00Z,2026-03-04T10:00:00Z\n',
  };
}

export const QA_USERS = [
  { id: 'u-lead', role: 'manager', agentId: null },
  { id: 'u-qa', role: 'manager', agentId: null },
  { id: 'u-ann', role: 'agent', agentId: 'ann' },
  { id: 'u-bob', role: 'agent', agentId: 'bob' },
  { id: 'u-cid', role: 'agent', agentId: 'cid' },
] as const;

/** A migrated DuckDB file with the sample helpdesk imported and its users written. */
export async function withQaData<T>(work: (db: DuckDbEngine, dir: string) => Promise<T>): Promise<T> {
  return withDuckDb([], async (db, dir) => {
    const paths: string[] = [];
    for (const [name, text] of Object.entries(csvFiles())) {
      const path = join(dir, name);
      await writeFile(path, text);
      paths.push(path);
    }
    const imported = await importFiles(db, paths);
    if (!imported.ok) throw new Error(`sample import failed: ${JSON.stringify(imported.error)}`);
    await insertUsers(db);
    return work(db, dir);
  });
}

async function insertUsers(db: Engine): Promise<void> {
  for (const user of QA_USERS)
    await db.run(
      `INSERT INTO users (id, email, name, role, agent_id, disabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, false, TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')`,
      [user.id, `${user.id}@example.com`, user.id, user.role, user.agentId],
    );
}

/** The sample helpdesk on the engine asked for: DuckDB as above, or copied into PGlite with its facts rebuilt there. */
export async function withQaDataOn<T>(
  engine: { kind: EngineKind },
  work: (db: Engine) => Promise<T>,
): Promise<T> {
  return withQaData(async (duck) => {
    if (engine.kind === 'duckdb') return work(duck);
    const pg = await openMigratedPostgres(engine.kind);
    try {
      await copyCanonical(duck, pg);
      await insertUsers(pg);
      return await work(pg);
    } finally {
      await pg.close();
    }
  });
}

/**
 * A submitted review as the review screen writes it (qa_reviews and qa_ratings, source
 * servicemeter), for tests that need reviews before reviews.ts is at hand.
 */
export interface SampleReview {
  id: string;
  contact: string;
  agentId: string;
  reviewerId: string;
  kind?: 'review' | 'self' | 'calibration';
  calibrationSessionId?: string | null;
  scorecardId?: string;
  reviewedAt: string;
  ratings: {
    categoryId: string;
    rating: number | null;
    scaleMin?: number;
    scaleMax?: number;
    critical?: boolean;
    /** A critical category's pass mark, 0–1; 0.5 when left out. */
    passMark?: number;
    rootCauses?: string;
    name?: string;
  }[];
}

export async function insertSampleReview(
  db: { run(sql: string, params?: readonly unknown[]): Promise<void> },
  review: SampleReview,
): Promise<void> {
  await db.run(
    `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id, kind,
       scorecard_id, scorecard_version, calibration_session_id, reviewed_at, pass_mark, critical_scope)
     VALUES ('servicemeter', $1, 'helpdesk', $2, $3, $4, $5, $6, 1, $7, CAST($8 AS TIMESTAMP), 0.8, 'review')`,
    [
      review.id,
      review.contact,
      review.agentId,
      review.reviewerId,
      review.kind ?? 'review',
      review.scorecardId ?? 'sc',
      review.calibrationSessionId ?? null,
      review.reviewedAt.replace('T', ' ').replace('Z', ''),
    ],
  );
  for (const r of review.ratings)
    await db.run(
      `INSERT INTO qa_ratings (source, review_external_id, category_id, category_name, rating, scale_min, scale_max,
         weight, critical, pass_mark, root_causes)
       VALUES ('servicemeter', $1, $2, $3, $4, $5, $6, 1, $7, $8, $9)`,
      [
        review.id,
        r.categoryId,
        r.name ?? r.categoryId,
        r.rating,
        r.scaleMin ?? 1,
        r.scaleMax ?? 5,
        r.critical ?? false,
        r.passMark ?? 0.5,
        r.rootCauses ?? null,
      ],
    );
}
