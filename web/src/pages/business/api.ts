import type { ClientResponse, InferRequestType } from 'hono/client';
import { err, ok, type Result } from '../../../../src/core/result.js';
import type {
  BusinessNotice,
  BusinessSettings,
  ClvView,
  ConversionView,
  Handling,
  PeopleView,
  RetentionCohortsView,
} from '../../../../src/services/business/contract.js';
import { type ApiProblem, call, client, type KpiQueryInput, type KpiResult } from '../../api.js';

export { HANDLINGS } from '../../../../src/services/business/contract.js';
/**
 * The business API as the dashboard calls it. The shapes are the capability's shared types,
 * imported as types only: the dashboard bundle carries no schema library.
 */
export type {
  BusinessNotice,
  BusinessSettings,
  ClvView,
  ConversionView,
  Handling,
  PeopleView,
  RetentionCohortsView,
};

/** What every business view is asked for: the page's range (from inclusive, to exclusive) and teams. */
export interface BusinessViewQuery {
  from: string;
  to: string;
  team?: readonly string[];
}

const business = client.api.business;
type ViewSearch = InferRequestType<typeof business.cohorts.$get>['query'];

/** The query string of a business view: the lists comma-separated, as the routes read them. */
export function viewSearch(query: BusinessViewQuery): ViewSearch {
  return {
    from: query.from,
    to: query.to,
    ...(query.team && query.team.length > 0 ? { team: query.team.join(',') } : {}),
  };
}

/**
 * The answer of a typed call as the capability's shared type: the server's schemas are made from
 * the same types, so the body is the contract's shape (with its narrower unions).
 */
async function answer<T>(request: Promise<ClientResponse<unknown>>): Promise<Result<T, ApiProblem>> {
  const result = await call(request);
  return result.ok ? ok(result.data as T) : err(result.error);
}

const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const businessApi = {
  cohorts: (query: BusinessViewQuery, signal?: AbortSignal) =>
    answer<RetentionCohortsView>(business.cohorts.$get({ query: viewSearch(query) }, init(signal))),
  clv: (query: BusinessViewQuery, signal?: AbortSignal) =>
    answer<ClvView>(business.clv.$get({ query: viewSearch(query) }, init(signal))),
  conversion: (query: BusinessViewQuery, by: ConversionView['by'], signal?: AbortSignal) =>
    answer<ConversionView>(business.conversion.$get({ query: { ...viewSearch(query), by } }, init(signal))),
  people: (query: BusinessViewQuery, signal?: AbortSignal) =>
    answer<PeopleView>(business.people.$get({ query: viewSearch(query) }, init(signal))),
  notices: async (signal?: AbortSignal): Promise<Result<BusinessNotice[], ApiProblem>> => {
    const list = await answer<{ notices: BusinessNotice[] }>(business.notices.$get({}, init(signal)));
    return list.ok ? ok(list.data.notices) : list;
  },
  settings: (signal?: AbortSignal) => answer<BusinessSettings>(business.settings.$get({}, init(signal))),
  /** The KPI engine's answer for the page's indicators (POST /api/kpi/query). */
  kpis: (query: KpiQueryInput, signal?: AbortSignal): Promise<Result<KpiResult, ApiProblem>> =>
    call(client.api.kpi.query.$post({ json: query }, init(signal))),
};
