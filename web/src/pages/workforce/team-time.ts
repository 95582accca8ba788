/** The workforce indicators of the catalog (src/core/kpi/catalog/workforce.ts), in the table's order. */
export const TEAM_TIME_KPIS = [
  'availability',
  'adherence',
  'conformance',
  'occupancy',
  'utilisation',
  'shrinkage',
  'late_starts',
  'late_start_minutes',
] as const;

/**
 * The indicators of the Team time page that the catalog has. A planner sees them all; an agent sees
 * their own figures, so only indicators credited to an agent (with the agent dimension): a team
 * figure such as availability (the coverage of a channel) is not theirs, and the server withholds it.
 */
export function teamTimeKpis<K extends { id: string; dimensions: readonly string[] }>(
  find: (id: string) => K | undefined,
  planner: boolean,
): K[] {
  return TEAM_TIME_KPIS.map(find).filter(
    (k): k is K => k !== undefined && (planner || k.dimensions.includes('agent')),
  );
}

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
