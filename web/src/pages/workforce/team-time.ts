/**
 * Shrinkage by reason as a share of all scheduled time. Grouped by its reason, the shrinkage
 * indicator counts each group's minutes over that group's own minutes (always 100 %); what a team
 * lead compares is each reason's minutes over every scheduled minute, the team's shrinkage split so
 * the parts add up to it. The minutes are the indicators' `n` (weighted by minutes).
 */
export interface ReasonShare {
  reason: string;
  minutes: number;
  /** Of every scheduled minute; null when nothing was scheduled. */
  share: number | null;
}

export function shrinkageShares(
  byReason: readonly { reason: string | null; minutes: number }[],
  scheduledMinutes: number,
): ReasonShare[] {
  return byReason
    .filter((r): r is { reason: string; minutes: number } => !!r.reason && r.minutes > 0)
    .map((r) => ({ ...r, share: scheduledMinutes > 0 ? r.minutes / scheduledMinutes : null }))
    .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason));
}
