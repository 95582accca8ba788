import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { createReport } from '../../src/services/reports/reports.js';
import { createUser } from '../../src/services/users.js';
import { createDashboard } from '../../src/services/views/dashboards.js';
import { cli, expectRefused } from '../support/cli.js';
import { FIXTURES } from '../support/engines.js';

/** `servicemeter report list` and `report send --dry-run` on a database file, through the built CLI. */

const run = promisify(execFile);
let work: string;
let dbPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-report-cli-'));
  dbPath = join(work, 'r.duckdb');
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const lead = await createUser(db, {
      email: 'lead@acme.test',
      password: 'a long enough password',
      role: 'manager',
      locale: 'en',
    });
    if (!lead.ok) throw new Error(JSON.stringify(lead.error));
    const dashboard = await createDashboard(db, lead.data, {
      name: 'Week',
      shared: true,
      tiles: [{ kpi: 'frt', kind: 'value' }],
    });
    if (!dashboard.ok) throw new Error(JSON.stringify(dashboard.error));
    const made = await createReport(
      db,
      { id: lead.data.id, role: 'manager', email: lead.data.email },
      {
        name: 'Monday summary',
        source: { kind: 'dashboard', id: dashboard.data.id },
        frequency: 'weekly',
        weekday: 1,
        sendTime: '08:00',
        recipients: [
          { userId: lead.data.id, timezone: 'Europe/Amsterdam' },
          { email: 'head@outside.example' },
        ],
      },
    );
    if (!made.ok) throw new Error(JSON.stringify(made.error));
  } finally {
    await db.close();
  }
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('report list: a table with the report name first', async () => {
  const listed = await cli(['report', 'list', '--db', dbPath]);
  expect(listed.code, listed.stderr).toBe(0);
  const [header, , row] = listed.stdout.split('\n');
  expect(header?.split(/\s{2,}/)).toEqual(['name', 'frequency', 'when', 'recipients', 'last sent']);
  expect(row).toMatch(/^Monday summary\s+weekly\s+Mon 08:00\s+lead@acme.test, head@outside.example\s+—/);
});

test('report send --dry-run --out writes the PDF; an unknown name lists the known ones', async () => {
  const pdf = join(work, 'report.pdf');
  const html = join(work, 'report.html');
  const sent = await cli([
    'report',
    'send',
    'monday summary',
    '--dry-run',
    '--out',
    pdf,
    '--html',
    html,
    '--at',
    '2026-03-09T09:00:00Z',
    '--db',
    dbPath,
  ]);
  expect(sent.code, sent.stderr).toBe(0);
  expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
  const text = (await run('pdftotext', [pdf, '-'])).stdout;
  expect(text).toMatch(/Monday summary/);
  // The fixture's week, 2–8 March, with its first responses: a figure, not an empty period.
  expect(text).toMatch(/First response time/);
  expect(text).not.toMatch(/No data in this period/);
  expect(text).toMatch(/\d+ (sec|min|h)/);
  expect(await readFile(html, 'utf8')).toMatch(/<html/i);
  expectRefused(
    await cli(['report', 'send', 'Friday', '--dry-run', '--out', pdf, '--db', dbPath]),
    /no report named "Friday"; known: Monday summary/,
  );
  expectRefused(
    await cli(['report', 'send', 'Monday summary', '--db', dbPath], { SERVICEMETER_SMTP_URL: '' }),
    /needs a mail server/,
  );
});
