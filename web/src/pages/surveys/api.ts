import type { InferResponseType } from 'hono/client';
import type {
  SurveyDefinition,
  SurveySettings,
  SurveyStatus,
  SurveyType,
} from '../../../../src/core/surveys/definition.js';
import { type Api, call, client } from '../../api.js';

/**
 * The surveys API as the dashboard calls it, through the typed client: its shapes come from the
 * server's routes. The definition's own types are imported as types only, so the dashboard bundle
 * carries no schema library.
 */
export type { SurveySettings, SurveyStatus, SurveyType };

export type SurveyView = InferResponseType<Api['surveys'][':id']['$get'], 200>;
export type SurveySummary = InferResponseType<Api['surveys']['$get'], 200>['surveys'][number];
export type SurveyVersion = InferResponseType<
  Api['surveys'][':id']['versions']['$get'],
  200
>['versions'][number];
export type AnswerPage = InferResponseType<Api['surveys']['answers']['$get'], 200>;
/** One answered question (its main question's when `questionId` is null), with its contact and agent. */
export type SurveyAnswer = AnswerPage['answers'][number];
export type PersonalLink = InferResponseType<Api['surveys'][':id']['links']['$post'], 201>;
export type InvitationPage = InferResponseType<Api['surveys'][':id']['invitations']['$get'], 200>;
export type SurveyInvitation = InvitationPage['invitations'][number];
export type InvitationTotals = InvitationPage['totals'];
export type SurveyWave = InferResponseType<Api['surveys'][':id']['waves']['$get'], 200>['waves'][number];
export type WaveRun = InferResponseType<Api['surveys'][':id']['waves']['run']['$post'], 202>;
export type SurveyConfig = InferResponseType<Api['surveys']['config']['$get'], 200>;
export type ErasedCounts = InferResponseType<Api['surveys']['erase']['$post'], 200>;

/** The states an invitation reaches, in the order it reaches them; the list filters by one. */
export const INVITATION_STATES = ['sent', 'delivered', 'bounced', 'opened', 'answered', 'reminded'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export interface AnswerQuery {
  survey?: string;
  question?: string;
  agent?: string;
  channel?: string;
  from?: string;
  to?: string;
  scoreMin?: number;
  scoreMax?: number;
  q?: string;
  limit?: number;
  cursor?: string;
}

const surveys = client.api.surveys;
const one = (id: string) => ({ param: { id } });

export const surveysApi = {
  list: (signal?: AbortSignal) => call(surveys.$get({}, { init: { signal: signal ?? null } })),
  create: (input: { type: SurveyType; name: string }) => call(surveys.$post({ json: input })),
  get: (id: string, signal?: AbortSignal) =>
    call(surveys[':id'].$get(one(id), { init: { signal: signal ?? null } })),
  update: (
    id: string,
    patch: { name?: string; definition?: SurveyDefinition; settings?: SurveySettings; status?: SurveyStatus },
  ) => call(surveys[':id'].$put({ ...one(id), json: patch })),
  versions: (id: string, signal?: AbortSignal) =>
    call(surveys[':id'].versions.$get(one(id), { init: { signal: signal ?? null } })),
  link: (id: string, input: { contactKey: string; language?: string; email?: string }) =>
    call(surveys[':id'].links.$post({ ...one(id), json: input })),
  widget: (id: string, signal?: AbortSignal) =>
    call(surveys[':id'].widget.$get(one(id), { init: { signal: signal ?? null } })),
  invitations: (
    id: string,
    query: { state?: InvitationState; cursor?: string; limit?: number },
    signal?: AbortSignal,
  ) =>
    call(
      surveys[':id'].invitations.$get(
        {
          ...one(id),
          query: {
            ...(query.state ? { state: query.state } : {}),
            ...(query.cursor ? { cursor: query.cursor } : {}),
            ...(query.limit ? { limit: String(query.limit) } : {}),
          },
        },
        { init: { signal: signal ?? null } },
      ),
    ),
  waves: (id: string, signal?: AbortSignal) =>
    call(surveys[':id'].waves.$get(one(id), { init: { signal: signal ?? null } })),
  runWave: (id: string) => call(surveys[':id'].waves.run.$post(one(id))),
  config: (signal?: AbortSignal) => call(surveys.config.$get({}, { init: { signal: signal ?? null } })),
  putConfig: (patch: Partial<SurveyConfig>) => call(surveys.config.$put({ json: patch })),
  erase: (input: { email?: string; customerId?: string; keepAnonymised: boolean }) =>
    call(surveys.erase.$post({ json: input })),
  answers: (query: AnswerQuery, signal?: AbortSignal) =>
    call(
      surveys.answers.$get(
        { query: Object.fromEntries(new URLSearchParams(answerSearch(query))) },
        { init: { signal: signal ?? null } },
      ),
    ),
};

/** The answers query's parameters, as the API names them. */
export function answerSearch(query: AnswerQuery): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') params.set(name, String(value));
  };
  put('survey', query.survey);
  put('question', query.question);
  put('agent', query.agent);
  put('channel', query.channel);
  put('from', query.from);
  put('to', query.to);
  put('score_min', query.scoreMin);
  put('score_max', query.scoreMax);
  put('q', query.q);
  put('limit', query.limit);
  put('cursor', query.cursor);
  return params.toString();
}

/** Where the QR code and the poster of a location are fetched (images and downloads, not JSON). */
export function qrUrl(id: string, location: string, format: 'svg' | 'png'): string {
  return pathOf(surveys[':id'].qr.$url({ ...one(id), query: { location, format } }));
}

export function posterUrl(id: string, location: string, size: 'A4' | 'A6'): string {
  return pathOf(surveys[':id'].poster.$url({ ...one(id), query: { location, size } }));
}

/** Same-origin addresses, so that an image or a download carries the session's cookie. */
function pathOf(url: URL): string {
  return url.pathname + url.search;
}

/** The public link of a source; the survey pages serve it (`/s/p/<survey>/<source>`). */
export function publicLinkPath(id: string, source: string): string {
  return `/s/p/${encodeURIComponent(id)}/${encodeURIComponent(source)}`;
}
