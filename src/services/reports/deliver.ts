/**
 * Sends the scheduled reports that are due, each recipient's sending in their own time zone, and
 * never the same period twice to the same recipient: a delivery row is claimed (and committed)
 * before its mail goes out, and the claim decides what the next sweep does.
 *
 * A claim left `sending` by a run cut off between the hand-over to the mail server and the row's
 * update cannot tell whether the mail went out. After CLAIM_STALE_MS it is sent again with the same
 * Message-ID: a mail lost is worse than one twice, and mail clients fold two messages with one
 * Message-ID into one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { lastSending } from '../../core/reports/period.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { MailMessage, OutgoingMail, SendOutcome } from '../mail/mailer.js';
import { getUser, type UserView } from '../users.js';
import { composeReport } from './compose.js';
import type {
  RenderedReport,
  ReportAudience,
  ReportDefinition,
  ReportPeriod,
  ReportRecipient,
  ReportsProblem,
} from './contract.js';
import { renderReport } from './render.js';
import { allReports, findReportByName, getReport, teamTimeZone } from './reports.js';

/** A claim older than this belongs to a run that was cut off: see the top of this file. */
export const CLAIM_STALE_MS = 10 * 60_000;

export type DeliveryStatus = 'sending' | 'sent' | 'failed';

export interface DeliveryView {
  recipient: string;
  period: string;
  status: DeliveryStatus;
  messageId: string | null;
  claimedAt: string | null;
  sentAt: string | null;
  error: string | null;
}

export interface DeliveryTally {
  sent: number;
  failed: number;
  /** Passing troubles of the mail server: tried again on the next sweep. */
  deferred: number;
  /** Claims of a run cut off, sent again with their Message-ID. */
  resent: number;
}

const recipientKey = (recipient: Pick<ReportRecipient, 'email'>) => recipient.email.trim().toLowerCase();

/** The same for every try of one report, recipient and period; it says nothing of the address. */
export function deliveryMessageId(reportId: string, periodKey: string, recipient: string): string {
  const hash = createHash('sha256').update(recipient).digest('hex').slice(0, 16);
  return `${reportId}.${periodKey}.${hash}@servicemeter`;
}

function deliveryOf(row: Row): DeliveryView {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    recipient: String(row.recipient),
    period: String(row.period),
    status: String(row.status) as DeliveryStatus,
    messageId: text(row.message_id),
    claimedAt: isoInstant(row.claimed_at),
    sentAt: isoInstant(row.sent_at),
    error: text(row.error),
  };
}

/** The scheduled deliveries of a report, newest period first. */
export async function listDeliveries(engine: Engine, reportId: string, limit = 500): Promise<DeliveryView[]> {
  const rows = await engine.all(
    `SELECT * FROM report_deliveries WHERE report_id = ${engine.dialect.placeholder(1)}
     ORDER BY claimed_at DESC, recipient LIMIT ${Math.max(1, Math.floor(limit))}`,
    [reportId],
  );
  return rows.map(deliveryOf);
}

/**
 * What a recipient may see: a user their role (their agent for an agent), an outside address what
 * a viewer sees. A user removed or disabled gets nothing.
 */
export async function audienceOf(engine: Engine, recipient: ReportRecipient): Promise<ReportAudience | null> {
  if (recipient.userId === null) return { role: 'viewer', userId: null, agentId: null };
  const user = await getUser(engine, recipient.userId);
  if (!user || user.disabled) return null;
  return { role: user.role, userId: user.id, agentId: user.agentId };
}

const problemText = (problem: ReportsProblem): string => {
  switch (problem.kind) {
    case 'invalid':
      return problem.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    case 'not_found':
      return `${problem.what} not found`;
    default:
      return problem.reason;
  }
};

async function rendered(
  engine: Engine,
  report: ReportDefinition,
  recipient: ReportRecipient,
  audience: ReportAudience,
  period: ReportPeriod,
  publicUrl: string | null,
  attach: { attachPdf: boolean; attachCsv: boolean },
): Promise<Result<RenderedReport, string>> {
  const content = await composeReport(engine, { report, recipient, audience, period, publicUrl });
  if (!content.ok) return err(problemText(content.error));
  return ok(await renderReport(content.data, attach));
}

/** The mail of a rendered report; its charts travel as inline images (`cid`). */
function messageOf(mail: OutgoingMail, to: string, report: RenderedReport, messageId: string): MailMessage {
  return {
    from: mail.from,
    to,
    subject: report.subject,
    html: report.html,
    text: report.text,
    attachments: report.attachments,
    messageId,
  };
}

/** Waits for the mail server, or for the run to be stopped: the claim then stays for the next sweep. */
function sendUnlessStopped(
  mail: OutgoingMail,
  message: MailMessage,
  signal: AbortSignal | undefined,
): Promise<SendOutcome | 'stopped'> {
  const sending = mail.mailer.send(message);
  if (!signal) return sending;
  if (signal.aborted) return Promise.resolve('stopped');
  return new Promise((resolve, reject) => {
    const stop = () => resolve('stopped');
    signal.addEventListener('abort', stop, { once: true });
    sending.then(
      (outcome) => {
        signal.removeEventListener('abort', stop);
        resolve(outcome);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}

type Claim = { messageId: string; resent: boolean } | null;

/**
 * Takes the delivery of one report, recipient and period for this run, or answers null when it is
 * sent, failed, or being sent by a run that is not known to be cut off.
 */
async function claim(
  engine: Engine,
  reportId: string,
  key: string,
  period: string,
  at: Date,
): Promise<Claim> {
  const p = engine.dialect.placeholder;
  return engine.transaction(async () => {
    const rows = await engine.all(
      `SELECT status, claimed_at, message_id FROM report_deliveries WHERE report_id = ${p(1)} AND recipient = ${p(2)} AND period = ${p(3)}`,
      [reportId, key, period],
    );
    const row = rows[0];
    if (!row) {
      const messageId = deliveryMessageId(reportId, period, key);
      await engine.run(
        `INSERT INTO report_deliveries (report_id, recipient, period, message_id, status, claimed_at, sent_at, error)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'sending', CAST(${p(5)} AS TIMESTAMP), NULL, NULL)`,
        [reportId, key, period, messageId, sqlInstant(at)],
      );
      return { messageId, resent: false };
    }
    if (String(row.status) !== 'sending') return null;
    const claimedAt = Date.parse(isoInstant(row.claimed_at) ?? '');
    if (Number.isFinite(claimedAt) && at.getTime() - claimedAt < CLAIM_STALE_MS) return null;
    await engine.run(
      `UPDATE report_deliveries SET claimed_at = CAST(${p(1)} AS TIMESTAMP) WHERE report_id = ${p(2)} AND recipient = ${p(3)} AND period = ${p(4)}`,
      [sqlInstant(at), reportId, key, period],
    );
    return { messageId: String(row.message_id ?? deliveryMessageId(reportId, period, key)), resent: true };
  });
}

async function settle(
  engine: Engine,
  reportId: string,
  key: string,
  period: string,
  outcome: { status: 'sent'; at: Date } | { status: 'failed'; error: string } | { status: 'released' },
): Promise<void> {
  const p = engine.dialect.placeholder;
  const where = `report_id = ${p(1)} AND recipient = ${p(2)} AND period = ${p(3)}`;
  const keyParams = [reportId, key, period];
  if (outcome.status === 'released')
    await engine.run(`DELETE FROM report_deliveries WHERE ${where}`, keyParams);
  else if (outcome.status === 'sent')
    await engine.run(
      `UPDATE report_deliveries SET status = 'sent', sent_at = CAST(${p(4)} AS TIMESTAMP), error = NULL WHERE ${where}`,
      [...keyParams, sqlInstant(outcome.at)],
    );
  else
    await engine.run(`UPDATE report_deliveries SET status = 'failed', error = ${p(4)} WHERE ${where}`, [
      ...keyParams,
      outcome.error.slice(0, 2000),
    ]);
}

export interface DeliverOptions {
  /** Where the links in the mails point; default the mail setup's. */
  publicUrl?: string | null;
  /** One report, by id or name; default every report that is not paused. */
  onlyReport?: string;
  /** Stops the sweep between (and while waiting on) mails; claims in hand are left for the next. */
  signal?: AbortSignal;
}

/**
 * Sends every report's sending that is due at `at` for each of its recipients and has not gone out:
 * the last scheduled sending in the recipient's time zone, if it came after the report was made.
 */
export async function deliverDueReports(
  engine: Engine,
  mail: OutgoingMail,
  at: Date,
  options: DeliverOptions = {},
): Promise<DeliveryTally> {
  const tally: DeliveryTally = { sent: 0, failed: 0, deferred: 0, resent: 0 };
  const publicUrl = options.publicUrl === undefined ? mail.publicUrl : options.publicUrl;
  let reports = (await allReports(engine)).filter((r) => !r.paused);
  if (options.onlyReport !== undefined) {
    const only = options.onlyReport.toLowerCase();
    reports = reports.filter((r) => r.id === options.onlyReport || r.name.toLowerCase() === only);
  }
  for (const report of reports) {
    const createdAt = Date.parse(report.createdAt);
    for (const recipient of report.recipients) {
      if (options.signal?.aborted) return tally;
      const { sendAt, period } = lastSending(report, recipient.timezone, at);
      if (sendAt.getTime() <= createdAt) continue;
      const key = recipientKey(recipient);
      const claimed = await claim(engine, report.id, key, period.key, at);
      if (claimed === null) continue;
      const audience = await audienceOf(engine, recipient);
      if (audience === null) {
        await settle(engine, report.id, key, period.key, { status: 'failed', error: 'user removed' });
        tally.failed++;
        continue;
      }
      let mailed: Result<RenderedReport, string>;
      try {
        mailed = await rendered(engine, report, recipient, audience, period, publicUrl, report);
      } catch (error) {
        mailed = err(error instanceof Error ? error.message : String(error));
      }
      if (!mailed.ok) {
        await settle(engine, report.id, key, period.key, { status: 'failed', error: mailed.error });
        tally.failed++;
        continue;
      }
      const outcome = await sendUnlessStopped(
        mail,
        messageOf(mail, recipient.email, mailed.data, claimed.messageId),
        options.signal,
      );
      if (outcome === 'stopped') return tally;
      if (outcome.status === 'accepted') {
        await settle(engine, report.id, key, period.key, { status: 'sent', at: new Date() });
        tally.sent++;
        if (claimed.resent) tally.resent++;
      } else if (outcome.status === 'refused') {
        await settle(engine, report.id, key, period.key, { status: 'failed', error: outcome.response });
        tally.failed++;
      } else {
        await settle(engine, report.id, key, period.key, { status: 'released' });
        tally.deferred++;
      }
    }
  }
  return tally;
}

// ─── sending on demand ──────────────────────────────────────────────────────

export interface SendNowOptions {
  /** Only to this address instead of the recipients: as that recipient if it is one, else as an outside address. */
  to?: string | null;
  /** The moment to report as of: the period is the last whole one before it. */
  at: Date;
  /** Needed unless dryRun. */
  mail?: OutgoingMail | null;
  /** Render without mailing. */
  dryRun?: boolean;
  /** A dry run seen as this user (their role, language), e.g. a preview in the dashboard. */
  as?: Pick<UserView, 'id' | 'role' | 'agentId' | 'locale' | 'email'> | null;
  publicUrl?: string | null;
}

export interface SentNow {
  email: string;
  messageId: string | null;
  status: 'sent' | 'failed' | 'skipped';
  error: string | null;
  /** The rendered report (a dry run, and every sending): its subject, HTML and attachments. */
  report: RenderedReport | null;
  period: ReportPeriod;
}

/** The recipients of a sending on demand, with what each may see. */
async function recipientsNow(
  engine: Engine,
  report: ReportDefinition,
  options: SendNowOptions,
): Promise<{ recipient: ReportRecipient; audience: ReportAudience | null }[]> {
  if (options.as) {
    const listed = report.recipients.find((r) => r.userId === options.as?.id);
    const timezone = listed?.timezone ?? report.recipients[0]?.timezone ?? (await teamTimeZone(engine));
    return [
      {
        recipient: { userId: options.as.id, email: options.as.email, locale: options.as.locale, timezone },
        audience: { role: options.as.role, userId: options.as.id, agentId: options.as.agentId },
      },
    ];
  }
  const chosen = options.to
    ? [
        report.recipients.find((r) => recipientKey(r) === options.to?.trim().toLowerCase()) ?? {
          userId: null,
          email: options.to.trim().toLowerCase(),
          locale: 'en' as const,
          timezone: report.recipients[0]?.timezone ?? (await teamTimeZone(engine)),
        },
      ]
    : options.dryRun
      ? report.recipients.slice(0, 1)
      : report.recipients;
  return Promise.all(
    chosen.map(async (recipient) => ({ recipient, audience: await audienceOf(engine, recipient) })),
  );
}

/**
 * Sends a report now for the last whole period before `at` (the CLI's and the API's "send"). It is
 * not the scheduled delivery of that period: the schedule still sends it, and it gets a Message-ID
 * of its own.
 */
export async function sendReportNow(
  engine: Engine,
  report: ReportDefinition,
  options: SendNowOptions,
): Promise<Result<SentNow[], ReportsProblem>> {
  const mail = options.mail ?? null;
  if (!options.dryRun && mail === null)
    return err({ kind: 'no_mail', reason: 'no mail server is set (--smtp or SERVICEMETER_SMTP_URL)' });
  const publicUrl = options.publicUrl === undefined ? (mail?.publicUrl ?? null) : options.publicUrl;
  const out: SentNow[] = [];
  for (const { recipient, audience } of await recipientsNow(engine, report, options)) {
    const { period } = lastSending(report, recipient.timezone, options.at);
    const base = { email: recipient.email, period, report: null, messageId: null };
    if (audience === null) {
      out.push({ ...base, status: 'skipped', error: 'user removed' });
      continue;
    }
    const attach = options.dryRun ? { attachPdf: true, attachCsv: report.attachCsv } : report;
    const made = await rendered(engine, report, recipient, audience, period, publicUrl, attach);
    if (!made.ok) {
      if (options.dryRun) return err({ kind: 'conflict', reason: made.error });
      out.push({ ...base, status: 'failed', error: made.error });
      continue;
    }
    if (options.dryRun || mail === null) {
      out.push({ ...base, status: 'skipped', error: null, report: made.data });
      continue;
    }
    const messageId = `${report.id}.now.${randomBytes(6).toString('hex')}@servicemeter`;
    const outcome = await mail.mailer.send(messageOf(mail, recipient.email, made.data, messageId));
    out.push({
      ...base,
      report: made.data,
      messageId,
      status: outcome.status === 'accepted' ? 'sent' : 'failed',
      error: outcome.status === 'accepted' ? null : outcome.response,
    });
  }
  return ok(out);
}

/** A report by id or by name, for the CLI and the job's parameter. */
export async function reportByIdOrName(engine: Engine, idOrName: string): Promise<ReportDefinition | null> {
  return (await getReport(engine, idOrName)) ?? (await findReportByName(engine, idOrName));
}
