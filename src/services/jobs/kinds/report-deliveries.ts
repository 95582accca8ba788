import type { Engine } from '../../../core/engine.js';
import { err, ok } from '../../../core/result.js';
import { deliverDueReports } from '../../reports/deliver.js';
import { eraseParams, isJsonObject, type JobKind, jobKinds } from '../kind.js';
import { createJob } from '../store.js';

/**
 * Sends the scheduled reports that are due (services/reports/deliver.ts), each recipient's sending
 * in their own time zone. Meant to run every few minutes: a run sends only what no earlier run
 * sent, so the schedule decides when a report goes out, not how often this runs.
 */
export const reportDeliveriesJob: JobKind<Record<string, never>> = {
  kind: 'report-deliveries',
  fields: [],
  describe: () => 'Send the scheduled reports that are due',
  validate(params) {
    if (params !== undefined && params !== null && !isJsonObject(params))
      return err([{ field: '(params)', reason: 'takes no parameters' }]);
    const fields = isJsonObject(params) ? Object.keys(params) : [];
    if (fields.length > 0)
      return err(
        fields.map((field) => ({ field, reason: 'is not a parameter of this job (it takes none)' })),
      );
    return ok({});
  },
  async run({ engine, mail, now, signal, progress }) {
    if (!mail)
      return err({
        message:
          'no mail server is set: start the server with --smtp <url> --mail-from <address> to send reports',
      });
    progress({ message: 'sending the scheduled reports that are due' });
    const tally = await deliverDueReports(engine, mail, now(), { signal });
    return ok({ ...tally });
  },
};

export const REPORT_JOB_NAME = 'Scheduled reports';

/**
 * Makes sure a job sends the reports: created, every five minutes in UTC, with the first report.
 * Answers whether it created one (the server's runner then needs a wake-up).
 */
export async function ensureReportJob(engine: Engine, now: Date): Promise<boolean> {
  const kinds = jobKinds([eraseParams(reportDeliveriesJob)]);
  const existing = await engine.all(`SELECT id FROM jobs WHERE kind = ${engine.dialect.placeholder(1)}`, [
    reportDeliveriesJob.kind,
  ]);
  if (existing.length > 0) return false;
  const created = await createJob(
    engine,
    kinds,
    {
      kind: reportDeliveriesJob.kind,
      name: REPORT_JOB_NAME,
      params: {},
      schedule: '*/5 * * * *',
      timezone: 'UTC',
    },
    now,
  );
  if (!created.ok)
    throw new Error(`could not create the job "${REPORT_JOB_NAME}": ${JSON.stringify(created.error)}`);
  return true;
}
