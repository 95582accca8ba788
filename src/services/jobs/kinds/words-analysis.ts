import { err, ok } from '../../../core/result.js';
import { analyseTexts } from '../../words/analyse.js';
import { inRebuildTurn, isJsonObject, type JobKind } from '../kind.js';

/**
 * Reads the texts that arrived or changed since the last run (survey answers stored by the server,
 * messages from webhooks and syncs): their language, terms, tone and brand attributes, and trains
 * the tone models again when the labelled comments changed. Scheduled every ten minutes from the
 * server's start on (services/words/job.ts).
 */
export const wordsAnalysisJob: JobKind<Record<string, never>> = {
  kind: 'words-analysis',
  fields: [],
  describe: () => 'Read the customers’ new comments and messages: language, terms, tone, brand attributes',
  validate(params) {
    if (params === undefined || params === null) return ok({});
    if (!isJsonObject(params)) return err([{ field: '(params)', reason: 'must be an object' }]);
    const extra = Object.keys(params);
    if (extra.length > 0)
      return err(extra.map((field) => ({ field, reason: 'the analysis takes no parameters' })));
    return ok({});
  },
  async run({ engine, now, progress }) {
    progress({ message: 'reading the new comments and messages' });
    // In turn with the imports, which read the texts they bring themselves.
    const run = await inRebuildTurn(engine, () => analyseTexts(engine, 'new', now()));
    return ok({
      analysed: run.analysed,
      removed: run.removed,
      trained: run.trained,
      byLanguage: Object.fromEntries(Object.entries(run.byLanguage).map(([k, v]) => [k, v ?? 0])),
    });
  },
};
