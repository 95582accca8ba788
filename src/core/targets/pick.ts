/**
 * Which target applies: the most specific one for the scope being looked at (an agent's own target
 * over their team's, a team's over a channel's, a channel's over the one for all), and of those the
 * one in force on the day — the latest that had started by then.
 */
import type { KpiTarget } from '../../services/targets/contract.js';

/** What a figure is measured over: the channels, teams and agents its filters name (empty: all). */
export interface TargetLookupScope {
  channels: string[];
  teams: string[];
  agents: string[];
}

export interface TargetPeriod {
  from: string;
  /** Exclusive. */
  to: string;
}

/**
 * A target specific to a dimension only speaks for one value of it: a figure over two teams has no
 * single team target, so only targets not specific to teams can be its goal.
 */
function matches(value: string | null, values: string[]): boolean {
  return value === null || (values.length === 1 && values[0] === value);
}

/** Agent outranks team, team outranks channel; a target naming two of them outranks one naming either. */
function specificity(t: KpiTarget): number {
  return (t.agent === null ? 0 : 4) + (t.team === null ? 0 : 2) + (t.channel === null ? 0 : 1);
}

/** The most specific target of `kpi` that applies to `scope` on local date `day` (YYYY-MM-DD). */
export function pickTarget(
  targets: KpiTarget[],
  kpi: string,
  scope: { channels: string[]; teams: string[]; agents: string[] },
  day: string,
): KpiTarget | null {
  let best: KpiTarget | null = null;
  for (const t of targets) {
    if (t.kpi !== kpi) continue;
    if (t.validFrom !== null && t.validFrom > day) continue;
    if (
      !matches(t.channel, scope.channels) ||
      !matches(t.team, scope.teams) ||
      !matches(t.agent, scope.agents)
    )
      continue;
    if (best === null) {
      best = t;
      continue;
    }
    const rank = specificity(t) - specificity(best);
    if (rank > 0 || (rank === 0 && (t.validFrom ?? '') > (best.validFrom ?? ''))) best = t;
  }
  return best;
}

/** The last local date of a period whose end is exclusive (a one-day period is its own day). */
export function lastDay(period: TargetPeriod): string {
  const to = period.to.slice(0, 10);
  const from = period.from.slice(0, 10);
  if (to <= from) return from;
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The target of each period, judged on its last day, so a chart's target line steps in the period
 * a new target started.
 */
export function targetSeries(
  targets: KpiTarget[],
  kpi: string,
  scope: TargetLookupScope,
  periods: TargetPeriod[],
): (KpiTarget | null)[] {
  return periods.map((p) => pickTarget(targets, kpi, scope, lastDay(p)));
}
