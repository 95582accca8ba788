import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import { eventLog } from '../src/ingest/sources/event-log.js';
import type { SourceFormat } from '../src/ingest/sources/format.js';
import { surveys } from '../src/ingest/sources/surveys.js';
import type { SourceImportSummary } from '../src/services/import-source.js';
import { withDuckDb, withTempDir } from './support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from './support/sources.js';

/**
 * Every mapping shown in the documentation runs, verbatim, against the fixture it names: a docs
 * change that breaks an example, or an example that drifts from its committed copy, fails here.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

interface DocExample {
  /** `docs/sources/csv.md:123`: where the block starts. */
  where: string;
  text: string;
  /** The committed mapping file the text before the block names, e.g. `test/fixtures/sources/csv/servicenow.map.json`. */
  fixture: string | null;
}

/** The ```json blocks of the docs that are mappings (an object with `rows`). */
function mappingExamples(): DocExample[] {
  const examples: DocExample[] = [];
  for (const path of [...markdownFiles(join(ROOT, 'docs')), join(ROOT, 'README.md')]) {
    const markdown = readFileSync(path, 'utf8');
    const fence = /```(\w*)\n([\s\S]*?)\n```/g;
    let previousEnd = 0;
    for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
      const before = markdown.slice(previousEnd, m.index);
      previousEnd = m.index + m[0].length;
      if (m[1] !== 'json') continue;
      let json: unknown;
      try {
        json = JSON.parse(m[2] ?? '');
      } catch {
        continue;
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json) || !('rows' in json)) continue;
      const named = [...before.matchAll(/`(test\/fixtures\/[^`]+\.map\.json)`/g)].at(-1)?.[1] ?? null;
      const line = markdown.slice(0, m.index).split('\n').length;
      examples.push({ where: `${relative(ROOT, path)}:${line}`, text: m[2] ?? '', fixture: named });
    }
  }
  return examples;
}

const SURVEY_CONTACTS = fixturePath('sources/surveys/helpdesk/contacts.csv');

/** The data each documented mapping is run on, and what it must at least import. */
const RUNS: Record<
  string,
  { format: SourceFormat; files: string[]; canonical?: string[]; table: string; rows: number }
> = {
  'test/fixtures/sources/csv/anonymous-bank.map.json': {
    format: csvMapped,
    files: ['sources/csv/anonymous-bank.txt'],
    table: 'contacts',
    rows: 288,
  },
  'test/fixtures/sources/csv/servicenow.map.json': {
    format: csvMapped,
    files: ['sources/csv/servicenow-incidents.csv'],
    table: 'contacts',
    rows: 6,
  },
  'test/fixtures/sources/xlsx/calls.map.json': {
    format: csvMapped,
    files: ['sources/xlsx/calls-exceljs.xlsx'],
    table: 'contacts',
    rows: 8,
  },
  'test/fixtures/sources/event-log/helpdesk.map.json': {
    format: eventLog,
    files: ['sources/event-log/helpdesk-excerpt.csv'],
    table: 'contacts',
    rows: 13,
  },
  'test/fixtures/sources/surveys/csat.map.json': {
    format: surveys,
    files: ['sources/surveys/csat-export.csv'],
    canonical: [SURVEY_CONTACTS],
    table: 'survey_responses',
    rows: 8,
  },
  'test/fixtures/workforce-ingest/csv/agent-states.map.json': {
    format: csvMapped,
    files: ['workforce-ingest/csv/agent-states.csv'],
    table: 'agent_status_events',
    // 7 changes; the states `available` and `paused` are each written as two statuses.
    rows: 12,
  },
  'test/fixtures/workforce-ingest/csv/shifts.map.json': {
    format: csvMapped,
    files: ['workforce-ingest/csv/shifts.csv'],
    table: 'schedules',
    rows: 3,
  },
  'test/fixtures/business/ledger.map.json': {
    format: csvMapped,
    files: ['business/ledger.csv'],
    table: 'costs',
    rows: 3,
  },
  'test/fixtures/sources/surveys/nps.map.json': {
    format: surveys,
    files: ['sources/surveys/nps-export.csv'],
    table: 'survey_responses',
    rows: 10,
  },
};

/** Imports `files` with the mapping text written to a file as it stands in the docs. */
async function importWithText<T>(
  text: string,
  run: { format: SourceFormat; files: string[]; canonical?: string[] },
  inspect: (summary: SourceImportSummary, db: Parameters<Parameters<typeof withDuckDb>[1]>[0]) => Promise<T>,
): Promise<T> {
  return withTempDir(async (dir) => {
    const mappingPath = join(dir, 'example.map.json');
    await writeFile(mappingPath, text);
    return withDuckDb(run.canonical ?? [], async (db) => {
      const summary = await importSourceOrThrow(db, run.format, run.files.map(fixturePath), {
        mappingPath,
      });
      return inspect(summary, db);
    });
  });
}

const examples = mappingExamples();

describe('the mapping examples of the docs', () => {
  test('are found, each naming its committed fixture', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const example of examples) {
      expect(example.fixture, `${example.where} names no test/fixtures/….map.json before it`).not.toBeNull();
      expect(RUNS[example.fixture as string], `${example.where}: no data to run it on`).toBeDefined();
    }
  });

  test.each(examples.map((e) => [e.where, e] as const))(
    '%s runs verbatim on its fixture',
    async (_, example) => {
      const fixture = example.fixture as string;
      // The committed copy, which other tests use, says the same as the docs.
      expect(JSON.parse(readFileSync(join(ROOT, fixture), 'utf8'))).toEqual(JSON.parse(example.text));
      const run = RUNS[fixture];
      if (!run) throw new Error(`${example.where}: no data to run it on`);
      await importWithText(example.text, run, async (summary, db) => {
        expect(summary.rejected).toBe(0);
        const [row] = await db.all(`SELECT count(*) AS n FROM ${run.table}`);
        expect(Number(row?.n)).toBe(run.rows);
      });
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The call-centre example's figures, against a reading of the rows written here

const BANK_DOC = 'docs/sources/csv.md';
const BANK_MAP = 'test/fixtures/sources/csv/anonymous-bank.map.json';
const BANK_FILE = fixturePath('sources/csv/anonymous-bank.txt');
const SHORT_ABANDON_S = 5;
const SERVICE_LEVEL_S = 20;

interface Call {
  outcome: string;
  /** Seconds since the midnight of the call's date; null where the log says 0:00:00. */
  vruEntry: number;
  qStart: number | null;
  qExit: number | null;
  serStart: number | null;
  serExit: number | null;
  serTime: number;
}

function bankCalls(): Call[] {
  const [header, ...lines] = readFileSync(BANK_FILE, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split('\t');
  const at = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? '';
  const seconds = (text: string) => {
    if (text === '0:00:00') return null;
    const [h, m, s] = text.split(':').map(Number);
    return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
  };
  return lines.map((line) => {
    const cells = line.split('\t');
    const vruEntry = seconds(at(cells, 'vru_entry')) as number;
    // A clock time well before the call came in is after midnight.
    const time = (name: string) => {
      const t = seconds(at(cells, name));
      return t !== null && t < vruEntry - 60 ? t + 86_400 : t;
    };
    return {
      outcome: at(cells, 'outcome'),
      vruEntry,
      qStart: time('q_start'),
      qExit: time('q_exit'),
      serStart: time('ser_start'),
      serExit: time('ser_exit'),
      serTime: Number(at(cells, 'ser_time')),
    };
  });
}

/** The documented definitions (docs/kpis.md) applied to the rows as the docs' example reads them. */
function expectedFigures(calls: Call[]) {
  const real = calls.filter((c) => c.outcome !== 'PHANTOM');
  const answeredWaits: number[] = [];
  const abandonWaits: number[] = [];
  const handles: number[] = [];
  for (const call of real) {
    // Queued: a queue start, or answered without queueing (wait 0).
    const entry = call.qStart ?? call.serStart;
    if (entry === null) continue;
    if (call.outcome === 'AGENT') {
      const answer = call.serStart ?? call.qExit;
      if (answer === null) throw new Error('an answered call without an answer time');
      answeredWaits.push(answer - entry);
      if (call.serStart !== null && call.serExit !== null) handles.push(call.serTime);
    } else if (call.outcome === 'HANG' && call.qExit !== null) abandonWaits.push(call.qExit - entry);
  }
  const abandoned = abandonWaits.filter((w) => w >= SHORT_ABANDON_S);
  const offered = answeredWaits.length + abandoned.length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const slBase = answeredWaits.length + abandoned.filter((w) => w > SERVICE_LEVEL_S).length;
  return {
    contacts_created: { value: real.length, n: real.length },
    offered: { value: offered, n: offered },
    answered: { value: answeredWaits.length, n: answeredWaits.length },
    abandonment_rate: { value: abandoned.length / offered, n: offered },
    asa: { value: mean(answeredWaits), n: answeredWaits.length },
    service_level: {
      value: answeredWaits.filter((w) => w <= SERVICE_LEVEL_S).length / slBase,
      n: slBase,
    },
    aht: { value: mean(handles), n: handles.length },
  };
}

const bankExample = () => {
  const example = examples.find((e) => e.fixture === BANK_MAP && e.where.startsWith(BANK_DOC));
  if (!example) throw new Error(`${BANK_DOC} has no example naming ${BANK_MAP}`);
  return example;
};
const KPIS = ['contacts_created', 'offered', 'answered', 'abandonment_rate', 'asa', 'service_level', 'aht'];
const RANGE = { from: '1999-02-28', to: '1999-03-05' };
const BANK_RUN = { format: csvMapped, files: ['sources/csv/anonymous-bank.txt'] };

describe('the call-centre example of docs/sources/csv.md on a log with the quirks of real ones', () => {
  test('the fixture has the quirks the docs describe', () => {
    const calls = bankCalls();
    expect(calls.length).toBeGreaterThanOrEqual(300);
    const answered = calls.filter((c) => c.outcome === 'AGENT');
    expect(answered.filter((c) => c.qStart === null && c.serStart !== null).length).toBeGreaterThan(10);
    expect(answered.filter((c) => c.serStart === null).length).toBeGreaterThan(3);
    const skewed = answered.filter((c) => c.serStart !== null && c.qExit !== null && c.serStart < c.qExit);
    expect(skewed.length).toBeGreaterThan(10);
    const ids = readFileSync(BANK_FILE, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[1]);
    expect(new Set(ids).size).toBeLessThan(ids.length / 2);
    // The excerpt in the docs is made of lines of the fixture.
    const doc = readFileSync(join(ROOT, BANK_DOC), 'utf8');
    const excerpt = /```text\n(vru\+line\tcall_id[^\n]*\n[\s\S]*?)\n```/.exec(doc)?.[1]?.split('\n') ?? [];
    expect(excerpt.length).toBeGreaterThan(3);
    const fixtureLines = new Set(readFileSync(BANK_FILE, 'utf8').split('\n'));
    for (const line of excerpt) expect(fixtureLines.has(line), line).toBe(true);
    // The number of calls the docs give is the fixture's.
    expect(Number(/On the (\d+) calls of\s/.exec(doc)?.[1])).toBe(bankCalls().length);
  });

  test('gives asa, service level, abandonment rate and aht as the definitions do on the rows', async () => {
    const expected = expectedFigures(bankCalls());
    // Realistic figures, not the 18-hour ASA of a mapping that moves early answers a day.
    expect(expected.asa.value).toBeLessThan(120);
    expect(expected.service_level.value).toBeGreaterThan(0.3);
    await importWithText(bankExample().text, BANK_RUN, async (summary, db) => {
      expect(summary.conversion.by).toBe('sql');
      expect(summary.warnings.map((w) => [w.message, w.count])).toEqual([
        ["outcome is 'PHANTOM': row skipped", bankCalls().filter((c) => c.outcome === 'PHANTOM').length],
      ]);
      const figures = await kpiOverview(db, KPIS, RANGE);
      for (const id of KPIS) {
        const want = expected[id as keyof typeof expected];
        expect(figures[id]?.n, id).toBe(want.n);
        expect(figures[id]?.value, id).toBeCloseTo(want.value, 9);
      }
    });
  });

  test('without the tolerance, every early answer is moved a day, and the import says so', async () => {
    const calls = bankCalls();
    const skewed = calls.filter(
      (c) => c.outcome === 'AGENT' && c.serStart !== null && c.qExit !== null && c.serStart < c.qExit,
    );
    const mapping = JSON.parse(bankExample().text);
    mapping.fields.ser_start.tolerance = 0;
    await importWithText(JSON.stringify(mapping), BANK_RUN, async (summary, db) => {
      const byCode = Object.fromEntries(
        summary.warnings.filter((w) => w.quality).map((w) => [w.quality?.code, w.count]),
      );
      expect(byCode).toEqual({ moved_to_next_day: skewed.length, long_queue_wait: skewed.length });
      // The figure the warnings are about: the mean wait is hours.
      const { asa } = await kpiOverview(db, ['asa'], RANGE);
      expect(asa?.value).toBeGreaterThan(3600);
    });
  });

  test('the import summary of the CLI names them with counts and examples', async () => {
    const skewed = bankCalls().filter(
      (c) => c.outcome === 'AGENT' && c.serStart !== null && c.qExit !== null && c.serStart < c.qExit,
    );
    const mapping = JSON.parse(bankExample().text);
    mapping.fields.ser_start.tolerance = 0;
    await withTempDir(async (dir) => {
      const map = join(dir, 'strict.map.json');
      await writeFile(map, JSON.stringify(mapping));
      // The built CLI: `npm run build` first (`npm test` does).
      const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
      const run = spawnSync(
        process.execPath,
        [cli, 'import', 'csv', BANK_FILE, '--map', map, '--db', join(dir, 'calls.duckdb')],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const said = `${run.stdout}${run.stderr}`;
      expect(said).toMatch(
        new RegExp(
          `warning: anonymous-bank\\.txt: ser_start: moved to the next day, more than 12 h after the time it follows: imported — ${skewed.length}× \\(e\\.g\\. line \\d+ \\(23:59:\\d\\d after it\\), line`,
        ),
      );
      expect(said).toContain(`queue wait over 12 h: imported — ${skewed.length}×`);
    });
  });
});
