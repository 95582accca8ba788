import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../src/core/kpi/query.js';
import { filterValues } from '../src/services/data-status.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { ENGINES, type EngineKind, withCopyOn, withDuckDb, withTempDir } from './support/engines.js';

const WEEKS = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

const SURVEY_COLUMNS =
  'source,external_id,kind,scale_min,scale_max,score,comment,dimension,language,contact_source,contact_external_id,agent_id,customer_id,sent_at,responded_at,survey_id,survey_version,question_id,invitation_id,via,source_label,location,choices';

/**
 * Three surveys as servicemeter collects them, written as their import files:
 * - `post`, after contacts by e-mail: p1 and p2 answered (CSAT 5 and 2; p1 also a CES, which names
 *   the time sent as a tool exporting each question does, and a rating of the agent's knowledge), p3
 *   answered with a comment alone, p4 never answered;
 * - `help`, the help centre's "did this help?" (0–1), answered on the widget twice (yes, no) and once
 *   through the link placed on Instagram (yes), with a findability rating about a dimension;
 * - `rel`, a relationship wave: r1 and r2 answered (NPS 10 and 6, stay 5 and 3, satisfaction 4 and
 *   5), r3 never, and r4 by the QR code in the Amsterdam shop (NPS 9, stay 2, satisfaction 2); and,
 *   a year before, y1 and y2 (satisfaction 2 and 4).
 */
const FILES: Record<string, string> = {
  'teams.csv': 'id,name\nsupport,Support\n',
  'agents.csv': 'id,name,team_id\nann,Ann,support\nbob,Bob,support\n',
  'contacts.csv': `source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,priority,status
desk,t1,email,2026-03-02T08:00:00Z,c1,support,ann,delivery,normal,solved
desk,t2,chat,2026-03-03T08:00:00Z,c2,support,bob,returns,normal,solved
desk,t3,email,2026-03-04T08:00:00Z,c3,support,ann,delivery,normal,solved
`,
  'survey_invitations.csv': `source,external_id,survey_id,survey_version,via,source_label,location,page_url,wave_id,contact_source,contact_external_id,customer_id,email,language,sent_at,delivered_at,opened_at,answered_at,expires_at
servicemeter,p1,post,1,email,,,,,desk,t1,c1,c1@example.com,en,2026-03-02T10:00:00Z,2026-03-02T10:00:01Z,2026-03-02T10:59:00Z,2026-03-02T11:00:00Z,2026-03-16T10:00:00Z
servicemeter,p2,post,1,email,,,,,desk,t2,c2,c2@example.com,nl,2026-03-03T10:00:00Z,,,2026-03-03T12:00:00Z,2026-03-17T10:00:00Z
servicemeter,p3,post,1,email,,,,,desk,t3,c3,c3@example.com,en,2026-03-04T10:00:00Z,,,2026-03-04T12:00:00Z,2026-03-18T10:00:00Z
servicemeter,p4,post,1,email,,,,,,,c4,c4@example.com,sv,2026-03-04T10:00:00Z,,,,2026-03-18T10:00:00Z
servicemeter,h1,help,1,widget,,,https://help.example.com/returns,,,,,,en,,,,2026-03-05T09:00:00Z,
servicemeter,h2,help,1,widget,,,https://help.example.com/returns,,,,,,en,,,,2026-03-05T10:00:00Z,
servicemeter,h3,help,1,public,instagram,,,,,,,,sv,,,,2026-03-05T11:00:00Z,
servicemeter,r1,rel,2,wave,,,,2026-q1,,,c1,c1@example.com,en,2026-03-06T08:00:00Z,,,2026-03-06T09:00:00Z,
servicemeter,r2,rel,2,wave,,,,2026-q1,,,c2,c2@example.com,nl,2026-03-06T08:00:00Z,,,2026-03-07T09:00:00Z,
servicemeter,r3,rel,2,wave,,,,2026-q1,,,c3,c3@example.com,uk,2026-03-06T08:00:00Z,,,,
servicemeter,r4,rel,2,qr,,shop-amsterdam,,,,,,,nl,,,,2026-03-08T09:00:00Z,
`,
  'survey_responses.csv': `${SURVEY_COLUMNS}
servicemeter,p1,csat,1,5,5,,,en,desk,t1,,c1,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,post,1,,p1,email,,,
servicemeter,p1:effort,ces,1,7,6,,,en,desk,t1,,c1,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,post,1,effort,p1,email,,,
servicemeter,p1:knowledge,csat,1,5,4,,knowledge,en,desk,t1,,c1,,2026-03-02T11:00:00Z,post,1,knowledge,p1,email,,,
servicemeter,p2,csat,1,5,2,,,nl,desk,t2,,c2,2026-03-03T10:00:00Z,2026-03-03T12:00:00Z,post,1,,p2,email,,,
servicemeter,p3,csat,1,5,,Too busy to rate: it was fine,,en,desk,t3,,c3,2026-03-04T10:00:00Z,2026-03-04T12:00:00Z,post,1,,p3,email,,,
servicemeter,p4,csat,1,5,,,,sv,,,,c4,2026-03-04T10:00:00Z,,post,1,,p4,email,,,
servicemeter,h1,helpful,0,1,1,,,en,,,,,,2026-03-05T09:00:00Z,help,1,,h1,widget,,,
servicemeter,h1:find,ces,1,7,7,,findability,en,,,,,,2026-03-05T09:00:00Z,help,1,find,h1,widget,,,
servicemeter,h2,helpful,0,1,0,,,en,,,,,,2026-03-05T10:00:00Z,help,1,,h2,widget,,,
servicemeter,h3,helpful,0,1,1,,,sv,,,,,,2026-03-05T11:00:00Z,help,1,,h3,public,instagram,,
servicemeter,r1,nps,0,10,10,,,en,,,,c1,2026-03-06T08:00:00Z,2026-03-06T09:00:00Z,rel,2,,r1,wave,,,
servicemeter,r1:stay,stay,1,5,5,,,en,,,,c1,,2026-03-06T09:00:00Z,rel,2,stay,r1,wave,,,
servicemeter,r1:sat,satisfaction,1,5,4,,,en,,,,c1,,2026-03-06T09:00:00Z,rel,2,sat,r1,wave,,,
servicemeter,r2,nps,0,10,6,,,nl,,,,c2,2026-03-06T08:00:00Z,2026-03-07T09:00:00Z,rel,2,,r2,wave,,,
servicemeter,r2:stay,stay,1,5,3,,,nl,,,,c2,,2026-03-07T09:00:00Z,rel,2,stay,r2,wave,,,
servicemeter,r2:sat,satisfaction,1,5,5,,,nl,,,,c2,,2026-03-07T09:00:00Z,rel,2,sat,r2,wave,,,
servicemeter,r3,nps,0,10,,,,uk,,,,c3,2026-03-06T08:00:00Z,,rel,2,,r3,wave,,,
servicemeter,r4,nps,0,10,9,,,nl,,,,,,2026-03-08T09:00:00Z,rel,2,,r4,qr,,shop-amsterdam,
servicemeter,r4:stay,stay,1,5,2,,,nl,,,,,,2026-03-08T09:00:00Z,rel,2,stay,r4,qr,,shop-amsterdam,
servicemeter,r4:sat,satisfaction,1,5,2,,,nl,,,,,,2026-03-08T09:00:00Z,rel,2,sat,r4,qr,,shop-amsterdam,
servicemeter,y1,nps,0,10,8,,,en,,,,c1,2025-03-06T08:00:00Z,2025-03-06T09:00:00Z,rel,1,,y1,wave,,,
servicemeter,y1:sat,satisfaction,1,5,2,,,en,,,,c1,,2025-03-06T09:00:00Z,rel,1,sat,y1,wave,,,
servicemeter,y2,nps,0,10,9,,,nl,,,,c2,2025-03-06T08:00:00Z,2025-03-10T09:00:00Z,rel,1,,y2,wave,,,
servicemeter,y2:sat,satisfaction,1,5,4,,,nl,,,,c2,,2025-03-10T09:00:00Z,rel,1,sat,y2,wave,,,
`,
};

async function writeSurveyFiles(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
}

/** The survey files imported into the requested engine, facts rebuilt. */
async function withSurveys<T>(engine: { kind: EngineKind }, work: (db: Engine) => Promise<T>) {
  return withTempDir(async (dir) => {
    await writeSurveyFiles(join(dir, 'files'));
    return withDuckDb([join(dir, 'files')], (duck) => withCopyOn(engine.kind, duck, work));
  });
}

async function rows(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { ...WEEKS, ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

const value = (row: KpiRow | undefined, id: string) => row?.[id] as KpiValue | undefined;

/** `dimension value → [value, n]` of one indicator, for a query grouped by one dimension. */
async function split(db: Engine, kpi: string, by: NonNullable<KpiQueryInput['by']>[number], query = {}) {
  const found = await rows(db, { kpis: [kpi], by: [by], ...query });
  return Object.fromEntries(
    found.map((r) => [String(r[by]), [value(r, kpi)?.value ?? null, value(r, kpi)?.n ?? 0]]),
  );
}

describe.each(ENGINES)('$kind: the survey indicators', (engine) => {
  test('response rates, helpfulness, staying and satisfaction over the fixture', async () => {
    await withSurveys(engine, async (db) => {
      const [row] = await rows(db, {
        kpis: [
          'survey_response_rate',
          'csat_response_rate',
          'self_service_helpful_rate',
          'likely_to_stay',
          'satisfaction_top2',
          'csat',
          'csat_dimension',
          'ces',
          'nps',
        ],
      });
      // Sent: p1–p4 and r1–r3 (the public, widget and QR answers were never sent). Answered: p1, p2,
      // p3 (a comment alone), r1, r2.
      expect(value(row, 'survey_response_rate')).toMatchObject({ value: 5 / 7, n: 7 });
      // CSAT counts a comment alone as no answer, and each invitation once.
      expect(value(row, 'csat_response_rate')).toMatchObject({ value: 0.5, n: 4 });
      expect(value(row, 'self_service_helpful_rate')?.value).toBeCloseTo(2 / 3, 10);
      expect(value(row, 'self_service_helpful_rate')?.n).toBe(3);
      // Stay 5, 3 and 2: one of three is 4–5. Satisfaction 4, 5 and 2: two of three.
      expect(value(row, 'likely_to_stay')?.value).toBeCloseTo(1 / 3, 10);
      expect(value(row, 'likely_to_stay')?.n).toBe(3);
      expect(value(row, 'satisfaction_top2')?.value).toBeCloseTo(2 / 3, 10);
      expect(value(row, 'satisfaction_top2')?.n).toBe(3);
      // The further questions count where their kind does: the knowledge rating in csat_dimension,
      // the CES question in ces; the findability rating (a dimension) in neither.
      expect(value(row, 'csat')).toMatchObject({ value: 0.5, n: 2 });
      expect(value(row, 'csat_dimension')).toMatchObject({ value: 1, n: 1 });
      expect(value(row, 'ces')).toMatchObject({ value: 1, n: 1 });
      // Promoters r1 and r4, detractor r2.
      expect(value(row, 'nps')?.value).toBeCloseTo(100 / 3, 10);
    });
  });

  test('by survey, question, source and location', async () => {
    await withSurveys(engine, async (db) => {
      expect(await split(db, 'survey_response_rate', 'survey')).toEqual({ post: [0.75, 4], rel: [2 / 3, 3] });
      expect(await split(db, 'self_service_helpful_rate', 'survey_source')).toEqual({
        instagram: [1, 1],
        widget: [0.5, 2],
      });
      expect(await split(db, 'satisfaction_top2', 'survey_location')).toEqual({
        'shop-amsterdam': [0, 1],
        null: [1, 2],
      });
      expect(await split(db, 'likely_to_stay', 'survey_question', { filters: { survey: ['rel'] } })).toEqual({
        stay: [1 / 3, 3],
      });
      // The invitation's own answer has no question id; the further ones have theirs.
      expect(await split(db, 'csat', 'survey_question', { filters: { survey: ['post'] } })).toEqual({
        null: [0.5, 2],
      });
      const [instagram] = await rows(db, {
        kpis: ['self_service_helpful_rate', 'nps'],
        filters: { survey_source: ['instagram'] },
      });
      expect(value(instagram, 'self_service_helpful_rate')).toMatchObject({ value: 1, n: 1 });
      expect(value(instagram, 'nps')).toMatchObject({ value: null, n: 0 });
    });
  });

  test('a contact indicator has no survey: grouped by one, it is one group without a value; filtered by one, nothing', async () => {
    await withSurveys(engine, async (db) => {
      expect(await split(db, 'contacts_created', 'survey')).toEqual({ null: [3, 3] });
      expect(await split(db, 'contacts_created', 'survey_location')).toEqual({ null: [3, 3] });
      const [filtered] = await rows(db, { kpis: ['contacts_created'], filters: { survey: ['post'] } });
      expect(value(filtered, 'contacts_created')).toMatchObject({ value: 0, n: 0 });
    });
  });

  test('satisfaction improvement: satisfaction_top2 against the same period a year before', async () => {
    await withSurveys(engine, async (db) => {
      const [row] = await rows(db, { kpis: ['satisfaction_top2'], compare: true, compareWith: 'year' });
      const satisfaction = value(row, 'satisfaction_top2');
      // A year before: y1 (2) and y2 (4), one of two.
      expect(satisfaction?.previous).toEqual({ value: 0.5, n: 2 });
      expect(satisfaction?.change?.difference).toBeCloseTo(2 / 3 - 0.5, 10);
      // The previous fortnight has no answers.
      const [previous] = await rows(db, { kpis: ['satisfaction_top2'], compare: true });
      expect(value(previous, 'satisfaction_top2')?.previous).toEqual({ value: null, n: 0 });
    });
  });

  test('a year before, each period meets its own: weeks the week of the same weekdays, months the month', async () => {
    await withSurveys(engine, async (db) => {
      // 2026-03-02 and 2026-03-09 are Mondays; 52 weeks before them, 2025-03-03 and 2025-03-10.
      const weeks = await rows(db, {
        kpis: ['satisfaction_top2'],
        grain: 'week',
        compare: true,
        compareWith: 'year',
      });
      expect(weeks.map((r) => [r.period, value(r, 'satisfaction_top2')?.previous])).toEqual([
        ['2026-03-02', { value: 0, n: 1 }],
        ['2026-03-09', { value: 1, n: 1 }],
      ]);
      const months = await rows(db, {
        kpis: ['satisfaction_top2'],
        from: '2026-02-01',
        to: '2026-04-01',
        grain: 'month',
        compare: true,
        compareWith: 'year',
      });
      expect(months.map((r) => [r.period, value(r, 'satisfaction_top2')?.previous])).toEqual([
        ['2026-02-01', { value: null, n: 0 }],
        ['2026-03-01', { value: 0.5, n: 2 }],
      ]);
    });
  });
});

describe('the survey dimensions in the data', () => {
  test('filter values list the surveys, questions, sources and locations of the answers', async () => {
    await withSurveys({ kind: 'duckdb' }, async (db) => {
      await db.run(
        "INSERT INTO surveys (id, name, kind, status, version) VALUES ('rel', 'Quarterly relationship', 'relationship', 'active', 2)",
      );
      const values = await filterValues(db, null);
      expect(values.survey).toEqual([
        { id: 'help', name: null },
        { id: 'post', name: null },
        { id: 'rel', name: 'Quarterly relationship' },
      ]);
      expect(values.survey_question).toEqual(['effort', 'find', 'knowledge', 'sat', 'stay']);
      expect(values.survey_source).toEqual(['email', 'instagram', 'qr', 'wave', 'widget']);
      expect(values.survey_location).toEqual(['shop-amsterdam']);
    });
  });

  test('a database without such answers says so rather than showing 0 %', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await mkdir(files);
      await writeFile(join(files, 'contacts.csv'), FILES['contacts.csv'] ?? '');
      await writeFile(
        join(files, 'survey_responses.csv'),
        `${SURVEY_COLUMNS}\ndesk,s1,csat,1,5,4,,,en,,t1,,c1,,2026-03-02T11:00:00Z,,,,,,,,\n`,
      );
      await withDuckDb([files], async (db) => {
        const result = await runKpiQuery(db, {
          ...WEEKS,
          kpis: [
            'survey_response_rate',
            'self_service_helpful_rate',
            'likely_to_stay',
            'satisfaction_top2',
            'csat',
          ],
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        const [row] = result.data.rows;
        for (const id of [
          'survey_response_rate',
          'self_service_helpful_rate',
          'likely_to_stay',
          'satisfaction_top2',
        ])
          expect(value(row, id), id).toMatchObject({ value: null, n: 0 });
        expect(value(row, 'csat')).toMatchObject({ value: 1, n: 1 });
        expect(result.data.notices.filter((n) => n.code === 'no_input')).toEqual([
          { code: 'no_input', missing: 'helpful_answers', kpis: ['self_service_helpful_rate'] },
          { code: 'no_input', missing: 'stay_answers', kpis: ['likely_to_stay'] },
          { code: 'no_input', missing: 'satisfaction_answers', kpis: ['satisfaction_top2'] },
        ]);
        expect(result.data.notes).toContain(
          'no figure for satisfaction_top2: no source in the selection has answered overall satisfaction questions.',
        );
      });
    });
  });

  test('an answer from a new location, source, survey or question is a new filter value; one from known ones is not', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await writeSurveyFiles(files);
      await withDuckDb([files], async (db) => {
        const answer = async (name: string, row: string) => {
          await writeFile(join(dir, name), `${SURVEY_COLUMNS}\n${row}\n`);
          const imported = await importFiles(db, [join(dir, name)]);
          if (!imported.ok) throw new Error(JSON.stringify(imported.error));
          expect(imported.data.facts?.scope, name).toBe('touched');
          return imported.data.facts?.change.filterValues;
        };
        const at = '2026-03-10T09:00:00Z';
        // Every value known: r4's location, the widget, the help survey and no question.
        expect(
          await answer(
            'survey_responses-1.csv',
            `servicemeter,k1,helpful,0,1,1,,,en,,,,,,${at},help,1,,k1,widget,,shop-amsterdam,`,
          ),
        ).toBe(false);
        expect(
          await answer(
            'survey_responses-2.csv',
            `servicemeter,k2,helpful,0,1,1,,,en,,,,,,${at},help,1,,k2,widget,,shop-utrecht,`,
          ),
        ).toBe(true);
        expect(
          await answer(
            'survey_responses-3.csv',
            `servicemeter,k3,helpful,0,1,1,,,en,,,,,,${at},help,1,,k3,qr,,,`,
          ),
        ).toBe(false);
        expect(
          await answer(
            'survey_responses-4.csv',
            `servicemeter,k4,helpful,0,1,1,,,en,,,,,,${at},help,1,,k4,public,facebook,,`,
          ),
        ).toBe(true);
        expect(
          await answer(
            'survey_responses-5.csv',
            `servicemeter,k5,helpful,0,1,1,,,en,,,,,,${at},kiosk,1,,k5,widget,,,`,
          ),
        ).toBe(true);
        expect(
          await answer(
            'survey_responses-6.csv',
            `servicemeter,k6,helpful,0,1,1,,,en,,,,,,${at},help,1,tone,k6,widget,,,`,
          ),
        ).toBe(true);
      });
    });
  });

  test('importing the invitations and answers again changes nothing and rebuilds no facts', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await writeSurveyFiles(files);
      await withDuckDb([files], async (db) => {
        const everything = async () => {
          const out: Record<string, unknown[]> = {};
          for (const table of ['survey_invitations', 'survey_responses', 'survey_facts', 'source_inputs'])
            out[table] = await db.all(`SELECT * FROM ${table} ORDER BY ALL`);
          return out;
        };
        const before = await everything();
        expect(before.survey_invitations).toHaveLength(11);
        const again = await importFiles(db, [join(files, 'survey_invitations.csv')]);
        if (!again.ok) throw new Error(JSON.stringify(again.error));
        // Invitations feed no facts: importing them alone rebuilds only what it touched, nothing.
        expect(again.data.facts).toMatchObject({ scope: 'touched', rebuilt: { contacts: 0, surveys: 0 } });
        const both = await importFiles(db, [
          join(files, 'survey_invitations.csv'),
          join(files, 'survey_responses.csv'),
        ]);
        if (!both.ok) throw new Error(JSON.stringify(both.error));
        expect(await everything()).toEqual(before);
      });
    });
  });
});
