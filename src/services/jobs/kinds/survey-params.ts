import { err, ok, type Result } from '../../../core/result.js';
import { isJsonObject, type ParamIssue } from '../kind.js';

/**
 * The parameters the survey jobs share: the survey, and the extra fields each kind takes. Unknown
 * fields are refused, so a typo is not silently ignored.
 */
export function surveyParams(
  params: unknown,
  extra: Record<string, (value: unknown) => string | null>,
  surveyRequired: boolean,
): Result<Record<string, unknown> & { surveyId?: string }, ParamIssue[]> {
  if (params === undefined || params === null) {
    if (!surveyRequired) return ok({});
    return err([{ field: 'surveyId', reason: 'is required: the id of the survey to send' }]);
  }
  if (!isJsonObject(params)) return err([{ field: '(params)', reason: 'must be an object' }]);
  const issues: ParamIssue[] = [];
  for (const field of Object.keys(params))
    if (field !== 'surveyId' && !(field in extra))
      issues.push({
        field,
        reason: `is not a parameter of this job (known: ${['surveyId', ...Object.keys(extra)].join(', ')})`,
      });
  const surveyId = params.surveyId;
  if (surveyId === undefined) {
    if (surveyRequired)
      issues.push({ field: 'surveyId', reason: 'is required: the id of the survey to send' });
  } else if (typeof surveyId !== 'string' || surveyId.trim() === '')
    issues.push({ field: 'surveyId', reason: 'must be a survey id' });
  for (const [field, check] of Object.entries(extra)) {
    if (params[field] === undefined) continue;
    const problem = check(params[field]);
    if (problem) issues.push({ field, reason: problem });
  }
  if (issues.length > 0) return err(issues);
  return ok({ ...params, ...(typeof surveyId === 'string' ? { surveyId: surveyId.trim() } : {}) });
}
