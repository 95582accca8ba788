import type { Command } from 'commander';
import type { Engine } from '../../core/engine.js';
import { duckDbOf } from '../../engines/duckdb/engine.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import {
  createJob,
  createJobRunner,
  describeJobError,
  isJsonObject,
  JOB_KINDS,
  type JobError,
  type JobView,
  type JsonObject,
  listJobs,
  recoverInterruptedRuns,
  removeJob,
  updateJob,
} from '../../services/jobs/index.js';
import { CliError, withDatabase, withNewOrExistingDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { clearProgress, out } from '../output.js';

/** The job named by its id, or by its name when exactly one job has it. */
async function findJob(db: Engine, idOrName: string): Promise<JobView> {
  const jobs = await listJobs(db, JOB_KINDS);
  const byId = jobs.find((j) => j.id === idOrName);
  if (byId) return byId;
  const byName = jobs.filter((j) => j.name === idOrName);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1)
    throw new CliError(
      `${byName.length} jobs are named '${idOrName}': give the id (${byName.map((j) => j.id).join(', ')})`,
    );
  throw new CliError(`no job '${idOrName}' (servicemeter jobs list shows them)`);
}

function orFail<T>(result: { ok: true; data: T } | { ok: false; error: JobError }): T {
  if (!result.ok) throw new CliError(describeJobError(result.error));
  return result.data;
}

/** `key=value` pairs and a JSON object, the pairs winning. */
function parseParams(pairs: readonly string[], json: string | undefined): JsonObject {
  let params: JsonObject = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new CliError(`--params: not JSON: ${(error as Error).message}`);
    }
    if (!isJsonObject(parsed))
      throw new CliError('--params: expected a JSON object, such as {"subdomain":"acme"}');
    params = parsed;
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new CliError(`--param '${pair}': expected name=value`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

const when = (iso: string | null) => (iso === null ? '–' : iso.replace('T', ' ').replace(/:\d\dZ$/, ' UTC'));

function jobLines(jobs: readonly JobView[]): string[] {
  if (jobs.length === 0) return ['no jobs (servicemeter jobs add … adds one)'];
  return jobs.flatMap((job) => {
    const schedule = job.schedule === null ? 'on demand' : `${job.schedule} (${job.timezone})`;
    const state = job.runningSince
      ? `running since ${when(job.runningSince)}`
      : job.paused
        ? 'paused'
        : `next ${when(job.nextRunAt)}`;
    const last =
      job.lastOutcome === null
        ? 'never ran'
        : `last ${job.lastOutcome} ${when(job.lastFinishedAt)}${job.attempts > 0 ? `, ${job.attempts} failure${job.attempts === 1 ? '' : 's'} in a row` : ''}`;
    const lines = [
      `${job.id}  ${job.name}  [${job.kind}]  ${schedule}  ${state}  ${last}`,
      `    ${job.description}`,
    ];
    if (job.lastError !== null && job.lastOutcome !== 'ok')
      lines.push(`    error ${when(job.lastErrorAt)}: ${job.lastError}`);
    return lines;
  });
}

export function jobsCommand(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('Jobs the server runs on a schedule or on demand: syncs, rebuilds')
    .addHelpText(
      'after',
      `
A running server (servicemeter serve) runs the jobs of its database, one at a time, each on its
cron schedule in its time zone; a failure is retried after 1 min, 2, 4, … up to 1 h, never later
than the next scheduled run. While a server holds the database, manage jobs on its Jobs page.

Kinds: ${[...JOB_KINDS.keys()].join(', ')}.

Examples:
  servicemeter jobs add sync-zendesk --schedule "*/15 * * * *" --param subdomain=acme \\
    --param email=lead@acme.com --param tokenEnv=ZENDESK_API_TOKEN
  servicemeter jobs add rebuild --name nightly-rebuild --schedule "30 2 * * *" --timezone Europe/Amsterdam
  servicemeter jobs list
  servicemeter jobs run nightly-rebuild`,
    );

  jobs
    .command('list')
    .description('The jobs with their schedule, next run, last outcome and error')
    .option('--format <format>', 'text or json', 'text')
    .addOption(dbOption())
    .action(async (options: { format: string; db: string }) => {
      if (options.format !== 'text' && options.format !== 'json')
        throw new CliError(`--format: '${options.format}' is not text or json`);
      await withDatabase(options.db, async (db) => {
        const list = await listJobs(db, JOB_KINDS);
        out(options.format === 'json' ? JSON.stringify(list, null, 2) : jobLines(list).join('\n'));
      });
    });

  jobs
    .command('add')
    .description('Add a job')
    .argument('<kind>', `the kind of job: ${[...JOB_KINDS.keys()].join(', ')}`)
    .option('--name <name>', 'a name to find it by (default: the kind)')
    .option('--schedule <cron>', 'five-field cron schedule, such as "0 2 * * *" (default: only on demand)')
    .option(
      '--timezone <zone>',
      "IANA time zone of the schedule (default: the team's, of the default calendar)",
    )
    .option(
      '--param <name=value>',
      'a parameter of the kind (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--params <json>', 'the parameters as a JSON object')
    .option('--paused', 'add it paused')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
sync-zendesk: subdomain, email, tokenEnv (the environment variable of the server holding the API
token, default ZENDESK_API_TOKEN; only ZENDESK_… or SERVICEMETER_ZENDESK_… names; the token itself is
never stored), start (YYYY-MM-DD, first sync only), baseUrl (a proxy or test server, followed only
by servicemeter jobs run; a server always pulls https://<subdomain>.zendesk.com). rebuild: none.`,
    )
    .action(
      async (
        kind: string,
        options: {
          name?: string;
          schedule?: string;
          timezone?: string;
          param: string[];
          params?: string;
          paused?: boolean;
          db: string;
        },
      ) => {
        const params = parseParams(options.param, options.params);
        await withNewOrExistingDatabase(options.db, async (db) => {
          const job = orFail(
            await createJob(db, JOB_KINDS, {
              kind,
              name: options.name,
              params,
              schedule: options.schedule ?? null,
              timezone: options.timezone,
              paused: options.paused === true,
            }),
          );
          const schedule = job.schedule === null ? 'on demand' : `${job.schedule} (${job.timezone})`;
          out(
            `added job ${job.id} (${job.name}): ${job.description}; ${schedule}${job.nextRunAt ? `, next run ${when(job.nextRunAt)}` : ''}${job.paused ? ', paused' : ''}`,
          );
        });
      },
    );

  const change = (name: string, description: string, changes: { paused: boolean }) =>
    jobs
      .command(name)
      .description(description)
      .argument('<job>', 'its id or name')
      .addOption(dbOption())
      .action(async (idOrName: string, options: { db: string }) => {
        await withDatabase(options.db, async (db) => {
          const job = await findJob(db, idOrName);
          const changed = orFail(await updateJob(db, JOB_KINDS, job.id, changes));
          out(
            `${changed.paused ? 'paused' : 'resumed'} job ${changed.id} (${changed.name})${changed.nextRunAt ? `; next run ${when(changed.nextRunAt)}` : ''}`,
          );
        });
      });
  change('pause', 'Stop running a job on its schedule (it can still be run by hand)', { paused: true });
  change('resume', 'Run a paused job on its schedule again', { paused: false });

  jobs
    .command('run')
    .description('Run a job now, in this process, and wait for it to end')
    .argument('<job>', 'its id or name')
    .addOption(dbOption())
    .action(async (idOrName: string, options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        const job = await findJob(db, idOrName);
        const finished = await runHere(db, job);
        clearProgress();
        if (!finished) throw new CliError(`job ${job.id} could not be started`);
        if (finished.outcome !== 'ok')
          throw new CliError(`job ${job.id} (${job.name}) ${finished.outcome}: ${finished.error ?? ''}`);
        out(`job ${job.id} (${job.name}) ok${finished.detail ? `: ${JSON.stringify(finished.detail)}` : ''}`);
      });
    });

  jobs
    .command('remove')
    .description('Remove a job and its history')
    .argument('<job>', 'its id or name')
    .addOption(dbOption())
    .action(async (idOrName: string, options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        const job = await findJob(db, idOrName);
        const removed = orFail(await removeJob(db, JOB_KINDS, job.id));
        out(`removed job ${removed.id} (${removed.name})`);
      });
    });
}

/**
 * Runs the job in this process as the server would: nothing else holds the file, so a run left
 * claimed is one cut off earlier and is recorded interrupted first. Ctrl+C stops the run; it is
 * recorded interrupted and resumes from its cursor next time.
 */
async function runHere(db: Engine, job: JobView) {
  const shared = serializeEngine(db);
  await recoverInterruptedRuns(shared, JOB_KINDS, new Date());
  const runner = createJobRunner({
    engine: shared,
    duckdb: duckDbOf(db),
    kinds: JOB_KINDS,
    // Whoever runs this has the file and the environment: the address is theirs to choose.
    allowBaseUrl: true,
    log: (entry) => {
      if (entry.event === 'progress' && process.stderr.isTTY)
        process.stderr.write(`\r\x1b[2K${job.name}: ${entry.message}`);
    },
  });
  const stop = () => void runner.stop();
  process.once('SIGINT', stop);
  try {
    return await runner.runOne(job.id);
  } finally {
    process.off('SIGINT', stop);
  }
}
