import { listQualityNotices } from '../../services/data-quality.js';
import { type RepairReport, repairDatabase } from '../../services/repair.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import * as r from './routes.js';

/** A repair report for the API: the rebuild reduced to what it counted. */
function repairResponse(report: RepairReport) {
  const { facts, ...rest } = report;
  return { ...rest, rebuilt: facts ? { contacts: facts.contacts, surveys: facts.surveys } : null };
}

export function dataRouter(ctx: ServerContext) {
  const { engine, kpiResults, audit } = ctx;
  return featureRouter()
    .openapi(r.getDataQuality, async (c) => c.json({ notices: await listQualityNotices(engine) }, 200))

    .openapi(r.getRepair, async (c) =>
      c.json(repairResponse(await repairDatabase(engine, { dryRun: true })), 200),
    )

    .openapi(r.repair, async (c) => {
      // Its rebuild waits for one an import runs on its own connection: both delete facts.
      const report = await engine.rebuilding(() => repairDatabase(engine, { dryRun: false }));
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'data.repair', {
        detail: { rows: report.rows, findings: report.findings.map(({ examples: _, ...f }) => f) },
      });
      return c.json(repairResponse(report), 200);
    });
}
