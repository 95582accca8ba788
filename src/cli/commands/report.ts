/**
 * Scheduled reports on the command line: `report list` (each report, its schedule, recipients and
 * last sending) and `report send <name>` (now, to its recipients or one address, or as a dry run
 * that writes the PDF and the HTML without mailing). Both work on the database file, as its owner.
 */

import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import type { ReportDefinition } from '../../services/reports/contract.js';
import { sendReportNow } from '../../services/reports/deliver.js';
import { allReports, findReportByName, isEmailAddress } from '../../services/reports/reports.js';
import { CliError, withDatabase } from '../database.js';
import { minuteText } from '../format.js';
import { dbOption } from '../options.js';
import { note, out } from '../output.js';
import { outgoingMail } from '../serving.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** "Mon 08:00", "day 1 08:00", "08:00", in each recipient's time zone. */
export function whenText(report: Pick<ReportDefinition, 'frequency' | 'sendTime' | 'weekday' | 'monthDay'>) {
  if (report.frequency === 'weekly') return `${WEEKDAYS[(report.weekday ?? 1) - 1]} ${report.sendTime}`;
  if (report.frequency === 'monthly') return `day ${report.monthDay ?? 1} ${report.sendTime}`;
  return report.sendTime;
}

function instant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    throw new InvalidArgumentError('expected an ISO time, e.g. 2026-12-07T09:00:00Z');
  return at;
}

function address(value: string): string {
  const email = value.trim().toLowerCase();
  if (!isEmailAddress(email)) throw new InvalidArgumentError('expected an e-mail address');
  return email;
}

interface SendOptions {
  to?: string;
  at?: Date;
  dryRun?: boolean;
  out?: string;
  html?: string;
  smtp?: string;
  mailFrom?: string;
  publicUrl?: string;
  db: string;
}

export function reportCommand(program: Command) {
  const report = program
    .command('report')
    .description('Scheduled reports: a saved view or dashboard mailed daily, weekly or monthly')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter report list
  servicemeter report send "Monday summary" --dry-run --out report.pdf --html report.html
  servicemeter report send "Monday summary" --at 2026-07-06T08:00:00Z --dry-run --out week-27.pdf
  servicemeter report send "Monday summary" --to lead@acme.example --smtp smtp://mail.acme.example:587 --mail-from reports@acme.example`,
    );

  report
    .command('list')
    .description('Every scheduled report: name, frequency, when, recipients and the last sending')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const reports = await allReports(db);
        if (options.json) return out(JSON.stringify(reports, null, 2));
        if (reports.length === 0) return out('No scheduled reports yet; schedule one on the Reports page.');
        out(
          table(
            ['name', 'frequency', 'when', 'recipients', 'last sent'],
            reports.map((r) => [
              r.paused ? `${r.name} (paused)` : r.name,
              r.frequency,
              whenText(r),
              r.recipients.map((x) => x.email).join(', '),
              r.lastSentAt ? minuteText(r.lastSentAt) : '—',
            ]),
          ),
        );
      });
    });

  report
    .command('send <name>')
    .description(
      'Send a report now for its last whole period, to its recipients or --to one address; --dry-run writes it without mailing',
    )
    .option(
      '--to <address>',
      'only this address (as that recipient if it is one, else as an outside address)',
      address,
    )
    .option('--at <time>', 'the moment to report as of (ISO time); default now', instant)
    .option('--dry-run', 'render without mailing: needs --out and/or --html')
    .option('--out <file>', 'with --dry-run: write the PDF here')
    .option('--html <file>', 'with --dry-run: write the HTML mail here')
    .option('--smtp <url>', 'the mail server (default SERVICEMETER_SMTP_URL)')
    .option('--mail-from <address>', 'the address mails come from (default SERVICEMETER_MAIL_FROM)')
    .option('--public-url <url>', 'where the links in the mail point (default SERVICEMETER_PUBLIC_URL)')
    .addOption(dbOption())
    .action(async (name: string, options: SendOptions) => {
      if (options.dryRun && !options.out && !options.html)
        throw new CliError(
          '--dry-run writes the report to a file: give --out report.pdf and/or --html report.html',
        );
      if (!options.dryRun && (options.out || options.html))
        throw new CliError('--out and --html go with --dry-run (a sending mails the report)');
      const mail = options.dryRun ? null : outgoingMail(options);
      if (!options.dryRun && mail === null)
        throw new CliError(
          'sending needs a mail server: give --smtp <url> --mail-from <address> (or --dry-run)',
        );
      try {
        await withDatabase(options.db, async (db) => {
          const found = await findReportByName(db, name);
          if (!found) {
            const names = (await allReports(db)).map((r) => r.name);
            throw new CliError(
              `there is no report named ${JSON.stringify(name)}; ${names.length ? `known: ${names.join(', ')}` : 'no reports are scheduled'}`,
            );
          }
          const sent = await sendReportNow(db, found, {
            at: options.at ?? new Date(),
            to: options.to ?? null,
            mail,
            dryRun: options.dryRun ?? false,
            ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
          });
          if (!sent.ok) {
            const e = sent.error;
            throw new CliError(
              e.kind === 'invalid'
                ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
                : e.kind === 'not_found'
                  ? `${e.what} not found`
                  : e.reason,
            );
          }
          if (options.dryRun) {
            const first = sent.data[0];
            if (!first?.report)
              throw new CliError(first?.error ?? 'the report has no recipient to render it for');
            const pdf = first.report.attachments.find((a) => a.contentType === 'application/pdf');
            if (options.out) {
              if (!pdf) throw new CliError('the report rendered no PDF');
              await writeFile(options.out, pdf.content);
              note(`wrote ${options.out} (${first.period.key} for ${first.email})`);
            }
            if (options.html) {
              await writeFile(options.html, first.report.html);
              note(`wrote ${options.html}`);
            }
            return;
          }
          for (const s of sent.data) out(`${s.status}  ${s.email}${s.error ? `  ${s.error}` : ''}`);
          if (sent.data.some((s) => s.status === 'failed')) process.exitCode = 1;
        });
      } finally {
        mail?.mailer.close();
      }
    });
}
