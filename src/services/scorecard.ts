/**
 * Agent scorecards: each agent's indicators against the rest of their team (the KPI query grouped by
 * agent alone, so every comparison is Bonferroni-corrected over all agents), next to the rest's value
 * and the whole team's. Agent and rest are compared on the statistic shown (medians with medians), so
 * the difference is the one between the two figures beside it. An agent is a coaching candidate on an
 * indicator only when the difference is clear and points the worse way.
 */
import type { Engine, Row } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../core/kpi/query.js';
import { withheldValue } from '../core/kpi/values.js';
import { err, ok, type Result } from '../core/result.js';
import { type KpiQueryError, type KpiQueryOptions, type KpiResult, runKpiQuery } from './kpi.js';
import { type Notice, noticeText } from './notices.js';

export const DEFAULT_SCORECARD_KPIS = [
  'contacts_resolved',
  'frt',
  'frt_within_target',
  'resolution_time',
  'fcr_rate',
  'reopen_rate',
  'aht',
  'csat',
  'nps',
  'qa_score',
] as const;

export interface ScorecardRequest {
  from?: string;
  to?: string;
  timezone: string;
  kpis?: string[];
  team?: string;
}

export interface CoachingView {
  candidate: boolean;
  direction: 'better' | 'worse' | null;
  reason: string | null;
}

export interface ScorecardView {
  agent: { id: string; name: string | null; teamId: string | null; teamName: string | null };
  range: { from: string; to: string; timezone: string };
  kpis: {
    kpi: string;
    value: KpiValue;
    /**
     * The rest of the agent's team on the statistic shown — what `value.comparison` is against — with
     * `agents`, the colleagues it covers, for managers. Null without a comparison; withheld on an
     * agent's own card when it would be one colleague's figure.
     */
    rest: KpiValue | null;
    /** The whole team's value, the agent included; its `agents` say how many distinct agents it covers. */
    team: KpiValue | null;
    coaching: CoachingView;
  }[];
  coachingCandidate: boolean;
  notices: Notice[];
  /** The notices in English. */
  notes: string[];
}

export interface ScorecardListView {
  range: { from: string; to: string; timezone: string };
  kpis: string[];
  agents: ScorecardView[];
  notices: Notice[];
  /** The notices in English. */
  notes: string[];
}

export type ScorecardError = KpiQueryError | { kind: 'unknown_agent'; id: string };

function signed(value: number, text: (v: number) => string): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${text(Math.abs(value))}`;
}

function durationText(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** How finely a KPI's figures are written: seconds, tenths of a point, hundredths of a score. */
function displayStep(kpi: KpiDefinition): number {
  switch (kpi.format) {
    case 'percent':
      return 0.001;
    case 'duration':
      return 1;
    case 'nps':
      return 0.1;
    default:
      return 0.01;
  }
}

/** A value as written: rounded to `displayStep`. */
function rounded(kpi: KpiDefinition, value: number): number {
  const step = displayStep(kpi);
  return Math.round(value / step) * step;
}

/** A value in the KPI's unit, as a reader would write it. */
function valueText(kpi: KpiDefinition, value: number): string {
  switch (kpi.format) {
    case 'percent':
      return `${(value * 100).toFixed(1)} %`;
    case 'duration':
      return durationText(value);
    case 'nps':
      return value.toFixed(1);
    default:
      return value.toFixed(2);
  }
}

/** A difference in the KPI's unit, as a reader would write it. */
function differenceText(kpi: KpiDefinition, value: number): string {
  switch (kpi.format) {
    case 'percent':
      return signed(value, (v) => `${(v * 100).toFixed(1)} points`);
    case 'duration':
      return signed(value, durationText);
    case 'nps':
      return signed(value, (v) => `${v.toFixed(1)} NPS points`);
    default:
      return signed(value, (v) => v.toFixed(2));
  }
}

const STATISTIC_WORDS: Record<NonNullable<KpiValue['comparison']>['statistic'], string> = {
  median: 'median ',
  p90: '90th percentile ',
  mean: 'mean ',
  share: '',
  nps: '',
};

/**
 * Whether the agent's difference from the rest of the team is clear, which way, and why in English:
 * the agent's figure and the rest's on the statistic shown, their difference and its interval. The
 * difference is written as that of the two figures as written, so it checks by hand.
 */
export function coachingFor(kpi: KpiDefinition, value: KpiValue): CoachingView {
  const c = value.comparison;
  if (
    !c?.clear ||
    kpi.better === 'neutral' ||
    c.difference === 0 ||
    value.value === null ||
    c.rest.value === null
  )
    return { candidate: false, direction: null, reason: null };
  const higher = c.difference > 0;
  const direction = higher === (kpi.better === 'higher') ? 'better' : 'worse';
  const shown = rounded(kpi, value.value);
  const rest = rounded(kpi, c.rest.value);
  const figures = `${STATISTIC_WORDS[c.statistic]}${valueText(kpi, shown)} against ${valueText(kpi, rest)} (n ${value.n} against ${c.rest.n})`;
  const interval = `interval ${differenceText(kpi, c.low)} to ${differenceText(kpi, c.high)}, Bonferroni-corrected over the agents compared; p ${c.pValue < 0.001 ? '< 0.001' : `= ${c.pValue.toFixed(3)}`}`;
  const reason = `${kpi.label}: ${direction} than the ${c.against} — ${figures}; difference ${differenceText(kpi, shown - rest)} (${interval})`;
  return { candidate: direction === 'worse', direction, reason };
}

function kpiList(ids: readonly string[] | undefined): Result<KpiDefinition[], KpiQueryError> {
  const out: KpiDefinition[] = [];
  for (const id of ids ?? DEFAULT_SCORECARD_KPIS) {
    const kpi = findKpi(id);
    if (!kpi) return err({ kind: 'unknown_kpi', id, known: KPIS.map((k) => k.id) });
    out.push(kpi);
  }
  return ok(out);
}

/**
 * Where a scorecard gets its numbers: its two KPI queries and the agents with their teams. A server
 * answers them from the results it keeps (see `keptScorecardSources`), so the agents' comparison is
 * computed once per period and rebuild for every card and every reader, not once per request.
 */
export interface ScorecardSources {
  runQuery: (input: KpiQueryInput, options: KpiQueryOptions) => Promise<Result<KpiResult, KpiQueryError>>;
  agents: () => Promise<Row[]>;
}

const AGENTS_SQL =
  'SELECT a.id, a.name, a.team_id, t.name AS team_name FROM agents a LEFT JOIN teams t ON t.id = a.team_id';

/** Everything read afresh from the database. */
export function directScorecardSources(engine: Engine): ScorecardSources {
  return {
    runQuery: (input, options) => runKpiQuery(engine, input, options),
    agents: () => engine.all(AGENTS_SQL),
  };
}

/**
 * Answers kept until the facts change: KPI results by `cache.run`, the agents by `cache.remember`
 * (team names change only through settings, which make the cache forget).
 */
export function keptScorecardSources(
  engine: Engine,
  cache: {
    run: ScorecardSources['runQuery'];
    remember: <T>(
      name: string,
      compute: () => Promise<T>,
      dependsOn?: 'any-change' | 'filter-values' | 'agents' | 'settings',
    ) => Promise<T>;
  },
): ScorecardSources {
  return {
    runQuery: (input, options) => cache.run(input, options),
    agents: () => cache.remember('scorecard-agents', () => engine.all(AGENTS_SQL), 'agents'),
  };
}

/**
 * Scorecards of every agent with data (or of `onlyAgent`). The comparison is computed over all
 * agents either way, so one agent's card shows the same numbers as the full list.
 */
export async function scorecards(
  engine: Engine,
  request: ScorecardRequest,
  onlyAgent: string | null = null,
  viewer: { agentId: string } | null = null,
  sources: ScorecardSources = directScorecardSources(engine),
): Promise<Result<ScorecardListView, ScorecardError>> {
  const kpis = kpiList(request.kpis);
  if (!kpis.ok) return kpis;
  const ids = kpis.data.map((k) => k.id);
  const filters = request.team ? { team: [request.team] } : {};
  const base = { kpis: ids, from: request.from, to: request.to, timezone: request.timezone, filters };
  // The two queries and the agents are independent: asked at once, a request waits for the
  // slowest of them, not for their sum.
  const [byAgent, byTeam, agents] = await Promise.all([
    // Data-quality notices count contacts of every agent of a source: not for an agent.
    sources.runQuery({ ...base, by: ['agent'] }, { withoutQualityNotices: viewer !== null }),
    // Shown to an agent, a team value covering exactly one colleague is withheld (see viewerAgent).
    sources.runQuery(
      { ...base, by: ['team'] },
      viewer ? { viewerAgent: viewer.agentId, withoutQualityNotices: true } : { countAgents: true },
    ),
    sources.agents(),
  ]);
  if (!byAgent.ok) return byAgent;
  if (!byTeam.ok) return byTeam;
  const notices: Notice[] = [
    ...byAgent.data.notices,
    ...byTeam.data.notices.filter((n) => !byAgent.data.notices.some((m) => m.code === n.code)),
  ];

  const agentInfo = new Map(agents.map((a) => [String(a.id), a]));
  if (onlyAgent !== null && !agentInfo.has(onlyAgent)) {
    const seen = byAgent.data.rows.some((r) => r.agent === onlyAgent);
    if (!seen) return err({ kind: 'unknown_agent', id: onlyAgent });
  }
  const teamRows = new Map<string, KpiRow>(byTeam.data.rows.map((r) => [String(r.team), r]));
  const agentRows = byAgent.data.rows.filter((r) => r.agent != null);
  // The rest of an agent's team as the comparison counts it: the other agents of their team in the
  // agents table, those without one (or not listed) as one team.
  const teamOf = (agentId: string) => {
    const teamId = agentInfo.get(agentId)?.team_id;
    return teamId == null ? '' : String(teamId);
  };
  const counted = (row: KpiRow | undefined, kpi: KpiDefinition) =>
    ((row?.[kpi.id] as KpiValue | undefined)?.n ?? 0) > 0;
  // Per team and KPI, the agents with anything counted.
  const agentsCounted = new Map<string, number>();
  for (const row of agentRows)
    for (const kpi of kpis.data)
      if (counted(row, kpi)) {
        const key = `${teamOf(String(row.agent))}\u0000${kpi.id}`;
        agentsCounted.set(key, (agentsCounted.get(key) ?? 0) + 1);
      }
  const colleaguesBehind = (agentId: string, row: KpiRow | undefined, kpi: KpiDefinition): number =>
    (agentsCounted.get(`${teamOf(agentId)}\u0000${kpi.id}`) ?? 0) - (counted(row, kpi) ? 1 : 0);
  const card = (agentId: string, row: KpiRow | undefined): ScorecardView => {
    const info = agentInfo.get(agentId);
    const teamId = info?.team_id == null ? null : String(info.team_id);
    const teamRow = teamId === null ? undefined : teamRows.get(teamId);
    const values = kpis.data.map((kpi) => {
      let value = (row?.[kpi.id] as KpiValue | undefined) ?? { value: null, n: 0, comparison: null };
      const team = (teamRow?.[kpi.id] as KpiValue | undefined) ?? null;
      const compared = value.comparison?.rest;
      let rest: KpiValue | null = compared ? { value: compared.value, n: compared.n } : null;
      const colleagues = colleaguesBehind(agentId, row, kpi);
      // On an agent's own card the rest's figure never shows: it is counted by who handled each
      // contact over the whole range, so no day check of the team value covers it, and two such
      // figures over ranges a day apart would give one colleague's day away. The verdict stays
      // (ownScorecard strips its numbers), unless the rest is one colleague, whose verdict it would be.
      if (rest && viewer) {
        rest = withheldValue(rest);
        if (colleagues < 2) value = { ...value, comparison: null };
      } else if (rest) {
        rest.agents = colleagues;
      }
      return { kpi: kpi.id, value, rest, team, coaching: coachingFor(kpi, value) };
    });
    return {
      agent: {
        id: agentId,
        name: info?.name == null ? null : String(info.name),
        teamId,
        teamName: info?.team_name == null ? null : String(info.team_name),
      },
      range: byAgent.data.range,
      kpis: values,
      coachingCandidate: values.some((v) => v.coaching.candidate),
      notices,
      notes: notices.map(noticeText),
    };
  };

  const built =
    onlyAgent === null
      ? agentRows.map((r) => card(String(r.agent), r))
      : [
          card(
            onlyAgent,
            agentRows.find((r) => r.agent === onlyAgent),
          ),
        ];
  // A rest withheld beside a team value that is not is said so, as the query says it of its values.
  const restWithheld = built.some((c) => c.kpis.some((k) => k.rest?.withheld));
  if (restWithheld && !notices.some((n) => n.code === 'withheld')) notices.push({ code: 'withheld' });
  const cards = built.map((c) => ({ ...c, notices, notes: notices.map(noticeText) }));
  return ok({
    range: byAgent.data.range,
    kpis: ids,
    agents: cards,
    notices,
    notes: notices.map(noticeText),
  });
}
