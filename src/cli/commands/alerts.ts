import { type Command, InvalidArgumentError } from 'commander';
import { formatValue } from '../../core/alerts/checks.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { AlertRule } from '../../services/alerts/contract.js';
import { testRule } from '../../services/alerts/evaluate.js';
import { type AlertRuleView, allRules, listRules } from '../../services/alerts/rules.js';
import { CliError, withDatabase } from '../database.js';
import { minuteText } from '../format.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';
import { outgoingMail } from '../serving.js';

/** The command line acts for the team: it reads every rule, as an admin does. */
const TEAM = { id: 'cli', role: 'admin' as const };

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function instant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw new InvalidArgumentError('expected an ISO time, e.g. 2026-12-07T09:00:00Z');
  return at;
}

const filtersText = (filters: AlertRule['filters']) =>
  Object.entries(filters)
    .map(([d, v]) => `${d}=${(v ?? []).join('|')}`)
    .join(' ');

/** The rule's condition in a few words: "below 80.0 % over 168 h, n ≥ 30". */
export function conditionText(rule: AlertRule): string {
  const p = rule.params;
  const kpi = rule.kpi ? findKpi(rule.kpi) : undefined;
  const format = kpi?.format === 'percent' ? 'percent' : kpi?.format === 'duration' ? 'seconds' : 'plain';
  const scope = filtersText(rule.filters);
  const text = (() => {
    switch (p.kind) {
      case 'threshold':
        return `${p.comparison} ${formatValue(p.value, format)} over ${p.windowHours} h, n ≥ ${p.minN}`;
      case 'baseline':
        return `worse than baseline ${p.baselineId ?? '(latest)'} over ${p.windowHours} h at ${p.confidence * 100} %, n ≥ ${p.minN}`;
      case 'anomaly':
        return `${p.metric} in the last hour z ≥ ${p.sensitivity} against ${p.weeks} weeks`;
      case 'frt_at_risk':
        return `≥ ${p.minContacts} contacts within ${p.minutesBefore} min of their first-response target`;
      case 'source_silent':
        return `${p.source} silent for ${p.silentMinutes} min`;
      case 'job_failed':
        return p.jobId ? `job ${p.jobId} failed` : 'any job failed';
    }
  })();
  return scope ? `${text} (${scope})` : text;
}

const stateText = (rule: AlertRuleView) =>
  rule.paused ? 'paused' : rule.state === null ? 'not evaluated' : rule.state.firing ? 'FIRING' : 'ok';

export function alertsCommand(program: Command) {
  const alerts = program
    .command('alerts')
    .description(
      'Alert rules: thresholds, baselines, spikes and operational checks, evaluated every five minutes',
    )
    .addHelpText(
      'after',
      `
Examples:
  servicemeter alerts list
  servicemeter alerts test "CSAT below 80 % over 7 days" --at 2026-06-28T12:00:00Z
  servicemeter alerts test "Phone abandonment spike" --deliver --smtp smtp://mail.acme.example:587 --mail-from alerts@acme.example`,
    );

  alerts
    .command('list')
    .description('Every alert rule: name, kind, indicator, condition, state and last event')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const listed = await listRules(db, TEAM);
        if (!listed.ok) throw new CliError('the alert rules cannot be read');
        const rules = listed.data;
        if (options.json) return out(JSON.stringify(rules, null, 2));
        if (rules.length === 0) return out('No alert rules yet; add one on the Alerts page.');
        out(
          table(
            ['name', 'kind', 'indicator', 'condition', 'state', 'last event'],
            rules.map((r) => [
              r.name,
              r.kind,
              r.kpi ?? '–',
              conditionText(r),
              stateText(r),
              r.lastEvent ? `${r.lastEvent.kind} ${minuteText(r.lastEvent.occurredAt)}` : '–',
            ]),
          ),
        );
      });
    });

  alerts
    .command('test <name>')
    .description(
      'Evaluate one rule now (or --at) without storing anything; --deliver sends a test message to its channels',
    )
    .option('--at <time>', 'evaluate as of this moment (ISO time); default now', instant)
    .option('--deliver', "send a test message to the rule's e-mail addresses and webhooks")
    .option('--json', 'as JSON')
    .option('--smtp <url>', 'the mail server (default SERVICEMETER_SMTP_URL)')
    .option('--mail-from <address>', 'the address mails come from (default SERVICEMETER_MAIL_FROM)')
    .option('--public-url <url>', 'where the links point (default SERVICEMETER_PUBLIC_URL)')
    .addOption(dbOption())
    .action(
      async (
        name: string,
        options: {
          at?: Date;
          deliver?: boolean;
          json?: boolean;
          smtp?: string;
          mailFrom?: string;
          publicUrl?: string;
          db: string;
        },
      ) => {
        const mail = outgoingMail(options);
        try {
          await withDatabase(options.db, async (db) => {
            const tested = await testRule(
              db,
              TEAM,
              name,
              { at: options.at ?? new Date(), deliver: options.deliver ?? false },
              {
                mail,
                publicUrl:
                  options.publicUrl ?? process.env.SERVICEMETER_PUBLIC_URL ?? mail?.publicUrl ?? null,
              },
            );
            if (!tested.ok) {
              const e = tested.error;
              if (e.kind === 'not_found') {
                const names = (await allRules(db)).map((r) => r.name);
                throw new CliError(
                  `there is no alert rule named ${JSON.stringify(name)}; ${names.length ? `known: ${names.join(', ')}` : 'no rules yet'}`,
                );
              }
              throw new CliError(
                e.kind === 'invalid' ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : e.reason,
              );
            }
            if (options.json) return out(JSON.stringify(tested.data, null, 2));
            const { check, link, delivery } = tested.data;
            const verdict = check.holds === null ? 'no verdict' : check.holds ? 'holds' : 'does not hold';
            out(`${verdict}: ${check.message}`);
            out(`view: ${link}`);
            for (const d of delivery ?? [])
              out(`${d.ok ? 'sent' : 'FAILED'} ${d.channel} ${d.to}${d.error ? `: ${d.error}` : ''}`);
            if (delivery?.some((d) => !d.ok)) process.exitCode = 1;
          });
        } finally {
          mail?.mailer.close();
        }
      },
    );
}
