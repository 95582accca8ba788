import type { Context } from 'hono';
import { ensureReportJob } from '../../services/jobs/kinds/report-deliveries.js';
import type { ReportsProblem } from '../../services/reports/contract.js';
import { listDeliveries, sendReportNow } from '../../services/reports/deliver.js';
import {
  createReport,
  deleteReport,
  listReports,
  type ReportsUser,
  readReport,
  seesEveryReport,
  updateReport,
} from '../../services/reports/reports.js';
import type { UserView } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { featureProblem, problem } from '../problem.js';
import * as r from './routes.js';

export function reportsProblem(c: Context, error: ReportsProblem) {
  if (error.kind === 'no_mail') return problem(c, 409, `no mail server: ${error.reason}`);
  return featureProblem(c, error);
}

const actorOf = (user: UserView): ReportsUser => ({
  id: user.id,
  role: user.role,
  email: user.email,
  agentId: user.agentId,
});

export function reportsRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;

  return featureRouter()
    .openapi(r.listReports, async (c) => {
      const reports = await listReports(engine, signedIn(c).user);
      return c.json({ reports }, 200);
    })

    .openapi(r.createReport, async (c) => {
      const user = signedIn(c).user;
      const created = await createReport(engine, actorOf(user), c.req.valid('json'), now());
      if (!created.ok) return reportsProblem(c, created.error);
      // The first report brings the job that sends them.
      if (await ensureReportJob(engine, now())) void ctx.deps.jobs?.wake();
      await audit(c, user, 'report.create', { target: created.data.id, detail: { name: created.data.name } });
      return c.json(created.data, 201);
    })

    .openapi(r.getReport, async (c) => {
      const found = await readReport(engine, signedIn(c).user, c.req.valid('param').id);
      if (!found.ok) return reportsProblem(c, found.error);
      return c.json(found.data, 200);
    })

    .openapi(r.updateReport, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const updated = await updateReport(engine, actorOf(user), id, body, now());
      if (!updated.ok) return reportsProblem(c, updated.error);
      await audit(c, user, 'report.update', { target: id, detail: { changed: Object.keys(body) } });
      return c.json(updated.data, 200);
    })

    .openapi(r.deleteReport, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const removed = await deleteReport(engine, user, id);
      if (!removed.ok) return reportsProblem(c, removed.error);
      await audit(c, user, 'report.delete', { target: id, detail: { name: removed.data.name } });
      return c.json({ id, removed: true as const }, 200);
    })

    .openapi(r.sendReport, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const { to, dryRun } = c.req.valid('json');
      const found = await readReport(engine, user, id);
      if (!found.ok) return reportsProblem(c, found.error);
      const report = found.data;
      if (dryRun) {
        // A preview shows what the caller may see, whoever the recipients are.
        const made = await sendReportNow(engine, report, {
          at: now(),
          dryRun: true,
          as: user,
          publicUrl: ctx.deps.publicUrl ?? null,
        });
        if (!made.ok) return reportsProblem(c, made.error);
        const pdf = made.data[0]?.report?.attachments.find((a) => a.contentType === 'application/pdf');
        if (!pdf) return problem(c, 409, 'the report has no PDF to show');
        return c.body(new Uint8Array(pdf.content), 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="${pdf.filename.replace(/["\\\r\n]/g, '')}"`,
        });
      }
      if (to !== undefined && !seesEveryReport(user.role) && to !== user.email.toLowerCase())
        return problem(c, 403, 'only admins and managers send reports to other addresses');
      const mail = ctx.deps.mail ?? null;
      const sent = await sendReportNow(engine, report, { at: now(), mail, to: to ?? null });
      if (!sent.ok) return reportsProblem(c, sent.error);
      await audit(c, user, 'report.send', {
        target: id,
        detail: {
          to: sent.data.map((s) => s.email),
          sent: sent.data.filter((s) => s.status === 'sent').length,
        },
      });
      return c.json(
        {
          sent: sent.data.map(({ email, messageId, status, error }) => ({ email, messageId, status, error })),
        },
        200,
      );
    })

    .openapi(r.listReportDeliveries, async (c) => {
      const { id } = c.req.valid('param');
      const found = await readReport(engine, signedIn(c).user, id);
      if (!found.ok) return reportsProblem(c, found.error);
      return c.json({ deliveries: await listDeliveries(engine, id) }, 200);
    });
}
