/**
 * A quality category's rating scales, apart from the scorecard's schema so that the dashboard can
 * score a review in progress without carrying a schema library.
 */

/** Pass/fail is 0–1, the others 1–3 and 1–5. */
export const QA_SCALES = ['pass_fail', '1-3', '1-5'] as const;
export type QaScale = (typeof QA_SCALES)[number];

export function scaleRange(scale: QaScale): { min: number; max: number } {
  switch (scale) {
    case 'pass_fail':
      return { min: 0, max: 1 };
    case '1-3':
      return { min: 1, max: 3 };
    case '1-5':
      return { min: 1, max: 5 };
    default: {
      const unreachable: never = scale;
      throw new Error(`unknown scale: ${String(unreachable)}`);
    }
  }
}
