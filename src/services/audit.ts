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
