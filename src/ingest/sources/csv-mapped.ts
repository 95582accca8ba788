import { readFile } from 'node:fs/promises';
import type { SourceFormat } from './format.js';
import { BUSINESS_ROW_KINDS, convertMapped, loadMapping, parseMapping } from './mapping.js';
import { dropMappedStages, stageMappedSql } from './mapping-sql.js';

function headerOf(head: string): string[] {
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    [',', ';', '\t', '|'].sort((a, b) => first.split(b).length - first.split(a).length)[0] ?? ',';
  return first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}

/**
 * Any CSV/TSV export or Excel workbook described by a mapping file (--map): one row per contact (a call), per event,
 * per ticket update, per survey answer, per agent status change or per schedule block. See docs/sources/csv.md.
 */
export const csvMapped: SourceFormat = {
  name: 'csv',
  summary:
    'Any CSV/TSV export or Excel workbook (.xlsx), described by a mapping file (--map): calls, events, ticket updates, surveys',
  mapping: 'required',

  detect({ head }) {
    // An arbitrary CSV says nothing about its meaning; only shapes with a shipped mapping are named.
    const header = new Set(headerOf(head));
    const has = (...names: string[]) => names.every((n) => header.has(n));
    if (has('call_id', 'vru_entry', 'q_start', 'q_exit', 'outcome', 'ser_start', 'ser_exit'))
      return 'Call-centre log, one row per call: import with --map, see the call-centre mapping in docs/sources/csv.md';
    if (has('number', 'incident_state', 'sys_updated_at', 'opened_at'))
      return 'ServiceNow incident updates, one row per change: import with --map, see the ServiceNow mapping in docs/sources/csv.md';
    return null;
  },

  async stage(engine, paths, context) {
    if (context.mappingPath === null) return { staged: null, reason: 'no mapping' };
    const text = await readFile(context.mappingPath, 'utf8').catch(() => null);
    const parsed = text === null ? null : parseMapping(text.replace(/^\uFEFF/, ''), context.timezone);
    // A mapping that cannot be read is reported by convert, with its JSON path.
    if (!parsed?.ok) return { staged: null, reason: 'the mapping needs checking' };
    const result = await stageMappedSql(engine, paths, parsed.compiled, context.source);
    if (!result.ok) {
      await dropMappedStages(engine);
      return { staged: null, reason: result.reason };
    }
    return {
      staged: result.tables,
      rowsRead: result.rowsRead,
      warnings: result.warnings,
      contactRows: result.contactRows,
      release: () => dropMappedStages(engine),
    };
  },

  async convert(paths, context) {
    const compiled = await loadMapping(
      context,
      ['contact', 'event', 'update', 'survey', 'status', 'schedule', ...BUSINESS_ROW_KINDS],
      'csv',
    );
    if (compiled) await convertMapped(paths, context, compiled);
  },
};
