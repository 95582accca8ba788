/**
 * The contacts behind a number: a page of them, their CSV export, and one contact in full. Who may
 * call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { body, csv, json, problems, SIGNED_IN } from '../routes.js';
import {
  ContactDetail,
  ContactKeyParam,
  ContactList,
  ContactsExportQuery,
  ContactsQuery,
} from './schemas.js';

export const queryContacts = createRoute({
  operationId: 'queryContacts',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'post',
  path: '/api/contacts/query',
  summary: 'The contacts behind a number: the population of a KPI under the same filters, paginated',
  request: { body: body(ContactsQuery) },
  responses: { 200: json(ContactList, 'One page'), ...problems(400, 401, 403, 503) },
});

export const exportContacts = createRoute({
  operationId: 'exportContacts',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'post',
  path: '/api/contacts/export',
  summary: 'The same contacts as CSV, one row per contact with every fact',
  request: { body: body(ContactsExportQuery) },
  responses: { 200: csv('CSV'), ...problems(400, 401, 403, 503) },
});

export const getContact = createRoute({
  operationId: 'getContact',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'get',
  path: '/api/contacts/{key}',
  summary: 'One contact: its fields, facts, timeline of events and survey answers',
  request: { params: ContactKeyParam },
  responses: { 200: json(ContactDetail, 'The contact'), ...problems(401, 403, 404) },
});
