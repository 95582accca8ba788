/**
 * Jobs the server runs: syncs and rebuilds on a schedule or on demand. Who may call each is in
 * ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import { Job, JobCreate, JobList, JobRuns, JobUpdate } from './schemas.js';

export const listJobs = createRoute({
  operationId: 'listJobs',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'get',
  path: '/api/jobs',
  summary: 'The jobs with their schedule, next run, last outcome and error; the run in progress; the kinds',
  responses: { 200: json(JobList, 'Jobs'), ...authed },
});

export const createJob = createRoute({
  operationId: 'createJob',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'post',
  path: '/api/jobs',
  summary: 'Add a job: a kind, its parameters, and a cron schedule in a time zone (none: only on demand)',
  request: { body: body(JobCreate) },
  responses: { 201: json(Job, 'Created'), ...problems(400, 401, 403) },
});

export const updateJob = createRoute({
  operationId: 'updateJob',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'patch',
  path: '/api/jobs/{id}',
  summary: 'Pause or resume a job, or change its name, schedule, time zone or parameters',
  description:
    'New parameters start from no cursor and are refused (409) while the job runs. A new schedule, and a resume, set the next run from the schedule; a resumed job whose last run was interrupted runs at once.',
  request: { params: IdParam, body: body(JobUpdate) },
  responses: { 200: json(Job, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const runJob = createRoute({
  operationId: 'runJob',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'post',
  path: '/api/jobs/{id}/run',
  summary: 'Run a job now (a paused one too), as soon as the run in progress, if any, has ended',
  request: { params: IdParam },
  responses: { 202: json(Job, 'Asked for'), ...problems(401, 403, 404, 409) },
});

export const deleteJob = createRoute({
  operationId: 'deleteJob',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'delete',
  path: '/api/jobs/{id}',
  summary: 'Remove a job and its history; refused while it runs',
  request: { params: IdParam },
  responses: { 200: json(Job, 'Removed'), ...problems(401, 403, 404, 409) },
});

export const listJobRuns = createRoute({
  operationId: 'listJobRuns',
  security: SIGNED_IN,
  tags: ['jobs'],
  method: 'get',
  path: '/api/jobs/{id}/runs',
  summary: "A job's last runs (up to 200), newest first, with what each did or why it failed",
  request: { params: IdParam },
  responses: { 200: json(JobRuns, 'Runs'), ...problems(401, 403, 404) },
});
