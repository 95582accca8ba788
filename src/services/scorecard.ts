/**
 * Agent scorecards: each agent's indicators against the rest of their team (the KPI query grouped by
 * agent alone, so every comparison is Bonferroni-corrected over all agents), next to their team's
 * value. An agent is a coaching candidate on an indicator only when the difference is clear and
 * points the worse way.
 */
import type { Engine, Row } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../core/kpi/query.js';
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
    /** The team's value; its `agents` say how many distinct agents it covers. */
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

export function coachingFor(kpi: KpiDefinition, value: KpiValue): CoachingView {
  const c = value.comparison;
  if (!c?.clear || kpi.better === 'neutral' || c.difference === 0)
    return { candidate: false, direction: null, reason: null };
  const higher = c.difference > 0;
  const direction = higher === (kpi.better === 'higher') ? 'better' : 'worse';
  const basis = kpi.value.kind === 'duration' ? 'mean ' : '';
  const reason = `${kpi.label}: ${direction} than the ${c.against}; the ${basis}difference is ${differenceText(kpi, c.difference)} (interval ${differenceText(kpi, c.low)} to ${differenceText(kpi, c.high)}, p = ${c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3)}, Bonferroni-corrected over the agents compared)`;
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
    remember: <T>(name: string, compute: () => Promise<T>) => Promise<T>;
  },
): ScorecardSources {
  return {
    runQuery: (input, options) => cache.run(input, options),
    agents: () => cache.remember('scorecard-agents', () => engine.all(AGENTS_SQL)),
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
  const notices = [
    ...byAgent.data.notices,
    ...byTeam.data.notices.filter((n) => !byAgent.data.notices.some((m) => m.code === n.code)),
  ];

  const agentInfo = new Map(agents.map((a) => [String(a.id), a]));
  if (onlyAgent !== null && !agentInfo.has(onlyAgent)) {
    const seen = byAgent.data.rows.some((r) => r.agent === onlyAgent);
    if (!seen) return err({ kind: 'unknown_agent', id: onlyAgent });
  }
  const teamRows = new Map<string, KpiRow>(byTeam.data.rows.map((r) => [String(r.team), r]));
  const card = (agentId: string, row: KpiRow | undefined): ScorecardView => {
    const info = agentInfo.get(agentId);
    const teamId = info?.team_id == null ? null : String(info.team_id);
    const teamRow = teamId === null ? undefined : teamRows.get(teamId);
    const values = kpis.data.map((kpi) => {
      const value = (row?.[kpi.id] as KpiValue | undefined) ?? { value: null, n: 0, comparison: null };
      const team = (teamRow?.[kpi.id] as KpiValue | undefined) ?? null;
      return { kpi: kpi.id, value, team, coaching: coachingFor(kpi, value) };
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

  const rows = byAgent.data.rows.filter((r) => r.agent != null);
  const cards =
    onlyAgent === null
      ? rows.map((r) => card(String(r.agent), r))
      : [
          card(
            onlyAgent,
            rows.find((r) => r.agent === onlyAgent),
          ),
        ];
  return ok({
    range: byAgent.data.range,
    kpis: ids,
    agents: cards,
    notices,
    notes: notices.map(noticeText),
  });
}
