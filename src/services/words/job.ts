/**
 * The one job that reads new texts, every ten minutes in the team's time zone: made when the
 * settings are saved, or when a server starts on a database whose own surveys collect comments
 * (answers stored by the server are not imported, so no import reads them); left alone after (the
 * jobs page pauses or reschedules it). Imported texts are read by the import itself.
 */
import type { Engine } from '../../core/engine.js';
import { eraseParams, jobKinds } from '../jobs/kind.js';
import { wordsAnalysisJob } from '../jobs/kinds/words-analysis.js';
import { createJob, describeJobError } from '../jobs/store.js';

export const WORDS_JOB_KIND = 'words-analysis';
export const WORDS_JOB_SCHEDULE = '*/10 * * * *';
export const WORDS_JOB_NAME = 'Customers’ words';

/** Creates the analysis job when there is none; answers whether it did (a runner then needs a wake-up). */
export async function ensureWordsJob(engine: Engine, now = new Date()): Promise<boolean> {
  const existing = await engine.all(`SELECT id FROM jobs WHERE kind = ${engine.dialect.placeholder(1)}`, [
    WORDS_JOB_KIND,
  ]);
  if (existing.length > 0) return false;
  const created = await createJob(
    engine,
    jobKinds([eraseParams(wordsAnalysisJob)]),
    { kind: WORDS_JOB_KIND, name: WORDS_JOB_NAME, params: {}, schedule: WORDS_JOB_SCHEDULE },
    now,
  );
  if (!created.ok)
    throw new Error(`the job "${WORDS_JOB_NAME}" could not be made: ${describeJobError(created.error)}`);
  return true;
}

/** The analysis job, made at a server's start when the team runs its own surveys or has set up the analysis. */
export async function ensureWordsJobWhenUsed(engine: Engine, now = new Date()): Promise<boolean> {
  const [used] = await engine.all(
    `SELECT (SELECT count(*) FROM surveys) + (SELECT count(*) FROM words_settings) AS n`,
  );
  return Number(used?.n ?? 0) > 0 ? ensureWordsJob(engine, now) : false;
}
