import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Result } from '../../../../src/core/result.js';
import { type ApiProblem, call, client } from '../../api.js';
import type { Scope, ScopedTarget } from './targets.js';

/** The targets and baselines API as the dashboard calls it; the shapes come from the typed client. */
export type TargetList = InferResponseType<typeof client.api.targets.$get, 200>;
export type Target = TargetList['targets'][number];
export type TargetsPut = InferRequestType<typeof client.api.targets.$put>['json'];
export type TargetHistory = InferResponseType<typeof client.api.targets.history.$get, 200>;
export type TargetChange = TargetHistory['changes'][number];
export type BaselineList = InferResponseType<typeof client.api.baselines.$get, 200>;
export type Baseline = BaselineList['baselines'][number];
export type BaselineTake = InferRequestType<typeof client.api.baselines.$post>['json'];

const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const targetsApi = {
  list: (signal?: AbortSignal): Promise<Result<TargetList, ApiProblem>> =>
    call(client.api.targets.$get({ query: {} }, init(signal))),
  /** Channels are the filter values' strings here; the server names one it does not know. */
  replace: (body: { scopes: readonly ({ kpi: string } & Scope)[]; targets: readonly ScopedTarget[] }) =>
    call(client.api.targets.$put({ json: body as TargetsPut })),
  history: (signal?: AbortSignal): Promise<Result<TargetHistory, ApiProblem>> =>
    call(client.api.targets.history.$get({ query: { limit: '200' } }, init(signal))),
  baselines: (signal?: AbortSignal): Promise<Result<BaselineList, ApiProblem>> =>
    call(client.api.baselines.$get({ query: {} }, init(signal))),
  takeBaseline: (body: Omit<BaselineTake, 'channel'> & { channel: string | null }) =>
    call(client.api.baselines.$post({ json: body as BaselineTake })),
  deleteBaseline: (id: string) => call(client.api.baselines[':id'].$delete({ param: { id } })),
};
