import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { openMigratedDuckDb } from '../support/engines.js';

/**
 * Four weeks and a Monday of a small team for the report tests, 25 May to 22 June 2026 (Europe/Amsterdam): three
 * agents of team support answer e-mails on weekdays, and customers rate most of them. Every weekday
 * has contacts for every agent, so each recipient's period, the one before it and the charts have
 * figures; a few low scores keep satisfaction below a demanding target. Answers in the night from
 * Sunday to Monday fall in different weeks in Amsterdam and New York.
 */
export const PLANTED_AGENTS = [
  { id: 'ann', name: 'Ann Quist' },
  { id: 'bob', name: 'Bob Vermeer' },
  { id: 'cem', name: 'Cem Yilmaz' },
] as const;

const FIRST_DAY = Date.UTC(2026, 4, 25);
const LAST_DAY = Date.UTC(2026, 5, 22);
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function plantedFiles(): Record<string, string> {
  const contacts = ['source,external_id,channel,created_at,customer_id,team_id,assignee_id,status'];
  const events = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,status'];
  const surveys = [
    'source,external_id,kind,scale_min,scale_max,score,contact_external_id,customer_id,sent_at,responded_at',
  ];
  let n = 0;
  for (let day = FIRST_DAY; day <= LAST_DAY; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [a, agent] of PLANTED_AGENTS.entries()) {
      for (let k = 0; k < 2; k++) {
        n += 1;
        const id = `m${n}`;
        // Between 09:00 and 16:00 in Amsterdam (summer time: UTC+2).
        const created = day + (7 + ((n * 3 + a) % 7)) * 3_600_000;
        const reply = created + (5 + ((n * 13) % 80)) * 60_000;
        contacts.push(`helpdesk,${id},email,${iso(created)},c${n % 40},support,${agent.id},solved`);
        events.push(`helpdesk,${id},${id}a,customer_message,${iso(created)},,`);
        events.push(`helpdesk,${id},${id}b,agent_reply,${iso(reply)},${agent.id},`);
        events.push(`helpdesk,${id},${id}c,status_change,${iso(reply + 600_000)},${agent.id},solved`);
        if (n % 4 !== 0) {
          const score = [5, 4, 5, 2, 4, 5, 3][n % 7];
          const sent = reply + 3_600_000;
          surveys.push(
            `helpdesk,s${n},csat,1,5,${score},${id},c${n % 40},${iso(sent)},${iso(sent + 1_800_000)}`,
          );
        }
      }
    }
  }
  // Answers given in the night from Sunday to Monday, 02:00 UTC: Monday in Amsterdam, still Sunday
  // in New York. Each falls in a different week in the two zones, so their weekly figures differ.
  for (let day = FIRST_DAY; day <= LAST_DAY; day += 7 * DAY_MS) {
    const date = iso(day).slice(0, 10);
    const answered = day + 2 * 3_600_000;
    const score = date === '2026-06-15' ? 5 : date === '2026-06-22' ? 1 : 3;
    surveys.push(
      `helpdesk,night-${date},csat,1,5,${score},,c1,${iso(answered - 6 * 3_600_000)},${iso(answered)}`,
    );
  }
  return {
    'calendars.csv': 'id,name,timezone,is_default\noffice,Office,Europe/Amsterdam,true\n',
    'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5]
      .map((d) => `office,${d},09:00,17:00`)
      .join('\n')}\n`,
    'teams.csv': 'id,name,calendar_id\nsupport,Support,office\n',
    'agents.csv': `id,name,email,team_id,started_on,active\n${PLANTED_AGENTS.map(
      (a) => `${a.id},${a.name},${a.id}@acme.test,support,2025-01-01,true`,
    ).join('\n')}\n`,
    'contacts.csv': `${contacts.join('\n')}\n`,
    'contact_events.csv': `${events.join('\n')}\n`,
    'survey_responses.csv': `${surveys.join('\n')}\n`,
  };
}

/**
 * CSAT worked out from the planted answers themselves: the share of 4s and 5s among the answers given
 * in [from, to).
 */
export function plantedCsat(from: Date, to: Date): { share: number; n: number } {
  const [header, ...rows] = (plantedFiles()['survey_responses.csv'] as string).trim().split('\n');
  const column = (header as string).split(',');
  const at = (row: string[], name: string) => row[column.indexOf(name)] as string;
  const answers = rows
    .map((r) => r.split(','))
    .filter((r) => at(r, 'kind') === 'csat' && at(r, 'score') !== '')
    .filter((r) => {
      const answered = Date.parse(at(r, 'responded_at'));
      return answered >= from.getTime() && answered < to.getTime();
    });
  const top = answers.filter((r) => Number(at(r, 'score')) >= 4).length;
  return { share: top / answers.length, n: answers.length };
}

/** A migrated DuckDB database at `dir/planted.duckdb` holding the planted weeks. */
export async function openPlantedDuckDb(dir: string): Promise<DuckDbEngine> {
  const files = join(dir, 'planted');
  await mkdir(files, { recursive: true });
  for (const [name, text] of Object.entries(plantedFiles())) await writeFile(join(files, name), text);
  const db = await openMigratedDuckDb(join(dir, 'planted.duckdb'));
  const imported = await importFiles(db, [files]);
  if (!imported.ok) {
    await db.close();
    throw new Error(`planted import failed: ${JSON.stringify(imported.error)}`);
  }
  return db;
}
