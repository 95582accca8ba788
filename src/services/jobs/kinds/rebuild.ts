import { err, ok } from '../../../core/result.js';
import { rebuildFacts } from '../../rebuild.js';
import { inRebuildTurn, isJsonObject, type JobKind } from '../kind.js';

/** The full rebuild of the facts from the canonical tables, as `servicemeter rebuild` does. */
export const rebuildJob: JobKind<Record<string, never>> = {
  kind: 'rebuild',
  fields: [],
  describe: () => 'Rebuild every fact from the imported data',
  validate(params) {
    if (params === undefined || params === null) return ok({});
    if (!isJsonObject(params)) return err([{ field: '(params)', reason: 'must be an object' }]);
    const extra = Object.keys(params);
    if (extra.length > 0)
      return err(extra.map((field) => ({ field, reason: 'a rebuild takes no parameters' })));
    return ok({});
  },
  async run({ engine, progress }) {
    progress({ message: 'rebuilding the facts' });
    // One transaction: stopped half-way, nothing of it stays and the next run starts over.
    const summary = await inRebuildTurn(engine, () => rebuildFacts(engine));
    return ok({
      contacts: summary.contacts,
      surveys: summary.surveys,
      calendars: summary.calendars,
      contactsLeftOut: summary.leftOut.contacts,
      surveysLeftOut: summary.leftOut.surveys,
    });
  },
};
