import { err, ok } from '../../../core/result.js';
import { drawSample } from '../../qa/sampling.js';
import { isJsonObject, type JobKind, type ParamIssue } from '../kind.js';

export interface QaSamplingParams {
  ruleId: string;
  /** A day (2026-03-02) or ISO week (2026-W10) to draw instead of the last full one: to catch up. */
  period?: string;
}

const FIELDS = ['ruleId', 'period'] as const;

/**
 * Draws a sampling rule's period (services/qa/sampling.ts): the contacts of the last full day or
 * week become review assignments. Scheduled daily or weekly after the period ends; run twice, the
 * second run draws nothing new for the same period.
 */
export const qaSamplingJob: JobKind<QaSamplingParams> = {
  kind: 'qa-sampling',
  fields: [
    { name: 'ruleId', required: true },
    { name: 'period', required: false },
  ],
  describe: (params) =>
    `Draw conversations to review by sampling rule ${params.ruleId}${params.period ? ` for ${params.period}` : ''}`,
  validate(params) {
    if (!isJsonObject(params))
      return err([{ field: 'ruleId', reason: 'is required: the id of the sampling rule' }]);
    const issues: ParamIssue[] = [];
    for (const field of Object.keys(params))
      if (!(FIELDS as readonly string[]).includes(field))
        issues.push({ field, reason: `is not a parameter of this job (known: ${FIELDS.join(', ')})` });
    const { ruleId, period } = params;
    if (typeof ruleId !== 'string' || ruleId.trim() === '')
      issues.push({ field: 'ruleId', reason: 'is required: the id of the sampling rule' });
    if (period !== undefined && (typeof period !== 'string' || !/^\d{4}-(\d{2}-\d{2}|W\d{2})$/.test(period)))
      issues.push({ field: 'period', reason: 'must be a day (2026-03-02) or an ISO week (2026-W10)' });
    if (issues.length > 0) return err(issues);
    return ok({ ruleId: (ruleId as string).trim(), ...(typeof period === 'string' ? { period } : {}) });
  },
  async run({ engine, params, now, progress }) {
    progress({ message: `drawing by sampling rule ${params.ruleId}` });
    const drawn = await drawSample(engine, params.ruleId, {
      now: now(),
      ...(params.period === undefined ? {} : { period: params.period }),
    });
    if (!drawn.ok) {
      const problem = drawn.error;
      const message =
        problem.kind === 'not_found'
          ? `there is no ${problem.what}`
          : problem.kind === 'invalid'
            ? problem.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
            : problem.reason;
      return err({ message });
    }
    return ok({
      ruleId: drawn.data.ruleId,
      period: drawn.data.period,
      drawn: drawn.data.drawn.length,
      candidates: drawn.data.candidates,
      alreadyReviewed: drawn.data.alreadyReviewed,
    });
  },
};
