import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { KpiQueryInput, KpiRow } from '../src/core/kpi/query.js';
import { runKpiQuery } from '../src/services/kpi.js';
import type { Notice } from '../src/services/notices.js';
import {
  ENGINES,
  type EngineKind,
  kpiValueIn,
  withCopyOn,
  withDuckDb,
  withTempDir,
} from './support/engines.js';

/**
 * Two sources: a helpdesk (e-mail, 2–4 March) with replies, status changes, one escalation,
 * assignments and its own SLA flag, but no queue; and a phone log (calls on 10 March) with queue
 * events and nothing else. No surveys anywhere.
 */
const CONTACTS = `source,external_id,channel,created_at,status,source_sla_met
helpdesk,h1,email,2026-03-02T09:00:00Z,solved,true
helpdesk,h2,email,2026-03-03T09:00:00Z,open,false
helpdesk,h3,email,2026-03-04T09:00:00Z,solved,
phone,p1,phone,2026-03-10T10:00:00Z,,
phone,p2,phone,2026-03-10T11:00:00Z,,
`;

const EVENTS = `source,contact_external_id,external_id,kind,occurred_at,agent_id,status,escalation_type,team_id
helpdesk,h1,e1,customer_message,2026-03-02T09:00:00Z,,,,
helpdesk,h1,e2,assignment,2026-03-02T09:05:00Z,ann,,,t1
helpdesk,h1,e3,assignment,2026-03-02T09:30:00Z,bob,,,t1
helpdesk,h1,e4,agent_reply,2026-03-02T10:00:00Z,bob,,,
helpdesk,h1,e5,escalation,2026-03-02T11:00:00Z,,,tier,
helpdesk,h1,e6,status_change,2026-03-02T12:00:00Z,,solved,,
helpdesk,h2,e7,customer_message,2026-03-03T09:00:00Z,,,,
helpdesk,h2,e8,assignment,2026-03-03T09:05:00Z,ann,,,t1
helpdesk,h2,e9,assignment,2026-03-03T09:45:00Z,ann,,,t1
helpdesk,h2,e10,agent_reply,2026-03-03T10:00:00Z,ann,,,
helpdesk,h3,e11,customer_message,2026-03-04T09:00:00Z,,,,
helpdesk,h3,e12,assignment,2026-03-04T09:05:00Z,,,,t1
helpdesk,h3,e13,assignment,2026-03-04T09:10:00Z,,,,t2
helpdesk,h3,e14,status_change,2026-03-04T15:00:00Z,,solved,,
phone,p1,c1,queue_enter,2026-03-10T10:00:00Z,,,,
phone,p1,c2,answer,2026-03-10T10:00:20Z,ann,,,
phone,p1,c3,end,2026-03-10T10:05:20Z,ann,,,
phone,p2,c4,queue_enter,2026-03-10T11:00:00Z,,,,
phone,p2,c5,abandon,2026-03-10T11:01:00Z,,,,
`;

/** The canonical files given (name → content) imported into DuckDB and copied onto `kind`. */
async function withFiles(
  kind: EngineKind,
  files: Record<string, string>,
  work: (db: Engine) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    await withDuckDb([dir], (duck) => withCopyOn(kind, duck, work));
  });
}

async function withTwoSources(engine: { kind: EngineKind }, work: (db: Engine) => Promise<void>) {
  await withFiles(engine.kind, { 'contacts.csv': CONTACTS, 'contact_events.csv': EVENTS }, work);
}

async function query(db: Engine, input: KpiQueryInput): Promise<{ rows: KpiRow[]; notices: Notice[] }> {
  const result = await runKpiQuery(db, { timezone: 'UTC', ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/** Per indicator left empty, the input its notice says is missing. */
const missingInputs = (notices: readonly Notice[]) =>
  Object.fromEntries(
    notices.flatMap((n) => (n.code === 'no_input' ? n.kpis.map((kpi) => [kpi, n.missing]) : [])),
  );

describe.each(ENGINES)('$kind: no figure without data', (engine) => {
  test('the phone days: no escalation, resolution, reply, assignment, SLA flag or survey indicator; queue ones given', async () => {
    await withTwoSources(engine, async (db) => {
      const { rows, notices } = await query(db, { from: '2026-03-09', to: '2026-03-16' });
      const row = rows[0];
      expect(kpiValueIn(row, 'contacts_created')).toMatchObject({ value: 2, n: 2 });
      expect(kpiValueIn(row, 'offered')).toMatchObject({ value: 2 });
      expect(kpiValueIn(row, 'abandonment_rate')).toMatchObject({ value: 0.5, n: 2 });
      expect(kpiValueIn(row, 'aht')).toMatchObject({ value: 300, n: 1 });
      // Without this, the calls would give an escalation rate of 0 % with a tight interval.
      expect(kpiValueIn(row, 'escalation_rate')).toEqual({ value: null, n: 0, low: null, high: null });
      expect(kpiValueIn(row, 'reassignment_rate')).toEqual({ value: null, n: 0, low: null, high: null });
      expect(kpiValueIn(row, 'contacts_resolved')).toEqual({ value: null, n: 0 });
      expect(missingInputs(notices)).toEqual({
        contacts_resolved: 'status_changes',
        contacts_resolved_full: 'status_changes',
        resolution_time: 'status_changes',
        full_resolution_time: 'status_changes',
        resolved_within_24h: 'status_changes',
        fcr_rate: 'status_changes',
        reopen_rate: 'status_changes',
        escalation_rate: 'escalations',
        reassignment_rate: 'assignments',
        acw_time: 'after_contact_work',
        source_sla_met_rate: 'source_sla',
        csat: 'csat_answers',
        csat_avg: 'csat_answers',
        csat_response_rate: 'csat_sent',
        csat_dimension: 'csat_dimension_answers',
        nps: 'nps_answers',
        ces: 'ces_answers',
        ces_avg: 'ces_answers',
        self_service_helpful_rate: 'helpful_answers',
        likely_to_stay: 'stay_answers',
        satisfaction_top2: 'satisfaction_answers',
      });
      // No survey was sent on the phone days: no denominator, so no figure, without an input.
      expect(kpiValueIn(row, 'survey_response_rate')).toMatchObject({ value: null, n: 0 });
    });
  });

  test('the helpdesk days: queue indicators empty, not 0; reassignment and the source’s SLA flag counted', async () => {
    await withTwoSources(engine, async (db) => {
      const { rows, notices } = await query(db, { from: '2026-03-02', to: '2026-03-09', compare: true });
      const row = rows[0];
      expect(kpiValueIn(row, 'offered')).toEqual({
        value: null,
        n: 0,
        previous: { value: null, n: 0 },
        change: null,
      });
      expect(kpiValueIn(row, 'service_level')).toMatchObject({ value: null, n: 0, low: null, high: null });
      expect(kpiValueIn(row, 'escalation_rate')).toMatchObject({ value: 1 / 3, n: 3 });
      // h1 went from ann to bob, h3 from team t1 to t2; h2 was assigned to ann twice.
      const reassignment = kpiValueIn(row, 'reassignment_rate');
      expect(reassignment).toMatchObject({ value: 2 / 3, n: 3 });
      expect(reassignment.low).toBeGreaterThan(0);
      expect(reassignment.high).toBeLessThan(1);
      // h1 within the source's SLA, h2 not, h3 without a verdict.
      expect(kpiValueIn(row, 'source_sla_met_rate')).toMatchObject({ value: 0.5, n: 2 });
      expect(kpiValueIn(row, 'frt')).toMatchObject({ n: 2 });
      const missing = missingInputs(notices);
      expect(missing).toMatchObject({ offered: 'queue', asa: 'queue', aht: 'handling' });
      expect(missing).not.toHaveProperty('escalation_rate');
      expect(missing).not.toHaveProperty('reassignment_rate');
      expect(missing).not.toHaveProperty('frt');
    });
  });

  test('a channel filter narrows the sources; every row of a grain is empty; both sources together carry both', async () => {
    await withTwoSources(engine, async (db) => {
      const phone = await query(db, {
        from: '2026-03-01',
        to: '2026-03-16',
        grain: 'week',
        filters: { channel: ['phone'] },
        kpis: ['contacts_created', 'escalation_rate'],
      });
      expect(phone.rows.length).toBeGreaterThan(1);
      for (const row of phone.rows) expect(kpiValueIn(row, 'escalation_rate').value).toBeNull();
      expect(missingInputs(phone.notices)).toEqual({ escalation_rate: 'escalations' });

      const both = await query(db, {
        from: '2026-03-01',
        to: '2026-03-16',
        kpis: ['escalation_rate', 'offered'],
      });
      expect(kpiValueIn(both.rows[0], 'escalation_rate')).toMatchObject({ value: 1 / 5, n: 5 });
      expect(kpiValueIn(both.rows[0], 'offered')).toMatchObject({ value: 2 });
      expect(missingInputs(both.notices)).toEqual({});

      // A range with nothing in it has nothing to say about inputs.
      const empty = await query(db, { from: '2027-01-01', to: '2027-02-01', kpis: ['escalation_rate'] });
      expect(empty.notices.filter((n) => n.code === 'no_input')).toEqual([]);
    });
  });

  test('a source is in a range where it resolved a contact for the last time or sent a survey, not only where it created one', async () => {
    // Created and first resolved on 2 March, reopened and resolved for good on 20 March; a survey
    // sent on 25 March and never answered.
    const files = {
      'contacts.csv': 'source,external_id,channel,created_at\nhelpdesk,h1,email,2026-03-02T09:00:00Z\n',
      'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at,status
helpdesk,h1,e1,customer_message,2026-03-02T09:00:00Z,
helpdesk,h1,e2,status_change,2026-03-02T12:00:00Z,solved
helpdesk,h1,e3,status_change,2026-03-19T09:00:00Z,open
helpdesk,h1,e4,status_change,2026-03-20T10:00:00Z,solved
`,
      'survey_responses.csv':
        'source,external_id,kind,scale_min,scale_max,contact_external_id,sent_at\nhelpdesk,s1,csat,1,5,h1,2026-03-25T09:00:00Z\n',
    };
    await withFiles(engine.kind, files, async (db) => {
      const kpis: KpiQueryInput['kpis'] = ['contacts_resolved_full', 'offered'];
      const lastResolved = await query(db, { from: '2026-03-20', to: '2026-03-21', kpis });
      expect(kpiValueIn(lastResolved.rows[0], 'contacts_resolved_full')).toMatchObject({ value: 1 });
      // The source is in the range, so the queue it never records is named.
      expect(missingInputs(lastResolved.notices)).toEqual({ offered: 'queue' });
      const surveySent = await query(db, { from: '2026-03-25', to: '2026-03-26', kpis });
      expect(missingInputs(surveySent.notices)).toEqual({ offered: 'queue' });
      const nothing = await query(db, { from: '2026-03-22', to: '2026-03-23', kpis });
      expect(missingInputs(nothing.notices)).toEqual({});
    });
  });
});

test('an agent is told of nothing withheld where an indicator had no input to begin with', async () => {
  await withTempDir(async (dir) => {
    // One call, answered by ann: next to bob's own (none), its escalation rate would be hers.
    await writeFile(
      join(dir, 'contacts.csv'),
      'source,external_id,channel,created_at,assignee_id\nphone,p1,phone,2026-03-10T10:00:00Z,ann\n',
    );
    await writeFile(
      join(dir, 'contact_events.csv'),
      'source,contact_external_id,external_id,kind,occurred_at,agent_id\nphone,p1,c1,queue_enter,2026-03-10T10:00:00Z,\nphone,p1,c2,answer,2026-03-10T10:00:20Z,ann\n',
    );
    await withDuckDb([dir], async (db) => {
      const input: KpiQueryInput = {
        kpis: ['escalation_rate'],
        from: '2026-03-09',
        to: '2026-03-16',
        timezone: 'UTC',
      };
      const result = await runKpiQuery(db, input, { viewerAgent: 'bob' });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(kpiValueIn(result.data.rows[0], 'escalation_rate')).toMatchObject({ value: null, n: 0 });
      expect(result.data.notices.map((n) => n.code)).toEqual(['no_input']);
    });
  });
});
