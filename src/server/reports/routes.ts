/**
 * Scheduled reports: their definitions, a sending on demand (or a preview as PDF) and the history
 * of the scheduled deliveries. Who may call each is in ./policy.ts; that only an owner or an admin
 * or manager may read or change a report is decided per report in the service.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import {
  ReportCreate,
  ReportDeliveryList,
  ReportList,
  ReportRemoved,
  ReportSchema,
  ReportSendRequest,
  ReportSendResult,
  ReportUpdate,
} from './schemas.js';

const tags = ['reports'];
const changeProblems = problems(400, 401, 403, 404, 409);

export const listReports = createRoute({
  operationId: 'listReports',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/reports',
  summary: 'The scheduled reports the caller owns (admins and managers: all), by name, with the last sending',
  responses: { 200: json(ReportList, 'Reports'), ...problems(401, 403) },
});

export const createReport = createRoute({
  operationId: 'createReport',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/reports',
  summary:
    'Schedule a saved view or dashboard daily, weekly or monthly to users and outside addresses, each in their time zone and language',
  description:
    'Viewers, finance and agents may schedule a report only to themselves; outside addresses are for admins and managers.',
  request: { body: body(ReportCreate) },
  responses: { 201: json(ReportSchema, 'Scheduled'), ...changeProblems },
});

export const getReport = createRoute({
  operationId: 'getReport',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/reports/{id}',
  summary: 'A scheduled report',
  request: { params: IdParam },
  responses: { 200: json(ReportSchema, 'The report'), ...changeProblems },
});

export const updateReport = createRoute({
  operationId: 'updateReport',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/reports/{id}',
  summary: 'Change a scheduled report (the fields given; recipients, when given, replace the list)',
  request: { params: IdParam, body: body(ReportUpdate) },
  responses: { 200: json(ReportSchema, 'Changed'), ...changeProblems },
});

export const deleteReport = createRoute({
  operationId: 'deleteReport',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/reports/{id}',
  summary: 'Remove a scheduled report, its recipients and its delivery history',
  request: { params: IdParam },
  responses: { 200: json(ReportRemoved, 'Removed'), ...changeProblems },
});

export const sendReport = createRoute({
  operationId: 'sendReport',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/reports/{id}/send',
  summary:
    'Send the report now for the last whole period (to its recipients, or only to `to`); with dryRun, answer its PDF instead of mailing',
  description:
    'A sending on demand is not recorded as the scheduled delivery of its period. Without a mail server (serve --smtp) it answers 409 no_mail.',
  request: { params: IdParam, body: body(ReportSendRequest) },
  responses: {
    200: {
      description: 'Sent (JSON), or with dryRun the PDF',
      content: {
        'application/json': { schema: ReportSendResult },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...changeProblems,
  },
});

export const listReportDeliveries = createRoute({
  operationId: 'listReportDeliveries',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/reports/{id}/deliveries',
  summary: 'The scheduled deliveries of a report, newest period first: per recipient sent, failed or sending',
  request: { params: IdParam },
  responses: { 200: json(ReportDeliveryList, 'Deliveries'), ...changeProblems },
});
