/**
 * Scheduled reports: what is sent (a saved view or a dashboard), how often and when, and to whom,
 * each recipient in their own language and time zone. Admins and managers schedule reports to
 * anyone; the other roles only to themselves, since a report carries what its recipient may see and
 * an address outside the product sees only what a viewer would.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isTimeZone } from '../../core/time-zone.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { getUser, LOCALES, type Locale, type Role } from '../users.js';
import { getDashboard } from '../views/dashboards.js';
import { canRead, getSavedView } from '../views/views.js';
import {
  REPORT_FREQUENCIES,
  type ReportDefinition,
  type ReportFrequency,
  type ReportRecipient,
  type ReportsProblem,
} from './contract.js';

/** The zone of the default opening hours: a recipient without a zone of their own reads it. */
export async function teamTimeZone(engine: Engine): Promise<string> {
  const rows = await engine.all('SELECT min(timezone) AS zone FROM calendars WHERE is_default');
  const zone = rows[0]?.zone;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

/** Who asks: the owner of a new report, or who reads or changes one. */
export interface ReportsUser {
  id: string;
  role: Role;
  email: string;
  agentId?: string | null;
}

export interface ReportView extends ReportDefinition {
  /** The last scheduled sending that went out to any recipient, or null. */
  lastSentAt: string | null;
}

type Issue = { path: string; message: string };

export const RECIPIENTS_MAX = 50;
const NAME_MAX = 100;
const SEND_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The syntax a mail server accepts in practice: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Admins and managers see and change every report; the others their own. */
export const seesEveryReport = (role: Role) => role === 'admin' || role === 'manager';

export function mayRead(user: Pick<ReportsUser, 'id' | 'role'>, report: Pick<ReportDefinition, 'ownerId'>) {
  return seesEveryReport(user.role) || report.ownerId === user.id;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isEmailAddress = (value: string) => value.length <= 254 && EMAIL.test(value);

// ─── reading ────────────────────────────────────────────────────────────────

function fromRows(row: Row, recipients: Row[], lastSentAt: unknown): ReportView {
  const viewId = row.view_id === null || row.view_id === undefined ? null : String(row.view_id);
  return {
    id: String(row.id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    source: viewId ? { kind: 'view', id: viewId } : { kind: 'dashboard', id: String(row.dashboard_id) },
    frequency: String(row.frequency) as ReportFrequency,
    sendTime: String(row.send_time),
    weekday: row.weekday === null || row.weekday === undefined ? null : Number(row.weekday),
    monthDay: row.month_day === null || row.month_day === undefined ? null : Number(row.month_day),
    attachPdf: row.attach_pdf === true || row.attach_pdf === 1,
    attachCsv: row.attach_csv === true || row.attach_csv === 1,
    paused: row.paused === true || row.paused === 1,
    recipients: recipients.map((r) => ({
      userId: r.user_id === null || r.user_id === undefined ? null : String(r.user_id),
      email: String(r.email),
      locale: String(r.locale) as Locale,
      timezone: String(r.timezone),
    })),
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
    lastSentAt: isoInstant(lastSentAt),
  };
}

async function reportsWhere(engine: Engine, where: string, params: unknown[]): Promise<ReportView[]> {
  const rows = await engine.all(`SELECT * FROM reports ${where} ORDER BY lower(name), id`, params);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const p = engine.dialect.placeholder;
  const marks = ids.map((_, i) => p(i + 1)).join(', ');
  const recipients = await engine.all(
    `SELECT * FROM report_recipients WHERE report_id IN (${marks}) ORDER BY report_id, position`,
    ids,
  );
  const sent = await engine.all(
    `SELECT report_id, max(sent_at) AS last FROM report_deliveries WHERE status = 'sent' AND report_id IN (${marks}) GROUP BY report_id`,
    ids,
  );
  const lastOf = new Map(sent.map((s) => [String(s.report_id), s.last]));
  return rows.map((row) =>
    fromRows(
      row,
      recipients.filter((r) => String(r.report_id) === String(row.id)),
      lastOf.get(String(row.id)) ?? null,
    ),
  );
}

/** Every report, by name, whoever asks: for the sending that runs without a reader. */
export async function allReports(engine: Engine): Promise<ReportView[]> {
  return reportsWhere(engine, '', []);
}

/** The report as stored, whoever asks. */
export async function getReport(engine: Engine, id: string): Promise<ReportView | null> {
  return (await reportsWhere(engine, `WHERE id = ${engine.dialect.placeholder(1)}`, [id]))[0] ?? null;
}

/** The report named so (names are unique whatever their case). */
export async function findReportByName(engine: Engine, name: string): Promise<ReportView | null> {
  return (
    (
      await reportsWhere(engine, `WHERE lower(name) = lower(${engine.dialect.placeholder(1)})`, [name.trim()])
    )[0] ?? null
  );
}

/** The reports a user may see: admins and managers every one, the others their own. */
export async function listReports(
  engine: Engine,
  user: Pick<ReportsUser, 'id' | 'role'>,
): Promise<ReportView[]> {
  if (seesEveryReport(user.role)) return allReports(engine);
  return reportsWhere(engine, `WHERE owner_id = ${engine.dialect.placeholder(1)}`, [user.id]);
}

/** A report the user may read; another user's report is answered as missing. */
export async function readReport(
  engine: Engine,
  user: Pick<ReportsUser, 'id' | 'role'>,
  id: string,
): Promise<Result<ReportView, ReportsProblem>> {
  const report = await getReport(engine, id);
  if (!report || !mayRead(user, report)) return err({ kind: 'not_found', what: `report ${id}` });
  return ok(report);
}

// ─── checking ───────────────────────────────────────────────────────────────

interface CheckedReport {
  name: string;
  source: ReportDefinition['source'];
  frequency: ReportFrequency;
  sendTime: string;
  weekday: number | null;
  monthDay: number | null;
  attachPdf: boolean;
  attachCsv: boolean;
  paused: boolean;
  recipients: ReportRecipient[];
}

function checkInteger(
  value: unknown,
  low: number,
  high: number,
  path: string,
  what: string,
  issues: Issue[],
) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
    issues.push({ path, message: `${what} ${low}–${high}` });
    return null;
  }
  return value;
}

function checkBoolean(value: unknown, fallback: boolean, path: string, issues: Issue[]): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    issues.push({ path, message: 'true or false' });
    return fallback;
  }
  return value;
}

async function checkSource(
  engine: Engine,
  value: unknown,
  owner: Pick<ReportsUser, 'id' | 'role'>,
  issues: Issue[],
): Promise<ReportDefinition['source'] | null> {
  if (!isRecord(value) || (value.kind !== 'view' && value.kind !== 'dashboard')) {
    issues.push({ path: 'source.kind', message: 'view or dashboard' });
    return null;
  }
  if (typeof value.id !== 'string' || value.id.trim() === '') {
    issues.push({ path: 'source.id', message: `the id of a saved ${value.kind}` });
    return null;
  }
  const id = value.id.trim();
  const found = value.kind === 'view' ? await getSavedView(engine, id) : await getDashboard(engine, id);
  if (!found || !canRead(owner, found)) {
    issues.push({
      path: 'source.id',
      message: `no ${value.kind === 'view' ? 'saved view' : 'dashboard'} ${id} the report's owner may read`,
    });
    return null;
  }
  return { kind: value.kind, id };
}

async function checkRecipients(
  engine: Engine,
  value: unknown,
  actor: ReportsUser,
  before: readonly ReportRecipient[],
  issues: Issue[],
): Promise<ReportRecipient[]> {
  if (!Array.isArray(value) || value.length < 1 || value.length > RECIPIENTS_MAX) {
    issues.push({ path: 'recipients', message: `a list of 1 to ${RECIPIENTS_MAX} recipients` });
    return [];
  }
  const zone = await teamTimeZone(engine);
  const out: ReportRecipient[] = [];
  const seen = new Set<string>();
  for (const [i, item] of value.entries()) {
    const at = `recipients.${i}`;
    if (!isRecord(item)) {
      issues.push({ path: at, message: 'an object with userId or email' });
      continue;
    }
    const userId = typeof item.userId === 'string' && item.userId.trim() !== '' ? item.userId.trim() : null;
    if (item.userId !== undefined && item.userId !== null && userId === null) {
      issues.push({ path: `${at}.userId`, message: 'a user id' });
      continue;
    }
    const user = userId === null ? null : await getUser(engine, userId);
    if (userId !== null && (user === null || user.disabled)) {
      issues.push({ path: `${at}.userId`, message: `no active user ${userId}` });
      continue;
    }
    let email: string;
    if (item.email === undefined || item.email === null || item.email === '') {
      if (user === null) {
        issues.push({ path: `${at}.email`, message: 'an e-mail address, or a userId' });
        continue;
      }
      email = user.email;
    } else if (typeof item.email !== 'string' || !isEmailAddress(item.email.trim().toLowerCase())) {
      issues.push({ path: `${at}.email`, message: `not an e-mail address: ${JSON.stringify(item.email)}` });
      continue;
    } else email = item.email.trim().toLowerCase();
    let locale: Locale = user?.locale ?? 'en';
    if (item.locale !== undefined && item.locale !== null) {
      if (typeof item.locale !== 'string' || !(LOCALES as readonly string[]).includes(item.locale)) {
        issues.push({ path: `${at}.locale`, message: `one of ${LOCALES.join(', ')}` });
        continue;
      }
      locale = item.locale as Locale;
    }
    let timezone = zone;
    if (item.timezone !== undefined && item.timezone !== null) {
      if (typeof item.timezone !== 'string' || !isTimeZone(item.timezone)) {
        issues.push({
          path: `${at}.timezone`,
          message: `not an IANA time zone: ${JSON.stringify(item.timezone)}`,
        });
        continue;
      }
      timezone = item.timezone;
    }
    if (seen.has(email)) {
      issues.push({ path: `${at}.email`, message: `${email} is already a recipient` });
      continue;
    }
    seen.add(email);
    // A recipient already on the report (added by an admin or manager) stays; new ones are checked.
    const kept = before.some((b) => b.email === email && b.userId === userId);
    if (!kept && !seesEveryReport(actor.role)) {
      if (userId === null) {
        issues.push({
          path: `${at}.email`,
          message: 'only admins and managers send reports to outside addresses',
        });
        continue;
      }
      if (userId !== actor.id || email !== actor.email.toLowerCase()) {
        issues.push({ path: at, message: 'you may schedule a report only to yourself' });
        continue;
      }
    }
    out.push({ userId, email, locale, timezone });
  }
  return out;
}

async function checkReport(
  engine: Engine,
  input: Record<string, unknown>,
  actor: ReportsUser,
  owner: Pick<ReportsUser, 'id' | 'role'>,
  before: readonly ReportRecipient[],
  exceptId: string | null,
): Promise<Result<CheckedReport, ReportsProblem>> {
  const issues: Issue[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > NAME_MAX)
    issues.push({ path: 'name', message: `1 to ${NAME_MAX} characters` });
  else {
    const other = await findReportByName(engine, name);
    if (other && other.id !== exceptId)
      issues.push({ path: 'name', message: `a report named ${JSON.stringify(other.name)} exists` });
  }
  const source = await checkSource(engine, input.source, owner, issues);
  const frequency = input.frequency as ReportFrequency;
  if (!REPORT_FREQUENCIES.includes(frequency))
    issues.push({ path: 'frequency', message: `one of ${REPORT_FREQUENCIES.join(', ')}` });
  const sendTime = typeof input.sendTime === 'string' ? input.sendTime.trim() : '';
  if (!SEND_TIME.test(sendTime))
    issues.push({ path: 'sendTime', message: 'a local time HH:MM, 00:00–23:59' });
  const weekday =
    frequency === 'weekly'
      ? checkInteger(
          input.weekday ?? 1,
          1,
          7,
          'weekday',
          'a weekly report needs a weekday, 1 (Monday) –',
          issues,
        )
      : null;
  const monthDay =
    frequency === 'monthly'
      ? checkInteger(
          input.monthDay ?? 1,
          1,
          28,
          'monthDay',
          'a monthly report needs a day of the month,',
          issues,
        )
      : null;
  const attachPdf = checkBoolean(input.attachPdf, true, 'attachPdf', issues);
  const attachCsv = checkBoolean(input.attachCsv, false, 'attachCsv', issues);
  const paused = checkBoolean(input.paused, false, 'paused', issues);
  const recipients = await checkRecipients(engine, input.recipients, actor, before, issues);
  if (issues.length > 0 || source === null) return err({ kind: 'invalid', issues });
  return ok({
    name,
    source,
    frequency,
    sendTime,
    weekday,
    monthDay,
    attachPdf,
    attachCsv,
    paused,
    recipients,
  });
}

// ─── changing ───────────────────────────────────────────────────────────────

async function writeRecipients(engine: Engine, id: string, recipients: readonly ReportRecipient[]) {
  await engine.run(`DELETE FROM report_recipients WHERE report_id = ${engine.dialect.placeholder(1)}`, [id]);
  await engine.insertRows(
    'report_recipients',
    ['report_id', 'position', 'user_id', 'email', 'locale', 'timezone'],
    recipients.map((r, i) => [id, i, r.userId, r.email, r.locale, r.timezone]),
  );
}

const conflictOf = (name: string): ReportsProblem => ({
  kind: 'invalid',
  issues: [{ path: 'name', message: `a report named ${JSON.stringify(name)} exists` }],
});

export async function createReport(
  engine: Engine,
  actor: ReportsUser,
  input: unknown,
  now = new Date(),
): Promise<Result<ReportView, ReportsProblem>> {
  if (!isRecord(input)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const checked = await checkReport(engine, input, actor, actor, [], null);
  if (!checked.ok) return checked;
  const r = checked.data;
  const id = randomUUID();
  const created = await engine.transaction(async () => {
    if (await findReportByName(engine, r.name)) return false;
    await engine.insertRows(
      'reports',
      [
        'id',
        'name',
        'owner_id',
        'view_id',
        'dashboard_id',
        'frequency',
        'send_time',
        'weekday',
        'month_day',
        'attach_pdf',
        'attach_csv',
        'paused',
        'created_at',
        'updated_at',
      ],
      [
        [
          id,
          r.name,
          actor.id,
          r.source.kind === 'view' ? r.source.id : null,
          r.source.kind === 'dashboard' ? r.source.id : null,
          r.frequency,
          r.sendTime,
          r.weekday,
          r.monthDay,
          r.attachPdf,
          r.attachCsv,
          r.paused,
          sqlInstant(now),
          sqlInstant(now),
        ],
      ],
    );
    await writeRecipients(engine, id, r.recipients);
    return true;
  });
  if (!created) return err(conflictOf(r.name));
  return ok((await getReport(engine, id)) as ReportView);
}

/** Changes the fields given; recipients, when given, replace the list. */
export async function updateReport(
  engine: Engine,
  actor: ReportsUser,
  id: string,
  input: unknown,
  now = new Date(),
): Promise<Result<ReportView, ReportsProblem>> {
  const current = await readReport(engine, actor, id);
  if (!current.ok) return current;
  if (!isRecord(input)) return err({ kind: 'invalid', issues: [{ path: '', message: 'an object' }] });
  const c = current.data;
  const merged = {
    name: c.name,
    source: c.source,
    frequency: c.frequency,
    sendTime: c.sendTime,
    weekday: c.weekday,
    monthDay: c.monthDay,
    attachPdf: c.attachPdf,
    attachCsv: c.attachCsv,
    paused: c.paused,
    recipients: c.recipients,
    ...input,
  };
  const owner = (await getUser(engine, c.ownerId)) ?? { id: c.ownerId, role: 'viewer' as Role };
  const checked = await checkReport(engine, merged, actor, owner, c.recipients, id);
  if (!checked.ok) return checked;
  const r = checked.data;
  const p = engine.dialect.placeholder;
  const changed = await engine.transaction(async () => {
    const other = await findReportByName(engine, r.name);
    if (other && other.id !== id) return false;
    await engine.run(
      `UPDATE reports SET name = ${p(1)}, view_id = ${p(2)}, dashboard_id = ${p(3)}, frequency = ${p(4)}, send_time = ${p(5)},
         weekday = ${p(6)}, month_day = ${p(7)}, attach_pdf = ${p(8)}, attach_csv = ${p(9)}, paused = ${p(10)},
         updated_at = CAST(${p(11)} AS TIMESTAMP) WHERE id = ${p(12)}`,
      [
        r.name,
        r.source.kind === 'view' ? r.source.id : null,
        r.source.kind === 'dashboard' ? r.source.id : null,
        r.frequency,
        r.sendTime,
        r.weekday,
        r.monthDay,
        r.attachPdf,
        r.attachCsv,
        r.paused,
        sqlInstant(now),
        id,
      ],
    );
    await writeRecipients(engine, id, r.recipients);
    return true;
  });
  if (!changed) return err(conflictOf(r.name));
  return ok((await getReport(engine, id)) as ReportView);
}

/** Removes a report with its recipients and its delivery history. */
export async function deleteReport(
  engine: Engine,
  actor: Pick<ReportsUser, 'id' | 'role'>,
  id: string,
): Promise<Result<ReportView, ReportsProblem>> {
  const current = await readReport(engine, actor, id);
  if (!current.ok) return current;
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM report_deliveries WHERE report_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM report_recipients WHERE report_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM reports WHERE id = ${p(1)}`, [id]);
  });
  return ok(current.data);
}
