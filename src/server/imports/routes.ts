/**
 * Imports sent to the running server and followed while they run. Who may call each is in
 * ./policy.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { authed, csv, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam, Problem } from '../schemas.js';
import { ImportJob, ImportJobList, ImportQuery } from './schemas.js';

const problemOf = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

export const createImport = createRoute({
  operationId: 'createImport',
  security: SIGNED_IN,
  tags: ['imports'],
  method: 'post',
  path: '/api/imports',
  summary:
    'Import files into the running server: they are stored, then imported in turn, as servicemeter import does',
  description:
    'The body is multipart/form-data with one file part per file (a name ending in .gz is decompressed) and, for formats that take one, the mapping file in the part `mapping`; or a body that is one file, named by `name` or X-File-Name, gzipped if Content-Encoding: gzip. Options go in the query. Answers at once with the job; follow it with GET /api/imports/{id} or its events.',
  request: {
    query: ImportQuery,
    // Declared for the document only: the body is read as a stream, never held whole.
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              files: { type: 'array', items: { type: 'string', format: 'binary' } },
              mapping: { type: 'string', format: 'binary' },
            },
          },
        },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: {
    202: json(ImportJob, 'Queued: the job, to be followed'),
    ...problems(400, 401, 403, 429, 503),
    413: problemOf('Larger than the upload limit'),
    415: problemOf('A Content-Encoding that is not taken'),
  },
});

export const listImports = createRoute({
  operationId: 'listImports',
  security: SIGNED_IN,
  tags: ['imports'],
  method: 'get',
  path: '/api/imports',
  summary:
    'The imports sent to this server since it started (the last 20 finished ones and those to come), newest first',
  responses: { 200: json(ImportJobList, 'Imports'), ...authed },
});

export const getImport = createRoute({
  operationId: 'getImport',
  security: SIGNED_IN,
  tags: ['imports'],
  method: 'get',
  path: '/api/imports/{id}',
  summary: 'An import: its state, progress, and result or error',
  request: { params: IdParam },
  responses: { 200: json(ImportJob, 'The import'), ...problems(401, 403, 404) },
});

export const followImport = createRoute({
  operationId: 'followImport',
  security: SIGNED_IN,
  tags: ['imports'],
  method: 'get',
  path: '/api/imports/{id}/events',
  summary:
    'An import as Server-Sent Events: `state`, then `progress`, then `result` or `failed`; the stream ends with it',
  request: { params: IdParam },
  responses: {
    200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...problems(401, 403, 404),
  },
});

export const getImportRejects = createRoute({
  operationId: 'getImportRejects',
  security: SIGNED_IN,
  tags: ['imports'],
  method: 'get',
  path: '/api/imports/{id}/rejects',
  summary: 'The rows an import run with skipBadRows rejected, with file, line, column and reason',
  request: { params: IdParam },
  responses: { 200: csv('CSV: file, line, column, reason, record'), ...problems(401, 403, 404) },
});
