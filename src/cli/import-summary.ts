import { ACCEPTED_RANGE } from '../core/time-range.js';
import type { ImportError } from '../ingest/canonical.js';
import type { SourceWarning } from '../ingest/sources/format.js';
import type { ImportSummary } from '../services/import.js';
import type { SourceImportSummary } from '../services/import-source.js';
import { negativeDurationCause, type RebuildSummary } from '../services/rebuild.js';
import { note, out } from './output.js';

export function describeImportError(error: ImportError): string {
  switch (error.kind) {
    case 'bad_rows': {
      const lines = error.problems.map((p) => `  ${p.file}:${p.line} ${p.column}: ${p.reason}`);
      const more =
        error.total > error.problems.length ? [`  … and ${error.total - error.problems.length} more`] : [];
      return [
        `${error.total} problem${error.total === 1 ? '' : 's'} found; nothing was imported.`,
        ...lines,
        ...more,
        'Fix these rows, or use --skip-bad-rows to import the good rows and write the rejected ones to a file.',
      ].join('\n');
    }
    case 'unknown_format':
      return `${error.file}: ${error.reason}`;
    case 'not_found':
      return `${error.file}: no such file or folder`;
    case 'database_busy':
      return `${error.file}: ${error.reason}`;
    default: {
      const unreachable: never = error;
      return `import failed: ${JSON.stringify(unreachable)}`;
    }
  }
}

export function printImportSummary(summary: ImportSummary) {
  for (const f of summary.files) {
    out(
      `${f.file} → ${f.table}: ${f.rowsRead.toLocaleString('en-US')} read, ${f.rowsImported.toLocaleString('en-US')} imported${f.rowsRejected > 0 ? `, ${f.rowsRejected.toLocaleString('en-US')} rejected` : ''}`,
    );
  }
  if (summary.rejectsPath && summary.rejected > 0)
    out(`rejected rows and their reasons: ${summary.rejectsPath}`);
  printImportOutcome(summary);
  printWarnings(summary.warnings);
}

export function printSourceSummary(summary: SourceImportSummary) {
  const rejected =
    summary.rejected > 0 ? `, ${summary.rejected.toLocaleString('en-US')} records rejected` : '';
  const files = summary.sourceFiles.length === 1 ? '1 file' : `${summary.sourceFiles.length} files`;
  const way =
    summary.conversion.by === 'sql'
      ? ' (staged in SQL)'
      : summary.conversion.reason
        ? ` (row by row: ${summary.conversion.reason})`
        : '';
  out(`${summary.format}: ${files} converted${way}${rejected}`);
  const rows = summary.contactRows;
  if (rows) {
    const n = (count: number) => count.toLocaleString('en-US');
    out(
      `  rows: ${n(rows.converted)} converted into ${n(rows.contacts)} contacts; ${n(rows.merged)} merged (a repeated contact id with the same values), ${n(rows.conflicting)} left out (a repeated contact id with other values)`,
    );
  }
  for (const f of summary.files) {
    out(
      `  ${f.table}: ${f.rowsRead.toLocaleString('en-US')} rows converted, ${f.rowsImported.toLocaleString('en-US')} imported`,
    );
  }
  if (summary.rejectsPath && summary.rejected > 0)
    out(`rejected records and their reasons: ${summary.rejectsPath}`);
  printImportOutcome(summary);
  printWarnings(summary.warnings);
}

/** What every import ends with: the dates it covered and what the rebuild changed. */
function printImportOutcome(summary: ImportSummary) {
  if (summary.contactsFrom && summary.contactsTo)
    out(`contacts created from ${summary.contactsFrom} to ${summary.contactsTo}`);
  if (!summary.facts) return;
  const { facts } = summary;
  const n = (count: number) => count.toLocaleString('en-US');
  out(
    facts.scope === 'touched'
      ? `facts rebuilt for ${n(facts.rebuilt.contacts)} of ${n(facts.contacts)} contacts and ${n(facts.rebuilt.surveys)} of ${n(facts.surveys)} survey rows (those the import touched) in ${facts.seconds.toFixed(1)} s`
      : `facts rebuilt for ${n(facts.contacts)} contacts and ${n(facts.surveys)} survey rows in ${facts.seconds.toFixed(1)} s`,
  );
  if (summary.facts.changedContacts !== null)
    out(`contacts whose facts changed: ${summary.facts.changedContacts.toLocaleString('en-US')}`);
  if (summary.facts.contactsWithoutCalendar > 0) {
    // About the imported data, not a count of what the import did: a warning.
    note(
      `warning: ${summary.facts.contactsWithoutCalendar} contacts have no business-hours calendar; their business-hours durations equal calendar time`,
    );
  }
  printRebuildWarnings(summary.facts);
}

/** What the rebuild left out: rows with a time out of range, durations that would be negative. */
export function printRebuildWarnings(facts: RebuildSummary) {
  const { leftOut } = facts;
  for (const row of leftOut.examples)
    note(
      `warning: ${row.kind} ${row.key} left out of the facts: ${row.field} ${row.value} is outside ${ACCEPTED_RANGE} (\`servicemeter repair\` puts such rows aside)`,
    );
  // Both counts and the examples name each contact or survey row once, however many of its times are at fault.
  const named = (kind: 'contact' | 'survey') =>
    new Set(leftOut.examples.filter((row) => row.kind === kind).map((row) => row.key)).size;
  const more = [
    { count: leftOut.contacts - named('contact'), what: 'contacts' },
    { count: leftOut.surveys - named('survey'), what: 'survey rows' },
  ].filter((m) => m.count > 0);
  if (more.length > 0)
    note(
      `warning: … and ${more.map((m) => `${m.count.toLocaleString('en-US')} more ${m.what}`).join(' and ')} left out (\`servicemeter data-quality\` lists them)`,
    );
  for (const negative of facts.negativeDurations)
    note(
      `warning: ${negative.contacts.toLocaleString('en-US')} contacts have a negative ${negative.duration} time (${negativeDurationCause(negative.duration)}), left out of its indicators (e.g. ${negative.examples.slice(0, 3).join(', ')})`,
    );
}

export function printWarnings(warnings: readonly SourceWarning[]) {
  for (const w of warnings) {
    note(
      `warning: ${w.file}: ${w.message} — ${w.count.toLocaleString('en-US')}× (e.g. ${w.examples.join(', ')})`,
    );
  }
}
