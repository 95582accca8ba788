import { err, ok } from '../../../core/result.js';
import { evaluateAlerts } from '../../alerts/evaluate.js';
import { isJsonObject, type JobKind } from '../kind.js';

/**
 * Evaluates every alert rule not paused, as of the run's start: stores each rule's state, raises
 * the alerts and recoveries its debounced state calls for, and sends them by e-mail and webhook.
 * Scheduled every five minutes from the first rule on (services/alerts/job.ts).
 */
export const alertEvaluationJob: JobKind<Record<string, never>> = {
  kind: 'alert-evaluation',
  fields: [],
  describe: () => 'Evaluate the alert rules and send the alerts they raise',
  validate(params) {
    if (params === undefined || params === null) return ok({});
    if (!isJsonObject(params)) return err([{ field: '(params)', reason: 'must be an object' }]);
    const extra = Object.keys(params);
    if (extra.length > 0)
      return err(extra.map((field) => ({ field, reason: 'the evaluation takes no parameters' })));
    return ok({});
  },
  async run({ engine, mail, now, progress }) {
    progress({ message: 'evaluating the alert rules' });
    const summary = await evaluateAlerts(engine, now(), {
      mail: mail ?? null,
      publicUrl: mail?.publicUrl ?? null,
    });
    const detail = {
      evaluated: summary.evaluated,
      fired: summary.events.filter((e) => e.kind === 'fired').length,
      recovered: summary.events.filter((e) => e.kind === 'recovered').length,
      failures: summary.failures.map((f) => `${f.ruleName}: ${f.error}`),
    };
    // A rule that cannot be read (an indicator gone, a broken query) fails the run, so that it is seen.
    if (summary.failures.length > 0 && summary.evaluated === 0)
      return err({ message: `no alert rule could be evaluated: ${detail.failures.join('; ')}`, detail });
    return ok(detail);
  },
};
