import type { ClientResponse, InferRequestType, InferResponseType } from 'hono/client';
import { err, ok, type Result } from '../../../../src/core/result.js';
import type { ReportFrequency } from '../../../../src/services/reports/contract.js';
import { type Api, type ApiProblem, call, client } from '../../api.js';

export { REPORT_FREQUENCIES } from '../../../../src/services/reports/contract.js';
export type { ReportFrequency };

/** The reports API as the dashboard calls it; the shapes come from the server's routes. */
export type ReportList = InferResponseType<Api['reports']['$get'], 200>;
export type Report = ReportList['reports'][number];
export type ReportInput = InferRequestType<Api['reports']['$post']>['json'];
export type ReportRecipientInput = ReportInput['recipients'][number];
export type ReportDelivery = InferResponseType<
  Api['reports'][':id']['deliveries']['$get'],
  200
>['deliveries'][number];
export type ReportSendResult = Extract<
  InferResponseType<Api['reports'][':id']['send']['$post'], 200>,
  { sent: unknown }
>;

/** What a report may send: a saved view or a dashboard, by name. */
export interface ReportSourceOption {
  kind: 'view' | 'dashboard';
  id: string;
  name: string;
}

const reports = client.api.reports;
const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

/** Either list of sources may be missing for a role or a server without it: the other still serves. */
async function sourcesOf(signal?: AbortSignal): Promise<Result<ReportSourceOption[], ApiProblem>> {
  const [views, dashboards] = await Promise.all([
    call(client.api.views.$get({}, init(signal))),
    call(client.api.dashboards.$get({}, init(signal))),
  ]);
  if (!views.ok && !dashboards.ok) return err(views.error);
  return ok([
    ...(views.ok ? views.data.views.map((v) => ({ kind: 'view' as const, id: v.id, name: v.name })) : []),
    ...(dashboards.ok
      ? dashboards.data.dashboards.map((d) => ({ kind: 'dashboard' as const, id: d.id, name: d.name }))
      : []),
  ]);
}

/** The PDF of a report as it would go out now, to open in a tab of its own. */
async function previewPdf(id: string): Promise<Result<Blob, ApiProblem>> {
  let res: ClientResponse<unknown>;
  try {
    res = await reports[':id'].send.$post({ param: { id }, json: { dryRun: true } });
  } catch (e) {
    return err({ status: 0, title: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) {
    const answered = await call(Promise.resolve(res));
    return answered.ok ? err({ status: res.status, title: res.statusText }) : err(answered.error);
  }
  return ok(await (res as unknown as Response).blob());
}

export const reportsApi = {
  list: (signal?: AbortSignal) => call(reports.$get({}, init(signal))),
  create: (json: ReportInput) => call(reports.$post({ json })),
  update: (id: string, json: Partial<ReportInput>) => call(reports[':id'].$put({ param: { id }, json })),
  remove: (id: string) => call(reports[':id'].$delete({ param: { id } })),
  send: async (id: string): Promise<Result<ReportSendResult, ApiProblem>> => {
    const sent = await call(reports[':id'].send.$post({ param: { id }, json: {} }));
    return sent.ok ? ok(sent.data as ReportSendResult) : sent;
  },
  previewPdf,
  deliveries: (id: string, signal?: AbortSignal) =>
    call(reports[':id'].deliveries.$get({ param: { id } }, init(signal))),
  sources: sourcesOf,
  /** Everyone an admin may send to; other roles send to themselves only. */
  users: (signal?: AbortSignal) => call(client.api.users.$get({}, init(signal))),
};
