import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { surveys as surveysFormat } from '../../src/ingest/sources/surveys.js';
import { importFiles } from '../../src/services/import.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { csvText, generateSurveys, generateTickets, SOURCE, writeCanonical } from './generate.js';
import { expectSameFigures, iso, Random, type RefSurvey, SURVEY_KPIS } from './reference.js';

const CSAT_LABELS = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
const CES_LABELS = [
  'Very difficult',
  'Difficult',
  'Somewhat difficult',
  'Neutral',
  'Somewhat easy',
  'Easy',
  'Very easy',
];

describe('surveys: figures against an independent computation', () => {
  test('CSAT with text answers, dimensions and tickets; NPS with skips; CES sent and answered', async () => {
    const random = new Random(1111);
    const agents = ['ann', 'bob', 'cem', 'dana'];
    const tickets = generateTickets(random, { count: 260, channels: ['email', 'chat'], agents });
    // CSAT after a reply: about the ticket, credited to whoever replied last before it was answered.
    const csat: RefSurvey[] = [];
    for (const ticket of tickets) {
      const reply = ticket.events.find((e) => e.kind === 'agent_reply');
      if (!reply || !random.chance(0.6)) continue;
      const sentAt = (ticket.events.at(-1)?.at ?? reply.at) + random.int(60, 3600) * 1000;
      const answered = random.chance(0.75);
      csat.push({
        kind: 'csat',
        scaleMin: 1,
        scaleMax: 5,
        score: answered ? random.int(1, 5) : null,
        sentAt,
        respondedAt: answered ? sentAt + random.int(60, 86_400) * 1000 : null,
        agent: null,
        dimension: random.chance(0.25) ? random.pick(['delivery', 'invoice']) : null,
        contact: ticket,
      });
    }
    csat.push(...generateSurveys(random, 'csat', 40, { min: 1, max: 5 }));
    const nps = generateSurveys(random, 'nps', 300, { min: 0, max: 10 });
    const ces = generateSurveys(random, 'ces', 150, { min: 1, max: 7 });
    const local = (ms: number | null) => (ms === null ? '' : iso(ms).slice(0, 19).replace('T', ' '));

    const csatRows = csat.map((s, i) => [
      `R-${1000 + i}`,
      local(s.sentAt),
      local(s.respondedAt),
      s.contact?.id ?? '',
      s.dimension === null ? 'Overall satisfaction' : s.dimension === 'delivery' ? 'Delivery' : 'Invoice',
      s.score === null ? (random.chance(0.5) ? 'N/A' : '') : (CSAT_LABELS[s.score - 1] as string),
    ]);
    // NPS tools list the answers only; a skipped answer has an empty score.
    const npsRows = nps.flatMap((s, i) =>
      s.score === null && !random.chance(0.5)
        ? []
        : [[`N${i}`, local(s.respondedAt ?? s.sentAt), s.score === null ? '' : String(s.score), `C-${i}`]],
    );
    for (const s of nps) if (s.score === null) s.respondedAt = null;
    const cesRows = ces.map((s, i) => [
      `E${i}`,
      local(s.sentAt),
      local(s.respondedAt),
      s.score === null ? '' : CES_LABELS[s.score - 1],
    ]);
    const all = [...csat, ...nps, ...ces];

    const csatMap = {
      rows: 'survey',
      fields: {
        id: { column: 'response_id' },
        sent: { column: 'sent', type: 'timestamp' },
        answered: { column: 'submitted', type: 'timestamp' },
        ticket: { column: 'ticket' },
        dimension: {
          column: 'question',
          map: { 'Overall satisfaction': null, Delivery: 'delivery', Invoice: 'invoice' },
        },
        score: {
          column: 'answer',
          type: 'number',
          none: ['N/A'],
          map: Object.fromEntries(CSAT_LABELS.map((label, i) => [label, i + 1])),
        },
      },
      survey: {
        external_id: 'id',
        kind: { const: 'csat' },
        scale_min: { const: 1 },
        scale_max: { const: 5 },
        score: 'score',
        dimension: 'dimension',
        contact_source: { const: SOURCE },
        contact_external_id: 'ticket',
        sent_at: 'sent',
        responded_at: 'answered',
      },
    };
    const npsMap = {
      rows: 'survey',
      fields: {
        id: { column: 'Response ID' },
        recorded: { column: 'Recorded Date', type: 'timestamp' },
        score: { column: 'Score', type: 'number' },
        customer: { column: 'Customer' },
      },
      survey: {
        external_id: 'id',
        kind: { const: 'nps' },
        scale_min: { const: 0 },
        scale_max: { const: 10 },
        score: 'score',
        customer_id: 'customer',
        responded_at: 'recorded',
      },
    };
    const cesMap = {
      rows: 'survey',
      delimiter: ';',
      fields: {
        id: { column: 'id' },
        sent: { column: 'invited', type: 'timestamp' },
        answered: { column: 'completed', type: 'timestamp' },
        score: {
          column: 'effort',
          type: 'number',
          map: Object.fromEntries(CES_LABELS.map((label, i) => [label, i + 1])),
        },
      },
      survey: {
        external_id: 'id',
        kind: { const: 'ces' },
        scale_min: { const: 1 },
        scale_max: { const: 7 },
        score: 'score',
        sent_at: 'sent',
        responded_at: 'answered',
      },
    };
    await withDuckDb([], async (db, dir) => {
      await writeCanonical(dir, tickets, []);
      const helpdesk = await importFiles(db, [join(dir, 'contacts.csv'), join(dir, 'contact_events.csv')]);
      if (!helpdesk.ok) throw new Error(JSON.stringify(helpdesk.error));
      const files: [string, string, unknown][] = [
        [
          'csat.csv',
          csvText(['response_id', 'sent', 'submitted', 'ticket', 'question', 'answer'], csatRows),
          csatMap,
        ],
        ['nps.csv', csvText(['Response ID', 'Recorded Date', 'Score', 'Customer'], npsRows), npsMap],
        ['ces.csv', csvText(['id', 'invited', 'completed', 'effort'], cesRows, ';'), cesMap],
      ];
      for (const [name, text, mapping] of files) {
        await writeFile(join(dir, name), text);
        await writeFile(join(dir, `${name}.map.json`), JSON.stringify(mapping));
        await importSourceOrThrow(db, surveysFormat, [join(dir, name)], {
          mappingPath: join(dir, `${name}.map.json`),
        });
      }
      await expectSameFigures(db, [], all, {
        contactKpis: [],
        surveyKpis: SURVEY_KPIS,
        csatByAgent: true,
      });
    });
  });
});
