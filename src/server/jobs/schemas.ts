import { z } from '@hono/zod-openapi';

const instant = z.string().openapi({ example: '2026-03-02T08:00:00Z', description: 'UTC, ISO 8601' });

const JobOutcome = z.enum(['ok', 'failed', 'interrupted']).openapi('JobOutcome');

const params = z
  .record(z.string(), z.unknown())
  .openapi({ description: "The kind's parameters (see docs/api.md, Jobs); never a secret" });

export const Job = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    /** What a run does, in a line. */
    description: z.string(),
    params,
    schedule: z.string().nullable().openapi({
      description: 'Five-field cron schedule; null: only when run by hand',
      example: '30 2 * * *',
    }),
    timezone: z.string().openapi({ description: 'IANA time zone the schedule is read in' }),
    paused: z.boolean(),
    nextRunAt: instant
      .nullable()
      .openapi({ description: 'When it runs next by itself; null when paused or on demand' }),
    runRequestedAt: instant.nullable().openapi({ description: 'Asked to run, not started yet' }),
    runningSince: instant.nullable(),
    cursor: z
      .unknown()
      .openapi({ description: 'Where its runs have got to (the kind decides what it holds)' }),
    attempts: z.number().int().openapi({ description: 'Failures in a row' }),
    lastStartedAt: instant.nullable(),
    lastFinishedAt: instant.nullable(),
    lastOutcome: JobOutcome.nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: instant.nullable(),
    createdAt: instant,
  })
  .openapi('Job');

export const JobKindInfo = z
  .object({
    kind: z.string(),
    fields: z.array(z.object({ name: z.string(), required: z.boolean() })),
  })
  .openapi('JobKindInfo');

export const JobList = z
  .object({
    jobs: z.array(Job),
    kinds: z.array(JobKindInfo),
    /** The run in progress. */
    running: z.object({ jobId: z.string(), since: instant, progress: z.string().nullable() }).nullable(),
    /** The team's time zone: a job's zone when none is given. */
    timezone: z.string(),
  })
  .openapi('JobList');

const schedule = z.string().trim().min(1).max(200).nullable();

export const JobCreate = z
  .object({
    kind: z.string().min(1).max(100),
    name: z.string().max(100).optional(),
    params: params.optional(),
    schedule: schedule.optional(),
    timezone: z.string().min(1).max(100).optional(),
    paused: z.boolean().optional(),
  })
  .openapi('JobCreate');

export const JobUpdate = z
  .object({
    name: z.string().max(100).optional(),
    params: params.optional(),
    schedule: schedule.optional(),
    timezone: z.string().min(1).max(100).optional(),
    paused: z.boolean().optional(),
  })
  .openapi('JobUpdate');

export const JobRun = z
  .object({
    startedAt: instant,
    finishedAt: instant.nullable(),
    outcome: JobOutcome,
    detail: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
  })
  .openapi('JobRun');

export const JobRuns = z.object({ runs: z.array(JobRun) }).openapi('JobRuns');
