import { enoughToRank } from '../../src/core/kpi/samples.js';
import type { KpiValue } from './api.js';

/** Why a change that points somewhere is not coloured better or worse. */
export type ChangeDoubt = 'small' | 'unclear';

/**
 * A change is coloured only when the reader would confirm it: enough contacts or answers in both
 * periods, and an interval that excludes no change. Without the server's judgement (`change`
 * missing) it is not called clear either.
 */
export function changeDoubt(
  value: Pick<KpiValue, 'n' | 'previous' | 'change'> | null | undefined,
): ChangeDoubt | null {
  if (!enoughToRank(value?.n) || !enoughToRank(value?.previous?.n)) return 'small';
  if (value?.change?.clear !== true) return 'unclear';
  return null;
}
