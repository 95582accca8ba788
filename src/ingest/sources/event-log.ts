import type { SourceFormat } from './format.js';
import { convertMapped, loadMapping } from './mapping.js';

const CASE = ['case id', 'case:concept:name', 'case_id', 'caseid', 'case'];
const ACTIVITY = ['activity', 'concept:name', 'activity name', 'event'];
const TIMESTAMP = ['timestamp', 'complete timestamp', 'time:timestamp', 'start timestamp', 'time'];

/**
 * Process-mining event logs (case id, activity, timestamp, resource, attributes): one row per
 * event, activities mapped onto event kinds by the mapping file. See docs/sources/event-log.md.
 */
export const eventLog: SourceFormat = {
  name: 'event-log',
  summary: 'Process-mining event log CSV (case, activity, timestamp, resource) with a mapping file (--map)',
  mapping: 'required',

  detect({ head }) {
    const first = head.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = first.includes(';') && !first.includes(',') ? ';' : first.includes('\t') ? '\t' : ',';
    const header = first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
    const has = (names: string[]) => header.some((h) => names.includes(h));
    if (!has(CASE) || !has(ACTIVITY) || !has(TIMESTAMP)) return null;
    return 'Event log (case, activity, timestamp): tickets and their events, with a mapping of activities (--map)';
  },

  async convert(paths, context) {
    const compiled = await loadMapping(context, ['event'], 'event-log');
    if (compiled) await convertMapped(paths, context, compiled);
  },
};
