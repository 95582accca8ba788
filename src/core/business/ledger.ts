/**
 * Where a cost line goes in the daily ledger: which of cost, payroll and spend it counts in, and
 * over which teams and channels a line that names none is spread.
 */

import { type CostCategory, CUSTOMER_SPEND_CATEGORIES, PAYROLL_CATEGORIES } from '../schema.js';

export interface CostKind {
  /** Service cost: everything but spend on winning and keeping customers. */
  cost: boolean;
  payroll: boolean;
  spend: boolean;
}

export function costKind(category: CostCategory): CostKind {
  const spend = CUSTOMER_SPEND_CATEGORIES.includes(category);
  return { cost: !spend, payroll: PAYROLL_CATEGORIES.includes(category), spend };
}

export interface Share {
  teamId: string | null;
  channel: string | null;
  share: number;
}

/**
 * The parts of a cost line: its own team and channel when it names them; otherwise spread over
 * the teams (channels) by their share of the contacts handled in the line's period, among those of
 * the channel (team) it does name. Contacts handled without a team keep their part without one.
 * With nothing handled to go by, the line stays as it is (without team or channel).
 * `handled` counts handled contacts per team and channel in the line's period.
 */
export function costShares(
  teamId: string | null,
  channel: string | null,
  handled: readonly { teamId: string | null; channel: string | null; contacts: number }[],
): Share[] {
  if (teamId !== null && channel !== null) return [{ teamId, channel, share: 1 }];
  const matching = handled.filter(
    (h) =>
      h.contacts > 0 &&
      (teamId === null || h.teamId === teamId) &&
      (channel === null || h.channel === channel),
  );
  const total = matching.reduce((sum, h) => sum + h.contacts, 0);
  if (total === 0) return [{ teamId, channel, share: 1 }];
  const parts = new Map<string, Share>();
  for (const h of matching) {
    const key = `${h.teamId ?? ''}\u0000${h.channel ?? ''}`;
    const part = parts.get(key) ?? { teamId: h.teamId, channel: h.channel, share: 0 };
    part.share += h.contacts / total;
    parts.set(key, part);
  }
  return [...parts.values()];
}
