/**
 * The team's time: the staffing week and the forecast it rests on, the schedules, the workforce
 * settings, the days marked apart, and the Erlang calculator. Who may call each is in ./policy.ts;
 * what an agent sees inside an operation (their own schedule only) is narrowed in ./handlers.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import {
  ErlangAnswer,
  ErlangRequest,
  ForecastViewSchema,
  MarkedDayCreate,
  MarkedDayList,
  MarkedDayParam,
  MarkedDayRemoved,
  MarkedDaySchema,
  MarkedDaysQuery,
  ScheduleBlockCreate,
  ScheduleBlockList,
  ScheduleBlockSchema,
  ScheduleBlockUpdate,
  ScheduleCopied,
  ScheduleCopyWeek,
  ScheduleKeyParams,
  ScheduleRemoved,
  StaffingWeekSchema,
  WorkforceForecastQuery,
  WorkforceSchedulesQuery,
  WorkforceSettingsSchema,
  WorkforceSettingsUpdate,
  WorkforceStaffingQuery,
} from './schemas.js';

const tags = ['workforce'];
/** What the services may refuse: invalid input, not allowed, unknown, or clashing with what is stored. */
const changeProblems = problems(400, 401, 403, 404, 409);

export const getWorkforceStaffing = createRoute({
  operationId: 'getWorkforceStaffing',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/workforce/staffing',
  summary:
    'The staffing week of a channel: per interval the forecast, the agents required and to schedule, those scheduled and available, and the outcome; with what-if changes',
  description:
    'At most one of targetSl, targetAsa and maxAbandon replaces the channel\'s target; volume, handleTime, patience, shrinkage and model change the week "what if".',
  request: { query: WorkforceStaffingQuery },
  responses: { 200: json(StaffingWeekSchema, 'The staffing week'), ...changeProblems },
});

export const getWorkforceForecast = createRoute({
  operationId: 'getWorkforceForecast',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/workforce/forecast',
  summary:
    "A channel's arrivals of the recent weeks and the forecast of the coming ones, per interval, with the forecast's accuracy on held-back weeks against two naive baselines",
  request: { query: WorkforceForecastQuery },
  responses: { 200: json(ForecastViewSchema, 'The forecast'), ...problems(400, 401, 403) },
});

export const listWorkforceSchedules = createRoute({
  operationId: 'listWorkforceSchedules',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/workforce/schedules',
  summary: 'Schedule blocks meeting a span, by agent and start; an agent gets only their own',
  request: { query: WorkforceSchedulesQuery },
  responses: { 200: json(ScheduleBlockList, 'Schedule blocks'), ...problems(400, 401, 403) },
});

export const createWorkforceSchedule = createRoute({
  operationId: 'createWorkforceSchedule',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/workforce/schedules',
  summary:
    "Add a schedule block; a break, meeting or training inside an agent's shift splits the shift, any other overlap is refused",
  request: { body: body(ScheduleBlockCreate) },
  responses: { 201: json(ScheduleBlockSchema, 'Added'), ...changeProblems },
});

export const copyWorkforceScheduleWeek = createRoute({
  operationId: 'copyWorkforceScheduleWeek',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/workforce/schedules/copy-week',
  summary: "Copy a week's schedule blocks (Monday to Sunday, local time) to another week",
  request: { body: body(ScheduleCopyWeek) },
  responses: { 200: json(ScheduleCopied, 'Copied'), ...problems(400, 401, 403, 409) },
});

export const updateWorkforceSchedule = createRoute({
  operationId: 'updateWorkforceSchedule',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/workforce/schedules/{source}/{externalId}',
  summary: 'Change a schedule block (the fields given); a re-import of its source overwrites the change',
  request: { params: ScheduleKeyParams, body: body(ScheduleBlockUpdate) },
  responses: { 200: json(ScheduleBlockSchema, 'Changed'), ...changeProblems },
});

export const deleteWorkforceSchedule = createRoute({
  operationId: 'deleteWorkforceSchedule',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/workforce/schedules/{source}/{externalId}',
  summary: 'Remove a schedule block',
  request: { params: ScheduleKeyParams },
  responses: { 200: json(ScheduleRemoved, 'Removed'), ...changeProblems },
});

export const getWorkforceSettings = createRoute({
  operationId: 'getWorkforceSettings',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/workforce/settings',
  summary:
    'The workforce settings: grace period, interval, model, targets per channel, chat concurrency, occupancy cap, shrinkage, written reply time',
  responses: { 200: json(WorkforceSettingsSchema, 'Settings'), ...problems(401, 403) },
});

export const updateWorkforceSettings = createRoute({
  operationId: 'updateWorkforceSettings',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/workforce/settings',
  summary: 'Change the workforce settings (the fields given); a new grace period rebuilds the facts',
  request: { body: body(WorkforceSettingsUpdate) },
  responses: { 200: json(WorkforceSettingsSchema, 'Changed'), ...changeProblems },
});

export const listWorkforceMarkedDays = createRoute({
  operationId: 'listWorkforceMarkedDays',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/workforce/marked-days',
  summary: 'Days the forecast treats apart: one-off events (arrivals × factor) and days closed',
  request: { query: MarkedDaysQuery },
  responses: { 200: json(MarkedDayList, 'Marked days'), ...problems(400, 401, 403) },
});

export const createWorkforceMarkedDay = createRoute({
  operationId: 'createWorkforceMarkedDay',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/workforce/marked-days',
  summary:
    'Mark a day: an event with its factor (none: learnt from past events of the label) or a day closed',
  request: { body: body(MarkedDayCreate) },
  responses: { 201: json(MarkedDaySchema, 'Marked'), ...changeProblems },
});

export const deleteWorkforceMarkedDay = createRoute({
  operationId: 'deleteWorkforceMarkedDay',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/workforce/marked-days/{id}',
  summary: 'Remove a marked day',
  request: { params: MarkedDayParam },
  responses: { 200: json(MarkedDayRemoved, 'Removed'), ...changeProblems },
});

export const calculateErlang = createRoute({
  operationId: 'calculateErlang',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/workforce/erlang',
  summary:
    "One interval on the caller's numbers: the agents required for a target (Erlang C, or A with a patience), and the outcome at a given number of agents",
  request: { body: body(ErlangRequest) },
  responses: { 200: json(ErlangAnswer, 'The outcome'), ...problems(400, 401, 403) },
});
