/**
 * What the service does for the business: retention cohorts, lifetime value by how problems were
 * handled, conversion after contact, the people figures, the business settings and what the facts
 * left out. Who may call each is in ./policy.ts; viewers not per agent and money for money roles
 * only are narrowed in the services (src/services/business/).
 */
import { createRoute } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import {
  BusinessConversionQuery,
  BusinessNoticeList,
  BusinessQuery,
  BusinessSettingsSchema,
  BusinessSettingsUpdate,
  ClvSchema,
  ConversionSchema,
  PeopleSchema,
  RetentionCohortsSchema,
} from './schemas.js';

const tags = ['business'];
const reading = problems(400, 401, 403);

export const getBusinessCohorts = createRoute({
  operationId: 'getBusinessCohorts',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/cohorts',
  summary:
    'Retention by monthly cohort of the customers first seen in the range: per month after, the share not churned, with a Wilson interval',
  request: { query: BusinessQuery },
  responses: { 200: json(RetentionCohortsSchema, 'The cohorts'), ...reading },
});

export const getBusinessClv = createRoute({
  operationId: 'getBusinessClv',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/clv',
  summary:
    'Lifetime value of the customers first seen in the range by how their problems were handled, against first-contact resolution, and cumulated per cohort',
  request: { query: BusinessQuery },
  responses: { 200: json(ClvSchema, 'Lifetime value'), ...reading },
});

export const getBusinessConversion = createRoute({
  operationId: 'getBusinessConversion',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/conversion',
  summary:
    'Contacts followed by an order of the same customer within conversionDays, per channel, team or agent, against customers without a contact',
  request: { query: BusinessConversionQuery },
  responses: { 200: json(ConversionSchema, 'Conversion after contact'), ...reading },
});

export const getBusinessPeople = createRoute({
  operationId: 'getBusinessPeople',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/people',
  summary:
    'Per agent employed in the range: tenure, FTE, paid hours, resolved per paid hour, training days, hourly cost (money roles); FCR and CSAT of new vs experienced agents',
  request: { query: BusinessQuery },
  responses: { 200: json(PeopleSchema, 'The people figures'), ...reading },
});

export const getBusinessSettings = createRoute({
  operationId: 'getBusinessSettings',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/settings',
  summary:
    'The business settings: reporting currency, churn after days, conversion days, new agent days, default margin share',
  responses: { 200: json(BusinessSettingsSchema, 'Settings'), ...problems(401, 403) },
});

export const updateBusinessSettings = createRoute({
  operationId: 'updateBusinessSettings',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/business/settings',
  summary: 'Change the business settings (the fields given); the business facts are rebuilt with them',
  request: { body: body(BusinessSettingsUpdate) },
  responses: { 200: json(BusinessSettingsSchema, 'Changed'), ...reading },
});

export const listBusinessNotices = createRoute({
  operationId: 'listBusinessNotices',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/business/notices',
  summary:
    'What the last rebuild of the business facts left out or chose: amounts without an exchange rate, the currency taken, orders without a margin, contacts of unknown customers',
  responses: { 200: json(BusinessNoticeList, 'Notices'), ...problems(401, 403) },
});
