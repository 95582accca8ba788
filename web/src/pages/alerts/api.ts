import type { InferRequestType, InferResponseType } from 'hono/client';
import { type Api, call, client } from '../../api.js';

export type { AlertKind, AlertParams, WebhookFormat } from '../../../../src/services/alerts/contract.js';
export { ALERT_KINDS, WEBHOOK_FORMATS } from '../../../../src/services/alerts/contract.js';

/** The alerts API as the dashboard calls it; the shapes come from the server's routes. */
export type AlertRuleList = InferResponseType<Api['alerts']['$get'], 200>;
export type AlertRuleView = AlertRuleList['rules'][number];
export type AlertRuleInput = InferRequestType<Api['alerts']['$post']>['json'];
export type AlertEventView = InferResponseType<Api['alerts']['events']['$get'], 200>['events'][number];
export type AlertTestResult = InferResponseType<Api['alerts'][':id']['test']['$post'], 200>;
export type NotificationList = InferResponseType<Api['notifications']['$get'], 200>;

const alerts = client.api.alerts;
const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const alertsApi = {
  list: (signal?: AbortSignal) => call(alerts.$get({}, init(signal))),
  create: (json: AlertRuleInput) => call(alerts.$post({ json })),
  update: (id: string, json: Partial<AlertRuleInput>) => call(alerts[':id'].$put({ param: { id }, json })),
  remove: (id: string) => call(alerts[':id'].$delete({ param: { id } })),
  test: (id: string) => call(alerts[':id'].test.$post({ param: { id }, json: {} })),
  events: (rule: string | null, signal?: AbortSignal) =>
    call(alerts.events.$get({ query: { ...(rule ? { rule } : {}), limit: '50' } }, init(signal))),
  notifications: (signal?: AbortSignal) => call(client.api.notifications.$get({ query: {} }, init(signal))),
  markRead: (ids: string[] | 'all') => call(client.api.notifications.read.$post({ json: { ids } })),
  /** The webhook sources a silence rule may watch (admins only: others type the name). */
  sources: (signal?: AbortSignal) => call(client.api.webhooks.$get({}, init(signal))),
  jobs: (signal?: AbortSignal) => call(client.api.jobs.$get({}, init(signal))),
};
