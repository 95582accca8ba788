/**
 * Reports and alerts benchmark, on the demo as `npm run demo` makes it (20,000 contacts) with its
 * "Team overview" dashboard of 8 tiles: the weekly "Monday summary" composed and rendered (figures,
 * charts as PNG, the PDF) for 20 recipients of every role and language — target: a recipient's
 * report in < 2 s — and 50 alert rules evaluated in one run — target < 5 s.
 *
 * A report, not a test: it exits 0 when a target is missed.
 *
 *   node dist/bench/reports.js
 *   BENCH_REPORTS_CONTACTS=5000 node dist/bench/reports.js
 *
 * Writes bench/out/reports.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastSending } from '../src/core/reports/period.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { evaluateAlerts } from '../src/services/alerts/evaluate.js';
import { createRule } from '../src/services/alerts/rules.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { configureDemoLive } from '../src/services/demo/live.js';
import { createDemoReporting } from '../src/services/demo/reports.js';
import { prepareDemoAccess } from '../src/services/demo-login.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { composeReport } from '../src/services/reports/compose.js';
import type { ReportAudience, ReportRecipient } from '../src/services/reports/contract.js';
import { renderReport } from '../src/services/reports/render.js';
import { getReport } from '../src/services/reports/reports.js';
import { createUser, LOCALES, type Role } from '../src/services/users.js';
import { fmtMb, processPeakRssBytes } from './measure.js';

const CONTACTS = Number(process.env.BENCH_REPORTS_CONTACTS ?? 20_000);
const RECIPIENTS = 20;
const RULES = 50;
const REPORT_TARGET_SECONDS = 2;
const ALERTS_TARGET_SECONDS = 5;
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
/** The demo's clock: Monday 29 June 2026, 08:00 in Amsterdam, the Monday summary's sending time. */
const NOW = new Date('2026-06-29T06:00:00Z');
const READER_PASSWORD = 'bench-reader-secret';
const ROLES: Role[] = ['manager', 'viewer', 'finance', 'admin', 'agent'];
const ZONES = ['Europe/Amsterdam', 'Europe/London', 'Europe/Stockholm', 'Europe/Kyiv', 'Asia/Shanghai'];

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'servicemeter-bench-reports-'));
  const db = await openDuckDb({ path: join(work, 'bench.duckdb') });
  try {
    console.log(`reports: generating and importing ${CONTACTS.toLocaleString('en-US')} demo contacts…`);
    await writeDemoFiles(join(work, 'files'), { contacts: CONTACTS, seed: 1 });
    await migrate(db);
    const imported = await importFiles(db, [join(work, 'files')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const access = await prepareDemoAccess(db);
    if (!access.ok) throw new Error(access.error);
    await configureDemoLive(db, NOW);
    const demo = await createDemoReporting(db, { now: NOW, seed: 1 });
    const report = await getReport(db, demo.reportId);
    if (!report) throw new Error('the demo has no Monday summary');

    // Twenty recipients: every role (an agent is one of the demo's agents) in every language.
    const audiences: { recipient: ReportRecipient; audience: ReportAudience }[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const role = ROLES[i % ROLES.length] as Role;
      const locale = LOCALES[i % LOCALES.length] as ReportRecipient['locale'];
      const timezone = ZONES[i % ZONES.length] as string;
      const email = `reader-${i}@example.com`;
      const agentId = role === 'agent' ? 'daan' : null;
      const user = await createUser(db, { email, password: READER_PASSWORD, role, agentId, locale }, NOW);
      if (!user.ok) throw new Error(JSON.stringify(user.error));
      audiences.push({
        recipient: { userId: user.data.id, email, locale, timezone },
        audience: { role, userId: user.data.id, agentId },
      });
    }
    const perRecipient: number[] = [];
    let pdfBytes = 0;
    const started = performance.now();
    for (const { recipient, audience } of audiences) {
      const t0 = performance.now();
      const period = lastSending(report, recipient.timezone, NOW).period;
      const content = await composeReport(db, { report, recipient, audience, period, publicUrl: null });
      if (!content.ok) throw new Error(JSON.stringify(content.error));
      const mail = await renderReport(content.data, { attachPdf: true, attachCsv: true });
      pdfBytes += mail.attachments.find((a) => a.contentType === 'application/pdf')?.content.length ?? 0;
      perRecipient.push((performance.now() - t0) / 1000);
    }
    const reportsSeconds = (performance.now() - started) / 1000;
    const slowest = Math.max(...perRecipient);
    const sorted = [...perRecipient].sort((a, b) => a - b);
    const medianReport = sorted[Math.floor(sorted.length / 2)] ?? 0;

    // Fifty rules: the demo's four and more of every kind, by owners of at most 20 rules each.
    const owners = [];
    for (let i = 0; i < 3; i++) {
      const owner = await createUser(
        db,
        { email: `lead-${i}@example.com`, password: READER_PASSWORD, role: 'manager' },
        NOW,
      );
      if (!owner.ok) throw new Error(JSON.stringify(owner.error));
      owners.push(owner.data);
    }
    const kpis = ['csat', 'frt', 'abandonment_rate', 'service_level', 'fcr_rate', 'resolution_time', 'nps'];
    const channels = ['email', 'chat', 'phone', 'social'];
    for (let i = demo.alertRuleIds.length; i < RULES; i++) {
      const kind = i % 5;
      const channel = channels[i % channels.length] as string;
      const input =
        kind === 0 || kind === 1
          ? {
              name: `bench threshold ${i}`,
              kind: 'threshold',
              kpi: kpis[i % kpis.length],
              filters: { channel: [channel] },
              params: {
                kind: 'threshold',
                comparison: 'below',
                value: 0.5,
                windowHours: 24 * (1 + (i % 7)),
                minN: 30,
              },
            }
          : kind === 2
            ? {
                name: `bench baseline ${i}`,
                kind: 'baseline',
                kpi: 'csat',
                filters: {},
                params: {
                  kind: 'baseline',
                  baselineId: demo.baselineId,
                  windowHours: 168,
                  minN: 30,
                  confidence: 0.95,
                },
              }
            : kind === 3
              ? {
                  name: `bench anomaly ${i}`,
                  kind: 'anomaly',
                  filters: { channel: [channel] },
                  params: {
                    kind: 'anomaly',
                    metric: i % 2 ? 'volume' : 'abandonment',
                    weeks: 4,
                    sensitivity: 3,
                    minExpected: 2,
                  },
                }
              : {
                  name: `bench first response ${i}`,
                  kind: 'frt_at_risk',
                  filters: { channel: [channel] },
                  params: { kind: 'frt_at_risk', minutesBefore: 15, minContacts: 5 },
                };
      const owner = owners[i % owners.length];
      if (!owner) throw new Error('no owner');
      const rule = await createRule(db, owner, { ...input, deliver: { emails: [], webhooks: [] } }, NOW);
      if (!rule.ok) throw new Error(`${input.name}: ${JSON.stringify(rule.error)}`);
    }
    const alertsStart = performance.now();
    const evaluation = await evaluateAlerts(db, NOW, { mail: null });
    const alertsSeconds = (performance.now() - alertsStart) / 1000;

    const peak = processPeakRssBytes();
    const result = {
      contacts: CONTACTS,
      tiles: 8,
      recipients: RECIPIENTS,
      reportsSeconds,
      reportsPerSecond: RECIPIENTS / reportsSeconds,
      medianReportSeconds: medianReport,
      slowestReportSeconds: slowest,
      meanPdfBytes: Math.round(pdfBytes / RECIPIENTS),
      reportTargetMet: slowest < REPORT_TARGET_SECONDS,
      rules: evaluation.evaluated + evaluation.failures.length,
      evaluated: evaluation.evaluated,
      failures: evaluation.failures,
      events: evaluation.events.length,
      alertsSeconds,
      alertsTargetMet: alertsSeconds < ALERTS_TARGET_SECONDS,
      peakRssBytes: peak,
      cores: availableParallelism(),
      load: loadavg(),
    };
    console.log(
      `reports: ${RECIPIENTS} recipients of an 8-tile weekly report in ${reportsSeconds.toFixed(2)} s (${result.reportsPerSecond.toFixed(2)} reports/s); a recipient's report median ${medianReport.toFixed(2)} s, slowest ${slowest.toFixed(2)} s (target ${REPORT_TARGET_SECONDS} s ${result.reportTargetMet ? 'met' : 'missed'}); PDF ${Math.round(result.meanPdfBytes / 1024)} kB on average`,
    );
    console.log(
      `alerts: ${result.rules} rules evaluated in ${alertsSeconds.toFixed(2)} s (target ${ALERTS_TARGET_SECONDS} s ${result.alertsTargetMet ? 'met' : 'missed'}), ${result.events} events, ${evaluation.failures.length} failures`,
    );
    console.log(`peak RSS ${fmtMb(peak)}, ${result.cores} cores, load ${loadavg()[0]?.toFixed(1)}`);
    await mkdir(OUT_DIR, { recursive: true });
    await writeFile(join(OUT_DIR, 'reports.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
