/**
 * The small help desk with values that are easy to get wrong on the way out of a database and back
 * in: quotes, line breaks, padding, offsets, fractions of a second, collected surveys.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseCsv } from './csv.js';
import { FIXTURES } from './engines.js';

const BASE = join(FIXTURES, 'small-helpdesk');

const csvField = (f: string) => (/[",\r\n]/.test(f) || f.trim() !== f ? `"${f.replaceAll('"', '""')}"` : f);
const csvText = (rows: string[][]) => rows.map((r) => `${r.map(csvField).join(',')}\n`).join('');

/** Rewrites one fixture table into `dir`, changing cells of the rows whose id column matches. */
async function writeChanged(
  dir: string,
  table: string,
  idColumn: string,
  changes: Record<string, Record<string, string>>,
): Promise<void> {
  const [header = [], ...rows] = parseCsv(await readFile(join(BASE, `${table}.csv`), 'utf8'));
  const id = header.indexOf(idColumn);
  const seen = new Set<string>();
  const changed = rows.map((row) => {
    const change = changes[row[id] ?? ''];
    if (!change) return row;
    seen.add(row[id] ?? '');
    return row.map((value, i) => change[header[i] ?? ''] ?? value);
  });
  expect([...seen].sort()).toEqual(Object.keys(changes).sort());
  await writeFile(join(dir, `${table}.csv`), csvText([header, ...changed]));
}

export const TRICKY_SUBJECT = 'Hello, "world"\nsecond line';
export const PADDED_SUBJECT = '  padded, with spaces  ';

/** The fixture with values that are easy to get wrong on the way out and back in, written into `dir`. */
export async function trickyFixture(dir: string): Promise<void> {
  await mkdir(dir);
  for (const name of await readdir(BASE))
    if (name.endsWith('.csv')) await cp(join(BASE, name), join(dir, name));
  await writeChanged(dir, 'contacts', 'external_id', {
    t1: { subject: TRICKY_SUBJECT, tags: 'late|parcel|"vip"' },
    // Same instant as the fixture's 15:30Z, written with the Amsterdam offset.
    t2: { created_at: '2026-03-06T16:30:00+01:00' },
    t3: { subject: 'Café ☕ — ok', customer_id: '007' },
    t4: { subject: PADDED_SUBJECT },
  });
  await writeChanged(dir, 'contact_events', 'external_id', {
    e3: { occurred_at: '2026-03-02T08:20:00.123Z' },
    e5: { occurred_at: '2026-03-06T16:30:00+01:00' },
    e8: { occurred_at: '2026-03-09 14:00:00+05:30' },
    e17: { occurred_at: '2026-03-03T10:00:40.000456Z' },
    e26: { occurred_at: '2026-03-04T04:02:00-05:00' },
  });
  await writeChanged(dir, 'survey_responses', 'external_id', {
    s1: { comment: 'Quick,\n"really" quick' },
    s3: { score: '4.5' },
  });
  // Surveys servicemeter collected itself: their invitations, and answers naming survey, question,
  // way and place.
  await writeFile(
    join(dir, 'survey_invitations.csv'),
    csvText([
      [
        'source',
        'external_id',
        'survey_id',
        'survey_version',
        'via',
        'source_label',
        'location',
        'page_url',
        'contact_source',
        'contact_external_id',
        'customer_id',
        'email',
        'language',
        'sent_at',
        'opened_at',
        'answered_at',
        'expires_at',
        'failure',
      ],
      [
        'servicemeter',
        'i1',
        'post',
        '2',
        'email',
        '',
        '',
        '',
        'helpdesk',
        't1',
        'c1',
        'c1@example.com',
        'zh-CN',
        '2026-03-02T09:00:00.250Z',
        '2026-03-02T09:30:00+01:00',
        '2026-03-02T09:31:00Z',
        '2026-03-16T09:00:00Z',
        '',
      ],
      [
        'servicemeter',
        'i2',
        'post',
        '2',
        'email',
        '',
        '',
        '',
        'helpdesk',
        't2',
        'c2',
        'c2@example.com',
        'nl',
        '2026-03-09T09:00:00Z',
        '',
        '',
        '',
        '550 mailbox "full", try later',
      ],
      [
        'servicemeter',
        'w1',
        'help',
        '1',
        'widget',
        'help centre',
        '',
        TRICKY_URL,
        '',
        '',
        '',
        '',
        'uk',
        '',
        '',
        '2026-03-05T10:00:00Z',
        '',
        '',
      ],
    ]),
  );
  await writeFile(
    join(dir, 'survey_responses-collected.csv'),
    csvText([
      [
        'source',
        'external_id',
        'kind',
        'scale_min',
        'scale_max',
        'score',
        'comment',
        'contact_source',
        'contact_external_id',
        'sent_at',
        'responded_at',
        'survey_id',
        'survey_version',
        'question_id',
        'invitation_id',
        'via',
        'source_label',
        'location',
        'choices',
      ],
      [
        'servicemeter',
        'i1',
        'csat',
        '1',
        '5',
        '5',
        '很好，谢谢',
        'helpdesk',
        't1',
        '2026-03-02T09:00:00.250Z',
        '2026-03-02T09:31:00Z',
        'post',
        '2',
        '',
        'i1',
        'email',
        '',
        '',
        '',
      ],
      [
        'servicemeter',
        'i1:topics',
        'custom',
        '0',
        '1',
        '',
        '',
        'helpdesk',
        't1',
        '',
        '2026-03-02T09:31:00Z',
        'post',
        '2',
        'topics',
        'i1',
        'email',
        '',
        '',
        'speed|"tone", kindness',
      ],
      [
        'servicemeter',
        'w1',
        'helpful',
        '0',
        '1',
        '1',
        '',
        '',
        '',
        '',
        '2026-03-05T10:00:00Z',
        'help',
        '1',
        '',
        'w1',
        'widget',
        'help centre',
        'Kyiv, shop 2',
        '',
      ],
    ]),
  );
}

export const TRICKY_URL = 'https://help.example.com/a?q="x",y&z=ü';
