import type { Engine, Row } from '../core/engine.js';

export interface AuditEvent {
  action: string;
  userId?: string | null;
  email?: string | null;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  userId: string | null;
  email: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** Naive UTC timestamp as the engines print it → ISO 8601 with Z. */
export function isoInstant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(' ', 'T');
  return /[Zz]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(/\.000$/, '')}Z`;
}

/** An instant as a naive UTC timestamp the engines accept in a CAST. */
export function sqlInstant(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export async function recordAudit(engine: Engine, event: AuditEvent, at = new Date()): Promise<void> {
  const p = engine.dialect.placeholder;
  // The id is taken and the row written in one statement, so two entries never share an id.
  await engine.run(
    `INSERT INTO audit_log (id, occurred_at, user_id, email, action, target, detail, ip)
     SELECT COALESCE(max(id), 0) + 1, CAST(${p(1)} AS TIMESTAMP), ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)} FROM audit_log`,
    [
      sqlInstant(at),
      event.userId ?? null,
      event.email ?? null,
      event.action,
      event.target ?? null,
      event.detail ? JSON.stringify(event.detail) : null,
      event.ip ?? null,
    ],
  );
}

/** Failed sign-ins are counted per client address in windows of this length, one row each. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** What one aggregate keeps of the e-mails tried: a few, each cut short. */
const SAMPLE_EMAILS = 10;
const SAMPLE_LENGTH = 64;
/** An address as written to the log: whatever a client sent, never longer than this. */
const ADDRESS_LENGTH = 64;

export type LoginFailureReason = 'bad_credentials' | 'rate_limited';

/** The detail of a `login.failed` row: one per client address and window. */
export interface LoginFailureDetail {
  window: { from: string; to: string };
  count: number;
  reasons: Partial<Record<LoginFailureReason, number>>;
  /** The first e-mails tried, each at most 64 characters. */
  emails: string[];
  /** How many further tries named an e-mail not in `emails`. */
  moreEmails: number;
}

const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

function loginFailureDetail(text: unknown): LoginFailureDetail | null {
  try {
    const detail = JSON.parse(String(text)) as LoginFailureDetail;
    return typeof detail.count === 'number' && Array.isArray(detail.emails) && detail.reasons ? detail : null;
  } catch {
    return null;
  }
}

export interface LoginFailure {
  ip: string | null;
  email: string;
  reason: LoginFailureReason;
}

const windowStart = (at: Date) =>
  Math.floor(at.getTime() / LOGIN_FAILURE_WINDOW_MS) * LOGIN_FAILURE_WINDOW_MS;

/**
 * Counts failed sign-ins of one client address in the `login.failed` row of their window, adding
 * that row on the first failure: a flood of attempts costs one row per address per window,
 * whatever the e-mails sent. The read and the write are one transaction, so concurrent failures
 * all count.
 */
export async function recordLoginFailures(
  engine: Engine,
  ip: string | null,
  attempts: readonly Omit<LoginFailure, 'ip'>[],
  at = new Date(),
): Promise<void> {
  if (attempts.length === 0) return;
  const p = engine.dialect.placeholder;
  const address = ip === null ? null : cut(ip, ADDRESS_LENGTH);
  const start = windowStart(at);
  const from = new Date(start).toISOString();
  await engine.transaction(async () => {
    const rows = await engine.all(
      `SELECT id, detail FROM audit_log
       WHERE action = 'login.failed' AND target = ${p(1)} AND ${address === null ? 'ip IS NULL' : `ip = ${p(2)}`}
       ORDER BY id DESC LIMIT 1`,
      address === null ? [from] : [from, address],
    );
    const found = rows[0];
    const existing = found ? loginFailureDetail(found.detail) : null;
    const detail: LoginFailureDetail = existing ?? {
      window: { from, to: new Date(start + LOGIN_FAILURE_WINDOW_MS).toISOString() },
      count: 0,
      reasons: {},
      emails: [],
      moreEmails: 0,
    };
    for (const attempt of attempts) {
      const email = cut(attempt.email, SAMPLE_LENGTH);
      detail.count += 1;
      detail.reasons[attempt.reason] = (detail.reasons[attempt.reason] ?? 0) + 1;
      if (detail.emails.includes(email)) continue;
      if (detail.emails.length < SAMPLE_EMAILS) detail.emails.push(email);
      else detail.moreEmails += 1;
    }
    if (found && existing)
      await engine.run(
        `UPDATE audit_log SET occurred_at = CAST(${p(1)} AS TIMESTAMP), detail = ${p(2)} WHERE id = ${p(3)}`,
        [sqlInstant(at), JSON.stringify(detail), Number(found.id)],
      );
    else
      await recordAudit(
        engine,
        { action: 'login.failed', target: from, ip: address, detail: { ...detail } },
        at,
      );
  });
}

interface FailureBatch {
  attempts: Omit<LoginFailure, 'ip'>[];
  at: Date;
  written: Promise<void>;
}

/**
 * Writes failed sign-ins as they come, but never more than one write at a time per address and
 * window: failures arriving while one is written are merged into the next. A flood from one
 * address then costs the database a handful of writes, not one per attempt; each caller still
 * returns only once its failure is stored.
 */
export class LoginFailureLog {
  private readonly waiting = new Map<string, FailureBatch>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly engine: Engine) {}

  record(failure: LoginFailure, at = new Date()): Promise<void> {
    const key = `${failure.ip ?? ''}\u0000${windowStart(at)}`;
    const joined = this.waiting.get(key);
    if (joined) {
      joined.attempts.push({ email: failure.email, reason: failure.reason });
      if (at > joined.at) joined.at = at;
      return joined.written;
    }
    const before = this.writing.get(key) ?? Promise.resolve();
    const batch: FailureBatch = {
      attempts: [{ email: failure.email, reason: failure.reason }],
      at,
      written: before,
    };
    batch.written = before
      .catch(() => undefined)
      .then(() => {
        // From here on, new failures wait for this write and go into the next one.
        this.waiting.delete(key);
        return recordLoginFailures(this.engine, failure.ip, batch.attempts, batch.at);
      });
    this.waiting.set(key, batch);
    this.writing.set(key, batch.written);
    const forget = () => {
      if (this.writing.get(key) === batch.written) this.writing.delete(key);
    };
    batch.written.then(forget, forget);
    return batch.written;
  }
}

/** Default of `servicemeter serve --audit-retention-days`. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** Removes the entries older than `days` days; returns how many went. */
export async function pruneAudit(engine: Engine, days: number, now = new Date()): Promise<number> {
  const p = engine.dialect.placeholder;
  const cutoff = sqlInstant(new Date(now.getTime() - days * 86_400_000));
  return engine.transaction(async () => {
    const counted = await engine.all(
      `SELECT count(*) AS n FROM audit_log WHERE occurred_at < CAST(${p(1)} AS TIMESTAMP)`,
      [cutoff],
    );
    const n = Number(counted[0]?.n ?? 0);
    if (n > 0)
      await engine.run(`DELETE FROM audit_log WHERE occurred_at < CAST(${p(1)} AS TIMESTAMP)`, [cutoff]);
    return n;
  });
}

function toRecord(row: Row): AuditRecord {
  let detail: Record<string, unknown> | null = null;
  if (typeof row.detail === 'string') {
    try {
      detail = JSON.parse(row.detail) as Record<string, unknown>;
    } catch {
      detail = { text: row.detail };
    }
  }
  return {
    id: Number(row.id),
    at: isoInstant(row.occurred_at) ?? '',
    userId: (row.user_id as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    action: String(row.action),
    target: (row.target as string | null) ?? null,
    detail,
    ip: (row.ip as string | null) ?? null,
  };
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  action?: string;
  userId?: string;
}

/** Newest first. `action` matches exactly or as a prefix before a dot (`login` finds `login.failed`). */
export async function listAudit(
  engine: Engine,
  filter: AuditFilter,
): Promise<{ total: number; page: number; pageSize: number; rows: AuditRecord[] }> {
  const p = engine.dialect.placeholder;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.action) {
    params.push(filter.action, `${filter.action}.%`);
    where.push(`(action = ${p(params.length - 1)} OR action LIKE ${p(params.length)})`);
  }
  if (filter.userId) {
    params.push(filter.userId);
    where.push(`user_id = ${p(params.length)}`);
  }
  const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const pageSize = Math.min(500, Math.max(1, Math.floor(filter.pageSize)));
  const page = Math.max(1, Math.floor(filter.page));
  const total = await engine.all(`SELECT count(*) AS n FROM audit_log${clause}`, params);
  const rows = await engine.all(
    `SELECT * FROM audit_log${clause} ORDER BY id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return {
    total: Number(total[0]?.n ?? 0),
    page,
    pageSize,
    rows: rows.map(toRecord),
  };
}
