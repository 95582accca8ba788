import type { SourceFormat } from './format.js';
import { convertMapped, loadMapping } from './mapping.js';

const SCORE = /^(score|rating|csat|nps|ces|answer|satisfaction)([ _-]?(score|value))?$/;
const SURVEY = /(survey|response|csat|nps|ces|respondent|feedback)/;

/**
 * Survey answer exports (CSAT, NPS, CES): one row per answer, described by a mapping file.
 * See docs/sources/surveys.md.
 */
export const surveys: SourceFormat = {
  name: 'surveys',
  summary: 'Survey answer exports (CSAT, NPS, CES) as CSV, described by a mapping file (--map)',
  mapping: 'required',

  detect({ head }) {
    const first = head.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = first.includes(';') && !first.includes(',') ? ';' : first.includes('\t') ? '\t' : ',';
    const header = first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
    if (!header.some((h) => SCORE.test(h)) || !header.some((h) => SURVEY.test(h))) return null;
    return 'Survey answers (score per response): import with a mapping of score, scale and kind (--map)';
  },

  async convert(paths, context) {
    const compiled = await loadMapping(context, ['survey'], 'surveys');
    if (compiled) await convertMapped(paths, context, compiled);
  },
};
