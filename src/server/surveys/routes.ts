/**
 * Surveys: their definitions and versions, personal links, QR codes and posters, the widget tag,
 * the answers with their comments, the invitations, erasure on request and the survey settings.
 * The pages customers answer on are outside /api (src/server/survey-pages). Who may call each is in
 * ./policy.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import {
  Survey,
  SurveyAnswers,
  SurveyAnswersQuery,
  SurveyConfig,
  SurveyConfigUpdate,
  SurveyCreate,
  SurveyErase,
  SurveyErased,
  SurveyIdParam,
  SurveyInvitations,
  SurveyInvitationsQuery,
  SurveyLink,
  SurveyLinkCreate,
  SurveyList,
  SurveyPosterQuery,
  SurveyQrQuery,
  SurveyUpdate,
  SurveyVersionParams,
  SurveyVersions,
  SurveyWaveRun,
  SurveyWaves,
  SurveyWidget,
} from './schemas.js';

const tags = ['surveys'];
const binary = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
});

export const listSurveys = createRoute({
  operationId: 'listSurveys',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys',
  summary: 'The surveys with their languages, version, invitations sent, answers and response rate',
  responses: { 200: json(SurveyList, 'Surveys'), ...authed },
});

export const createSurvey = createRoute({
  operationId: 'createSurvey',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/surveys',
  summary: 'Add a survey: a ready-made one of a type (in en, nl, sv, uk and zh-CN) or a definition',
  request: { body: body(SurveyCreate) },
  responses: { 201: json(Survey, 'Created'), ...problems(400, 401, 403, 409) },
});

// The literal paths below come before /api/surveys/{id}, which would also match them.
export const listSurveyAnswers = createRoute({
  operationId: 'listSurveyAnswers',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/answers',
  summary: 'Answers with their comments, newest first: filtered, searched, a page at a time',
  description:
    'An agent gets only the answers credited to them. The address an invitation went to is shown to admins only. `q` finds comments containing the text, whatever its case; `from` and `to` are UTC days of the answer, both included.',
  request: { query: SurveyAnswersQuery },
  responses: { 200: json(SurveyAnswers, 'Answers'), ...problems(400, 401, 403) },
});

export const getSurveyConfig = createRoute({
  operationId: 'getSurveyConfig',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/config',
  summary: 'Survey settings of the whole team: retention, anonymised erasure, public address, branding',
  responses: { 200: json(SurveyConfig, 'Settings'), ...authed },
});

export const putSurveyConfig = createRoute({
  operationId: 'putSurveyConfig',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/surveys/config',
  summary: 'Change the survey settings of the whole team (the fields given)',
  request: { body: body(SurveyConfigUpdate) },
  responses: { 200: json(SurveyConfig, 'Changed'), ...problems(400, 401, 403) },
});

export const eraseSurveyCustomer = createRoute({
  operationId: 'eraseSurveyCustomer',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/surveys/erase',
  summary: "Erase a customer's addresses and answers on request, or keep the answers anonymised",
  request: { body: body(SurveyErase) },
  responses: { 200: json(SurveyErased, 'Erased'), ...problems(400, 401, 403) },
});

export const getSurvey = createRoute({
  operationId: 'getSurvey',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}',
  summary: 'A survey: its current definition and distribution settings',
  request: { params: SurveyIdParam },
  responses: { 200: json(Survey, 'Survey'), ...problems(401, 403, 404) },
});

export const updateSurvey = createRoute({
  operationId: 'updateSurvey',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/surveys/{id}',
  summary: 'Change a survey; a changed definition becomes the next version',
  request: { params: SurveyIdParam, body: body(SurveyUpdate) },
  responses: { 200: json(Survey, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const listSurveyVersions = createRoute({
  operationId: 'listSurveyVersions',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/versions',
  summary: "A survey's versions, oldest first",
  request: { params: SurveyIdParam },
  responses: { 200: json(SurveyVersions, 'Versions'), ...problems(401, 403, 404) },
});

export const getSurveyVersion = createRoute({
  operationId: 'getSurveyVersion',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/versions/{version}',
  summary: 'A survey as one of its versions was: the questions its answers were given to',
  request: { params: SurveyVersionParams },
  responses: { 200: json(Survey, 'Survey'), ...problems(400, 401, 403, 404) },
});

export const createSurveyLink = createRoute({
  operationId: 'createSurveyLink',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/surveys/{id}/links',
  summary: 'A personal link for one contact or customer: signed, answered once, edited until it expires',
  request: { params: SurveyIdParam, body: body(SurveyLinkCreate) },
  responses: { 201: json(SurveyLink, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const getSurveyQr = createRoute({
  operationId: 'getSurveyQr',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/qr',
  summary: "The QR code of a location's survey page, /s/q/<id>/<location>, as SVG or PNG",
  request: { params: SurveyIdParam, query: SurveyQrQuery },
  responses: {
    200: {
      description: 'The QR code',
      content: {
        'image/svg+xml': { schema: z.string() },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problems(400, 401, 403, 404),
  },
});

export const getSurveyPoster = createRoute({
  operationId: 'getSurveyPoster',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/poster',
  summary:
    'A printable poster (A4 or A6 PDF) for a location: the title, the QR code, the location, the address',
  request: { params: SurveyIdParam, query: SurveyPosterQuery },
  responses: { 200: binary('The poster', 'application/pdf'), ...problems(400, 401, 403, 404) },
});

export const getSurveyWidget = createRoute({
  operationId: 'getSurveyWidget',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/widget',
  summary: "The <script> tag that asks the survey on a help centre's pages",
  request: { params: SurveyIdParam },
  responses: { 200: json(SurveyWidget, 'The tag'), ...problems(401, 403, 404) },
});

export const listSurveyInvitations = createRoute({
  operationId: 'listSurveyInvitations',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/invitations',
  summary: "A survey's invitations, newest first, with what became of each, and the totals per state",
  request: { params: SurveyIdParam, query: SurveyInvitationsQuery },
  responses: { 200: json(SurveyInvitations, 'Invitations'), ...problems(400, 401, 403, 404) },
});

export const runSurveyWave = createRoute({
  operationId: 'runSurveyWave',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/surveys/{id}/waves/run',
  summary: "Send the survey's relationship wave now, through the job runner",
  request: { params: SurveyIdParam },
  responses: { 202: json(SurveyWaveRun, 'Asked for'), ...problems(401, 403, 404, 409) },
});

export const listSurveyWaves = createRoute({
  operationId: 'listSurveyWaves',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/surveys/{id}/waves',
  summary: "A relationship survey's waves: sent, delivered, bounced, answered and the response rate of each",
  request: { params: SurveyIdParam },
  responses: { 200: json(SurveyWaves, 'Waves'), ...problems(401, 403, 404) },
});
