import {
  type ClientResponse,
  hc,
  type InferRequestType,
  type InferResponseType,
  type parseResponse,
} from 'hono/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { err, ok, type Result } from '../../src/core/result.js';
import type { AppType } from '../../src/server/app.js';

/**
 * The typed API client: request and response types come from the server's routes (`AppType`), so
 * a change of the API that the dashboard does not follow fails the type check instead of a user.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthorized: () => void = () => {};
/** Called when a request answers 401: the session expired or was ended elsewhere. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export const client = hc<AppType>(
  typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  {
    headers: (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    init: { credentials: 'same-origin' },
  },
);

export type Api = typeof client.api;

// Types of the API, derived from the client rather than copied.
export type Session = InferResponseType<Api['auth']['session']['$get'], 200>;
export type User = Session['user'];
export type Role = User['role'];
export type Catalog = InferResponseType<Api['catalog']['$get'], 200>;
export type CatalogKpi = Catalog['kpis'][number];
export type DataStatus = InferResponseType<Api['status']['$get'], 200>;
export type FilterValues = InferResponseType<Api['filter-values']['$get'], 200>;
export type KpiQueryInput = InferRequestType<Api['kpi']['query']['$post']>['json'];
export type KpiResult = InferResponseType<Api['kpi']['query']['$post'], 200>;
export type KpiRow = KpiResult['rows'][number];
export type KpiCell = KpiRow[string];
export type ContactsQueryInput = InferRequestType<Api['contacts']['query']['$post']>['json'];
export type ContactList = InferResponseType<Api['contacts']['query']['$post'], 200>;
export type ContactRow = ContactList['rows'][number];
export type ContactDetail = InferResponseType<Api['contacts'][':key']['$get'], 200>;
export type ScorecardList = InferResponseType<Api['scorecards']['$get'], 200>;
export type Scorecard = InferResponseType<Api['scorecards'][':agent']['$get'], 200>;
export type ScorecardKpi = Scorecard['kpis'][number];
export type Settings = InferResponseType<Api['settings']['$get'], 200>;
export type Calendar = Settings['calendars'][number];
export type Threshold = Settings['thresholds'][number];
export type KpiTarget = Catalog['targets'][number];
/** A channel-wide target as the settings page edits it (no team, agent or start date). */
export type SettingsTarget = Settings['targets'][number];
export type Locale = User['locale'];
export type UserList = InferResponseType<Api['users']['$get'], 200>;
export type UserCreate = InferRequestType<Api['users']['$post']>['json'];
export type TokenList = InferResponseType<Api['tokens']['$get'], 200>;
export type TokenCreated = InferResponseType<Api['tokens']['$post'], 201>;
export type AuditList = InferResponseType<Api['audit']['$get'], 200>;
export type ImportJobList = InferResponseType<Api['imports']['$get'], 200>;
export type ImportJob = ImportJobList['imports'][number];

/** A KpiValue out of a row: the row also holds dimension values, which are not objects. */
export type KpiValue = Extract<KpiCell, { n: number }>;
export function kpiValue(row: KpiRow | undefined, id: string): KpiValue | null {
  const cell = row?.[id];
  return cell !== null && typeof cell === 'object' ? cell : null;
}

export interface ApiProblem {
  /** 0: no answer (network, server down). */
  status: number;
  /** The problem's type URI, e.g. …/problems/query-too-large (see src/server/problem.ts). */
  type?: string;
  title: string;
  detail?: string;
  issues?: string[];
}

type Body<T extends ClientResponse<unknown>> = Awaited<ReturnType<typeof parseResponse<T>>>;

async function problemOf(res: Response | ClientResponse<unknown>): Promise<ApiProblem> {
  let title = res.statusText || `HTTP ${res.status}`;
  let type: string | undefined;
  let detail: string | undefined;
  let issues: string[] | undefined;
  try {
    const body = (await res.json()) as {
      type?: unknown;
      title?: unknown;
      detail?: unknown;
      issues?: unknown;
    };
    if (typeof body.type === 'string') type = body.type;
    if (typeof body.title === 'string') title = body.title;
    if (typeof body.detail === 'string') detail = body.detail;
    if (Array.isArray(body.issues)) issues = body.issues.map(String);
  } catch {
    // Not a problem document (e.g. a proxy's HTML page): the status line says enough.
  }
  return {
    status: res.status,
    title,
    ...(type ? { type } : {}),
    ...(detail ? { detail } : {}),
    ...(issues ? { issues } : {}),
  };
}

/** Runs a client call: the success body, or the server's problem document as a value. */
export async function call<T extends ClientResponse<unknown>>(
  request: Promise<T>,
): Promise<Result<Body<T>, ApiProblem>> {
  let res: T;
  try {
    res = await request;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return err({ status: -1, title: 'aborted' });
    return err({ status: 0, title: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    return err(await problemOf(res));
  }
  if (res.status === 204) return ok(undefined as Body<T>);
  const type = res.headers.get('content-type') ?? '';
  return ok((type.includes('json') ? await res.json() : await res.text()) as Body<T>);
}

export type Loadable<T> =
  | { state: 'loading'; data?: undefined; error?: undefined }
  | { state: 'ok'; data: T; error?: undefined }
  | { state: 'error'; data?: undefined; error: ApiProblem };

/**
 * Loads data whenever `key` changes (a serialised query), ignoring answers to superseded keys.
 * The previous data stays visible while the next loads, so filters do not make the page jump.
 * A superseded request is aborted, and so is the last one when the page goes (the server stops the
 * query when its client disconnects); `cancel` aborts the one in flight on the reader's word.
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<Result<T, ApiProblem>>,
): Loadable<T> & {
  reload: () => void;
  stale: boolean;
  /** When the request in flight started (`Date.now()`), null when none is. */
  startedAt: number | null;
  /** Aborts the request in flight; `cancelled` stays true until the next load. */
  cancel: () => void;
  cancelled: boolean;
} {
  const [state, setState] = useState<Loadable<T>>({ state: 'loading' });
  const [stale, setStale] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const inFlight = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `nonce` are the triggers; `load` is read through a ref so inline functions do not reload.
  useEffect(() => {
    if (key === null) {
      // Nothing is asked any more: a request the previous key left in flight was aborted, so
      // nothing is pending either, or a page would stay busy for good.
      inFlight.current = null;
      setStale(false);
      setStartedAt(null);
      return;
    }
    const controller = new AbortController();
    inFlight.current = controller;
    setStale(true);
    setCancelled(false);
    setStartedAt(Date.now());
    loadRef.current(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      inFlight.current = null;
      setStale(false);
      setStartedAt(null);
      if (result.ok) setState({ state: 'ok', data: result.data });
      else if (result.error.status !== -1) setState({ state: 'error', error: result.error });
    });
    return () => {
      if (inFlight.current === controller) inFlight.current = null;
      controller.abort();
    };
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const cancel = useCallback(() => {
    const controller = inFlight.current;
    if (!controller) return;
    inFlight.current = null;
    controller.abort();
    setStale(false);
    setStartedAt(null);
    setCancelled(true);
  }, []);
  return { ...state, reload, stale, startedAt, cancel, cancelled };
}

/** Downloads a CSV answered by the server (contacts export) under the name it suggests. */
export async function downloadResponse(
  res: { headers: Headers; blob(): Promise<Blob> },
  fallbackName: string,
): Promise<void> {
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
