/**
 * Mix effects (Simpson's paradox) in a change against the previous period: a combined figure can
 * move one way while every group behind it moves the other, because the groups' shares changed.
 * A median first response over chat (seconds) and e-mail (hours) rises when e-mail grows, even if
 * both got faster. Colouring such a change red or green tells the reader the opposite of what the
 * breakdown shows, so the dashboard detects it here and says so instead.
 */
import { enoughToRank } from './samples.js';

/** An indicator's good direction, as in its definition. */
export type Better = 'higher' | 'lower' | 'neutral';
export type Direction = 'up' | 'down' | 'flat';
export type Tone = 'better' | 'worse' | 'same';

/** A value against its previous period; n of each, when a group's weight is to be judged. */
export interface PeriodPair {
  value: number | null | undefined;
  previous: number | null | undefined;
}

export interface GroupPair extends PeriodPair {
  n: number | null | undefined;
  previousN: number | null | undefined;
  /** Whether the group's change is clear (its interval excludes no change); unknown counts as not. */
  clear?: boolean | null;
}

export interface MixEffect {
  /** Where the combined figure went. */
  overall: 'up' | 'down';
  /** Where every counted group went: the opposite. */
  groups: 'up' | 'down';
  /** The groups' change read by the indicator's direction ('same' for a neutral indicator). */
  groupsTone: Tone;
  /** How many groups the verdict rests on (each with enough n in both periods). */
  counted: number;
  /**
   * Whether every counted group's change is clear. Only then may the reader be told that every
   * group improved: a direction inside the noise backs "none got worse", not "all got better".
   */
  groupsClear: boolean;
}

export function changeDirection(pair: PeriodPair): Direction | null {
  const { value, previous } = pair;
  if (value == null || previous == null || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  return value > previous ? 'up' : value < previous ? 'down' : 'flat';
}

export function toneOf(direction: Direction, better: Better): Tone {
  if (better === 'neutral' || direction === 'flat') return 'same';
  return (direction === 'up') === (better === 'higher') ? 'better' : 'worse';
}

/**
 * The mix effect in a change, or null when there is none: the combined change and the change of
 * every group that counts point in opposite directions. A group counts when it has a previous value
 * and enough n (`enoughToRank`) in both periods — a small group's change is noise and can neither
 * make nor break the verdict. At least two groups must count: one group "disagreeing" with the
 * total is a statement about the groups left out, not about a mix. The verdict rests on directions
 * alone — a clear combined change against groups that each moved the other way inside their noise
 * is still no reason to colour it — but `groupsClear` tells how much the groups' side can claim.
 */
export function mixEffect(
  overall: PeriodPair,
  groups: readonly GroupPair[],
  better: Better,
): MixEffect | null {
  const overallDirection = changeDirection(overall);
  if (overallDirection === null || overallDirection === 'flat') return null;
  const counted = groups.filter((g) => enoughToRank(g.n) && enoughToRank(g.previousN));
  const judged = counted.flatMap((g) => {
    const direction = changeDirection(g);
    return direction === null ? [] : [{ direction, clear: g.clear === true }];
  });
  if (judged.length < 2) return null;
  const opposite = overallDirection === 'up' ? 'down' : 'up';
  if (!judged.every((g) => g.direction === opposite)) return null;
  return {
    overall: overallDirection,
    groups: opposite,
    groupsTone: toneOf(opposite, better),
    counted: judged.length,
    groupsClear: judged.every((g) => g.clear),
  };
}
