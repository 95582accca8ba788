import type { ClientResponse, InferRequestType } from 'hono/client';
import { err, ok, type Result } from '../../../../src/core/result.js';
import type { ScheduleActivity } from '../../../../src/core/schema.js';
import type { QueueModel, StaffingTarget } from '../../../../src/core/workforce/erlang.js';
import type { IntervalMinutes } from '../../../../src/core/workforce/forecast.js';
import type {
  ForecastView,
  MarkedDayView,
  ScheduleBlock,
  ScheduleBlockInput,
  StaffedChannel,
  StaffingInterval,
  StaffingQuery,
  StaffingWeek,
  WhatIf,
  WorkforceSettings,
} from '../../../../src/services/workforce/contract.js';
import { type ApiProblem, call, client } from '../../api.js';

/**
 * The workforce API as the dashboard calls it. The shapes are the capability's shared types,
 * imported as types only: the dashboard bundle carries no schema library.
 */
export type {
  ForecastView,
  IntervalMinutes,
  MarkedDayView,
  QueueModel,
  ScheduleActivity,
  ScheduleBlock,
  ScheduleBlockInput,
  StaffedChannel,
  StaffingInterval,
  StaffingQuery,
  StaffingTarget,
  StaffingWeek,
  WhatIf,
  WorkforceSettings,
};

export const STAFFED_CHANNELS = [
  'phone',
  'chat',
  'email',
  'social',
] as const satisfies readonly StaffedChannel[];
export const SCHEDULE_ACTIVITIES = [
  'phone',
  'chat',
  'email',
  'social',
  'break',
  'training',
  'meeting',
  'other_work',
  'absence',
] as const satisfies readonly ScheduleActivity[];
export const INTERVALS = [15, 30, 60] as const satisfies readonly IntervalMinutes[];
export const QUEUE_MODELS = ['erlang-c', 'erlang-a'] as const satisfies readonly QueueModel[];

/** A marked day as the form sends it; the server fills the rest. */
export interface MarkedDayInput {
  day: string;
  channel: StaffedChannel | null;
  kind: 'event' | 'closed';
  factor: number | null;
  label: string;
}

const workforce = client.api.workforce;
type StaffingSearch = InferRequestType<typeof workforce.staffing.$get>['query'];

/** A number as the API's query reads it: plain digits, never an exponent. */
function plain(n: number): string {
  return String(Number(n.toFixed(6)));
}

/**
 * The staffing week's query string (GET /api/workforce/staffing) in the units the route reads:
 * volume and handle time as signed percentages, the service level as `percent/seconds`, the
 * abandonment cap in percent, shrinkage as a share.
 */
export function staffingSearch(query: StaffingQuery): StaffingSearch {
  const out: StaffingSearch = { channel: query.channel, week: query.week };
  if (query.intervalMinutes) out.interval = String(query.intervalMinutes) as '15' | '30' | '60';
  if (query.teamId) out.team = query.teamId;
  const what = query.whatIf ?? {};
  if (what.volumePercent !== undefined && what.volumePercent !== 0) out.volume = plain(what.volumePercent);
  if (what.handleTimePercent !== undefined && what.handleTimePercent !== 0)
    out.handleTime = plain(what.handleTimePercent);
  if (what.patienceSeconds !== undefined) out.patience = plain(what.patienceSeconds);
  if (what.shrinkage !== undefined) out.shrinkage = plain(what.shrinkage);
  if (what.model) out.model = what.model;
  const target = what.target;
  if (target?.kind === 'service-level') out.targetSl = `${plain(target.share * 100)}/${target.seconds}`;
  else if (target?.kind === 'asa') out.targetAsa = plain(target.seconds);
  else if (target?.kind === 'abandonment') out.maxAbandon = plain(target.share * 100);
  return out;
}

/**
 * The answer of a typed call as the capability's shared type: the server's schemas are made from
 * the same types, so the body is the contract's shape (with its narrower unions, e.g. 15 | 30 | 60).
 */
async function answer<T>(request: Promise<ClientResponse<unknown>>): Promise<Result<T, ApiProblem>> {
  const result = await call(request);
  return result.ok ? ok(result.data as T) : err(result.error);
}

const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });
const blockParam = (block: Pick<ScheduleBlock, 'source' | 'externalId'>) => ({
  param: { source: block.source, externalId: block.externalId },
});
const schedules = workforce.schedules;
const block = schedules[':source'][':externalId'];

export const workforceApi = {
  staffing: (query: StaffingQuery, signal?: AbortSignal) =>
    answer<StaffingWeek>(workforce.staffing.$get({ query: staffingSearch(query) }, init(signal))),
  forecast: (
    query: { channel: StaffedChannel; interval?: IntervalMinutes; weeksBack?: number; weeksAhead?: number },
    signal?: AbortSignal,
  ) =>
    answer<ForecastView>(
      workforce.forecast.$get(
        {
          query: {
            channel: query.channel,
            ...(query.interval ? { interval: String(query.interval) as '15' | '30' | '60' } : {}),
            ...(query.weeksBack ? { weeksBack: String(query.weeksBack) } : {}),
            ...(query.weeksAhead ? { weeksAhead: String(query.weeksAhead) } : {}),
          },
        },
        init(signal),
      ),
    ),
  schedules: (query: { from: string; to: string; agent?: string; team?: string }, signal?: AbortSignal) =>
    answer<{ blocks: ScheduleBlock[] }>(
      schedules.$get(
        {
          query: {
            from: query.from,
            to: query.to,
            ...(query.agent ? { agent: query.agent } : {}),
            ...(query.team ? { team: query.team } : {}),
          },
        },
        init(signal),
      ),
    ),
  addBlock: (input: ScheduleBlockInput) => answer<ScheduleBlock>(schedules.$post({ json: input })),
  updateBlock: (target: Pick<ScheduleBlock, 'source' | 'externalId'>, changes: Partial<ScheduleBlockInput>) =>
    answer<ScheduleBlock>(block.$patch({ ...blockParam(target), json: changes })),
  removeBlock: (target: Pick<ScheduleBlock, 'source' | 'externalId'>) =>
    answer<unknown>(block.$delete(blockParam(target))),
  copyWeek: (input: { fromWeek: string; toWeek: string; agentIds?: string[] }) =>
    answer<{ copied: number; skipped: number }>(schedules['copy-week'].$post({ json: input })),
  settings: (signal?: AbortSignal) => answer<WorkforceSettings>(workforce.settings.$get({}, init(signal))),
  updateSettings: (changes: Partial<WorkforceSettings>) =>
    answer<WorkforceSettings>(workforce.settings.$patch({ json: changes })),
  markedDays: async (signal?: AbortSignal): Promise<Result<MarkedDayView[], ApiProblem>> => {
    const list = await answer<{ days: MarkedDayView[] }>(
      workforce['marked-days'].$get({ query: {} }, init(signal)),
    );
    return list.ok ? ok(list.data.days) : list;
  },
  addMarkedDay: (input: MarkedDayInput) =>
    answer<MarkedDayView>(workforce['marked-days'].$post({ json: input })),
  removeMarkedDay: (id: string) =>
    answer<unknown>(workforce['marked-days'][':id'].$delete({ param: { id } })),
};
