import { z } from 'zod';
import type { DataQualityCode } from './format.js';

/**
 * Plausibility of mapped rows: durations and orders that are almost certainly a mapping mistake
 * (an 18-hour queue wait, an answer before the queue entry, a clock time moved a whole day). The
 * row-by-row converter and the SQL stage both word their warnings with these functions, so the two
 * paths report the same messages, examples and data-quality codes.
 */

/** Seconds a `time` or `timestamp` may be earlier than its `after` field: clocks a few seconds apart. */
export const DEFAULT_AFTER_TOLERANCE_S = 60;
export const DEFAULT_MAX_WAIT_S = 12 * 3600;
export const DEFAULT_MAX_HANDLE_S = 12 * 3600;
/**
 * A clock time moved to the next day by `after` that lands more than this after the time it follows
 * went back by less than half a day: more likely two clocks or a wrong `after` than a midnight crossing.
 */
export const MOVE_LIMIT_MS = 12 * 3600 * 1000;

const UNIT_SECONDS: Record<string, number> = { s: 1, min: 60, m: 60, h: 3600, d: 86_400 };

/** A threshold in seconds (`43200`) or with a unit (`"12h"`, `"90min"`, `"45s"`, `"1d"`). */
export const durationSetting = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(s|min|m|h|d)$/, 'a duration in seconds, or a number with s, min, h or d'),
]);
export type DurationSetting = z.infer<typeof durationSetting>;

export const plausibleSchema = z
  .object({ max_wait: durationSetting.optional(), max_handle: durationSetting.optional() })
  .strict();
export type PlausibleSettings = z.infer<typeof plausibleSchema>;

export function settingSeconds(setting: DurationSetting): number {
  if (typeof setting === 'number') return setting;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(setting);
  return Number(m?.[1]) * (UNIT_SECONDS[m?.[2] ?? 's'] ?? 1);
}

export interface PlausibleLimits {
  maxWaitMs: number;
  maxHandleMs: number;
}

export function plausibleLimits(settings: PlausibleSettings | undefined): PlausibleLimits {
  return {
    maxWaitMs: 1000 * settingSeconds(settings?.max_wait ?? DEFAULT_MAX_WAIT_S),
    maxHandleMs: 1000 * settingSeconds(settings?.max_handle ?? DEFAULT_MAX_HANDLE_S),
  };
}

/** `12 h`, `90 min`, `45 s`: a threshold as it reads in a message. */
function limitText(ms: number): string {
  const seconds = ms / 1000;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** `h:mm:ss` of a length of time, whole seconds (rounded down), sign dropped. */
export function clockText(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The UTC day (`yyyy-MM-dd`) of an instant: the day a data-quality notice is shown for. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const rowFate = (skip: boolean) => (skip ? 'row skipped' : 'row imported as is');

/**
 * The checks of one contact's queue times, in the order they are reported. `impossible` ones follow
 * the mapping's `suspicious`; the others are possible (a caller may wait 13 hours) and imported.
 */
export interface PlausibilityCheck {
  code: DataQualityCode;
  impossible: boolean;
  message(limits: PlausibleLimits, skip: boolean): string;
  /** The interval it looks at: from the first time of `from` to the first of `to` (kinds). */
  from: readonly string[];
  to: readonly string[];
  /** `before`: fails below zero; `wait`, `handle`: fails over the mapping's maximum. */
  detail: 'wait' | 'handle' | 'before';
}

/** The bound of a check: 0 for an order, else the mapping's maximum wait or handle time. */
export function checkLimitMs(check: PlausibilityCheck, limits: PlausibleLimits): number {
  return check.detail === 'wait' ? limits.maxWaitMs : check.detail === 'handle' ? limits.maxHandleMs : 0;
}

export function checkFails(check: PlausibilityCheck, intervalMs: number, limits: PlausibleLimits): boolean {
  const limit = checkLimitMs(check, limits);
  return check.detail === 'before' ? intervalMs < limit : intervalMs > limit;
}

export const QUEUE_CHECKS: readonly PlausibilityCheck[] = [
  {
    code: 'answer_before_queue',
    impossible: true,
    message: (_, skip) => `answer before the queue entry: ${rowFate(skip)}`,
    from: ['queue_enter'],
    to: ['answer'],
    detail: 'before',
  },
  {
    code: 'negative_interval',
    impossible: true,
    message: (_, skip) => `abandon before the queue entry: ${rowFate(skip)}`,
    from: ['queue_enter'],
    to: ['abandon'],
    detail: 'before',
  },
  {
    code: 'negative_interval',
    impossible: true,
    message: (_, skip) => `end before the answer: ${rowFate(skip)}`,
    from: ['answer'],
    to: ['end'],
    detail: 'before',
  },
  {
    code: 'long_queue_wait',
    impossible: false,
    message: (limits) => `queue wait over ${limitText(limits.maxWaitMs)}: imported`,
    from: ['queue_enter'],
    // The wait of the facts: to the answer, else to the abandon.
    to: ['answer', 'abandon'],
    detail: 'wait',
  },
  {
    code: 'long_handle_time',
    impossible: false,
    message: (limits) => `handle time over ${limitText(limits.maxHandleMs)}: imported`,
    from: ['answer'],
    to: ['end'],
    detail: 'handle',
  },
];

export function checkExample(check: PlausibilityCheck, line: number | string, intervalMs: number): string {
  const text = clockText(intervalMs);
  return `line ${line} (${check.detail === 'before' ? `${text} before` : `${check.detail} ${text}`})`;
}

export function movedMessage(column: string): string {
  return `${column}: moved to the next day, more than 12 h after the time it follows: imported`;
}

export function movedExample(line: number | string, gapMs: number): string {
  return `line ${line} (${clockText(gapMs)} after it)`;
}

/** The data-quality code of the converter's odd-row messages (`hold: negative duration`, …). */
export const ODD_CODE: DataQualityCode = 'negative_interval';

/** The interval a check looks at, from the earliest time of each kind (`firstAt`), or null. */
export function checkInterval(
  check: PlausibilityCheck,
  firstAt: (kind: string) => number | null,
): number | null {
  const pick = (kinds: readonly string[]) => {
    for (const kind of kinds) {
      const at = firstAt(kind);
      if (at !== null) return at;
    }
    return null;
  };
  const from = pick(check.from);
  const to = pick(check.to);
  return from === null || to === null ? null : to - from;
}
