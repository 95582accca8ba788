import type { Context } from 'hono';
import { dataStatus } from '../../services/data-status.js';
import {
  createJob,
  getJob,
  JOB_KINDS,
  type JobError,
  listJobs,
  listRuns,
  type ParamIssue,
  removeJob,
  requestRun,
  updateJob,
} from '../../services/jobs/index.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

const invalid = (c: Context, issues: readonly ParamIssue[]) =>
  problem(c, 400, 'invalid job', { issues: issues.map((i) => `${i.field}: ${i.reason}`) });
const notFound = (c: Context, id: string) => problem(c, 404, `no job ${id}`);
const running = (c: Context, id: string, since: string) =>
  problem(c, 409, `job ${id} is running (since ${since}): wait for the run to end`);

/** A service error that its operation cannot give is a bug. */
function unexpected(error: JobError): never {
  throw new Error(`unexpected job error ${JSON.stringify(error)}`);
}

const KIND_INFO = [...JOB_KINDS.values()].map((k) => ({ kind: k.kind, fields: [...k.fields] }));

/**
 * The jobs table through the API; the server's runner (AppDeps.jobs) is told of every change, so
 * a job asked to run, or given an earlier schedule, does not wait for the runner's next look.
 */
export function jobsRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;
  const wake = () => void ctx.deps.jobs?.wake();

  return featureRouter()
    .openapi(r.listJobs, async (c) => {
      const [jobs, status] = await Promise.all([listJobs(engine, JOB_KINDS), dataStatus(ctx.quickly)]);
      const current = ctx.deps.jobs?.current() ?? null;
      return c.json(
        {
          jobs,
          kinds: KIND_INFO,
          running: current
            ? {
                jobId: current.jobId,
                since: current.since.toISOString(),
                progress: current.progress?.message ?? null,
              }
            : null,
          timezone: status.timezone,
        },
        200,
      );
    })

    .openapi(r.createJob, async (c) => {
      const input = c.req.valid('json');
      const created = await createJob(engine, JOB_KINDS, { ...input, params: input.params ?? {} }, now());
      if (!created.ok)
        return created.error.kind === 'invalid'
          ? invalid(c, created.error.issues)
          : unexpected(created.error);
      await audit(c, signedIn(c).user, 'job.create', {
        target: created.data.id,
        detail: { kind: created.data.kind, name: created.data.name, schedule: created.data.schedule },
      });
      wake();
      return c.json(created.data, 201);
    })

    .openapi(r.updateJob, async (c) => {
      const { id } = c.req.valid('param');
      const changes = c.req.valid('json');
      const updated = await updateJob(engine, JOB_KINDS, id, changes, now());
      if (!updated.ok) {
        const e = updated.error;
        return e.kind === 'invalid'
          ? invalid(c, e.issues)
          : e.kind === 'not_found'
            ? notFound(c, id)
            : running(c, id, e.since);
      }
      await audit(c, signedIn(c).user, 'job.update', {
        target: id,
        detail: { changed: Object.keys(changes) },
      });
      wake();
      return c.json(updated.data, 200);
    })

    .openapi(r.runJob, async (c) => {
      const { id } = c.req.valid('param');
      const requested = await requestRun(engine, JOB_KINDS, id, now());
      if (!requested.ok) {
        const e = requested.error;
        return e.kind === 'not_found'
          ? notFound(c, id)
          : e.kind === 'running'
            ? running(c, id, e.since)
            : unexpected(e);
      }
      await audit(c, signedIn(c).user, 'job.run', { target: id });
      wake();
      return c.json(requested.data, 202);
    })

    .openapi(r.deleteJob, async (c) => {
      const { id } = c.req.valid('param');
      const removed = await removeJob(engine, JOB_KINDS, id);
      if (!removed.ok) {
        const e = removed.error;
        return e.kind === 'not_found'
          ? notFound(c, id)
          : e.kind === 'running'
            ? running(c, id, e.since)
            : unexpected(e);
      }
      await audit(c, signedIn(c).user, 'job.delete', {
        target: id,
        detail: { kind: removed.data.kind, name: removed.data.name },
      });
      return c.json(removed.data, 200);
    })

    .openapi(r.listJobRuns, async (c) => {
      const { id } = c.req.valid('param');
      if (!(await getJob(engine, JOB_KINDS, id))) return notFound(c, id);
      return c.json({ runs: (await listRuns(engine, id)).map(({ jobId: _, ...run }) => run) }, 200);
    });
}
