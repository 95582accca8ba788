/**
 * Alerts: the rules that watch an indicator or the operation, a test of one rule now, the events
 * they raised, and each user's notification list. Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import {
  AlertEventList,
  AlertEventsQuery,
  AlertIdParam,
  AlertRuleCreate,
  AlertRuleList,
  AlertRuleRemoved,
  AlertRuleSchema,
  AlertRuleUpdate,
  AlertTestRequest,
  AlertTestResult,
  NotificationList,
  NotificationsMarked,
  NotificationsQuery,
  NotificationsReadRequest,
} from './schemas.js';

const tags = ['alerts'];
/** What the services may refuse: invalid input, not allowed, unknown, or clashing with what is stored. */
const changeProblems = problems(400, 401, 403, 404, 409);

export const listAlertRules = createRoute({
  operationId: 'listAlertRules',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/alerts',
  summary: 'The alert rules the caller manages (an admin: all), with their state and last event',
  responses: { 200: json(AlertRuleList, 'Alert rules'), ...changeProblems },
});

export const createAlertRule = createRoute({
  operationId: 'createAlertRule',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/alerts',
  summary: 'Add an alert rule; the evaluation job then looks at it every five minutes',
  request: { body: body(AlertRuleCreate) },
  responses: { 201: json(AlertRuleSchema, 'Added'), ...changeProblems },
});

export const getAlertRule = createRoute({
  operationId: 'getAlertRule',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/alerts/{id}',
  summary: 'One alert rule with its state and last event',
  request: { params: AlertIdParam },
  responses: { 200: json(AlertRuleSchema, 'The rule'), ...changeProblems },
});

export const updateAlertRule = createRoute({
  operationId: 'updateAlertRule',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/alerts/{id}',
  summary: 'Change an alert rule (the fields given)',
  request: { params: AlertIdParam, body: body(AlertRuleUpdate) },
  responses: { 200: json(AlertRuleSchema, 'Changed'), ...changeProblems },
});

export const deleteAlertRule = createRoute({
  operationId: 'deleteAlertRule',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/alerts/{id}',
  summary: 'Remove an alert rule with its state; its past events stay',
  request: { params: AlertIdParam },
  responses: { 200: json(AlertRuleRemoved, 'Removed'), ...changeProblems },
});

export const testAlertRule = createRoute({
  operationId: 'testAlertRule',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/alerts/{id}/test',
  summary:
    "Evaluate a rule now without storing or raising anything; with deliver, send a test message to the rule's channels",
  request: { params: AlertIdParam, body: body(AlertTestRequest) },
  responses: { 200: json(AlertTestResult, 'What the rule finds now'), ...changeProblems },
});

export const listAlertEvents = createRoute({
  operationId: 'listAlertEvents',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/alerts/events',
  summary: 'Alerts raised and recovered, newest first',
  request: { query: AlertEventsQuery },
  responses: { 200: json(AlertEventList, 'Events'), ...changeProblems },
});

export const listNotifications = createRoute({
  operationId: 'listNotifications',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/notifications',
  summary: "The caller's notifications (alerts raised and recovered), newest first, with the number unread",
  request: { query: NotificationsQuery },
  responses: { 200: json(NotificationList, 'Notifications'), ...problems(400, 401, 403) },
});

export const markNotificationsRead = createRoute({
  operationId: 'markNotificationsRead',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/notifications/read',
  summary: 'Mark notifications read, by id or all',
  request: { body: body(NotificationsReadRequest) },
  responses: { 200: json(NotificationsMarked, 'Marked'), ...problems(400, 401, 403) },
});
