/**
 * A server's job runner in a process of its own, for the test that kills it: it runs one job of a
 * kind that does numbered steps, each step written with the cursor that says it is done, and prints
 * a line per step. Run from the built code (`npm run build:server`).
 *
 *   node test/jobs/steps-child.mjs <database file> <steps>
 */
import { openDuckDb } from '../../dist/src/engines/duckdb/engine.js';
import { serializeEngine } from '../../dist/src/server/serialized-engine.js';
import {
  createJob,
  createJobRunner,
  getJob,
  jobKinds,
  requestRun,
} from '../../dist/src/services/jobs/index.js';
import { migrate } from '../../dist/src/services/migrate.js';

const [path, stepsText] = process.argv.slice(2);
const steps = Number(stepsText);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const stepsKind = {
  kind: 'steps',
  fields: [{ name: 'steps', required: true }],
  describe: (params) => `${params.steps} steps`,
  validate: (params) => ({ ok: true, data: params }),
  async run({ engine, params, cursor, saveCursor, signal }) {
    const from = cursor?.done ?? 0;
    process.stdout.write(`resumed from ${from}\n`);
    for (let step = from + 1; step <= params.steps; step++) {
      if (signal.aborted) break;
      // The step and the cursor saying it is done commit together.
      await engine.transaction(async () => {
        await engine.run('INSERT INTO job_steps (step) VALUES ($1)', [step]);
        await saveCursor({ done: step });
      });
      process.stdout.write(`step ${step}\n`);
      await pause(40);
    }
    return { ok: true, data: { steps: params.steps } };
  },
};

const raw = await openDuckDb({ path });
await migrate(raw);
await raw.run('CREATE TABLE IF NOT EXISTS job_steps (step BIGINT)');
const engine = serializeEngine(raw, [await raw.openReader()]);
const kinds = jobKinds([stepsKind]);
const found = await engine.all("SELECT id FROM jobs WHERE kind = 'steps'");
let id = found[0]?.id;
if (id === undefined) {
  const created = await createJob(engine, kinds, { kind: 'steps', params: { steps }, timezone: 'UTC' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  id = created.data.id;
  await requestRun(engine, kinds, id);
}
const runner = createJobRunner({ engine, duckdb: raw, kinds });
await runner.start();
await runner.idle();
const job = await getJob(engine, kinds, id);
process.stdout.write(`finished ${job?.lastOutcome}\n`);
await runner.stop();
await engine.close();
