/**
 * The events the rules raised, and each user's notification list of them with what they have read.
 * Admins and managers are told of every alert; the other roles manage no alerts and get none, since
 * an alert's figures are the team's.
 */
import type { Engine, Row } from '../../core/engine.js';
import { toNumberOrNull } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { Role } from '../users.js';
import type { AlertEvent, AlertsProblem } from './contract.js';

export const EVENTS_SHOWN = 100;

export interface NotifiedUser {
  id: string;
  role: Role;
}

const toldOfAlerts = (user: NotifiedUser) => user.role === 'admin' || user.role === 'manager';

/** The stored delivery: the rule's name as it was when the event was raised, and each channel's outcome. */
export interface StoredDelivery {
  ruleName: string;
  outcomes: unknown[];
}

function ruleNameOf(row: Row): string {
  if (row.rule_name !== null && row.rule_name !== undefined) return String(row.rule_name);
  try {
    const stored = JSON.parse(String(row.delivery)) as Partial<StoredDelivery>;
    if (typeof stored.ruleName === 'string') return stored.ruleName;
  } catch {
    // an unreadable delivery names no rule
  }
  return String(row.rule_id);
}

export function eventOf(row: Row, read = false): AlertEvent {
  return {
    id: String(row.id),
    ruleId: String(row.rule_id),
    ruleName: ruleNameOf(row),
    kind: row.kind === 'recovered' ? 'recovered' : 'fired',
    occurredAt: isoInstant(row.occurred_at) ?? '',
    value: toNumberOrNull(row.value),
    n: toNumberOrNull(row.n),
    message: String(row.message ?? ''),
    link: String(row.link ?? ''),
    read,
  };
}

const EVENT_COLUMNS =
  'e.id, e.rule_id, e.kind, e.occurred_at, e.value, e.n, e.message, e.link, e.delivery, r.name AS rule_name';

/** The last event of each rule. */
export async function latestEvents(engine: Engine): Promise<Map<string, AlertEvent>> {
  const rows = await engine.all(
    `SELECT ${EVENT_COLUMNS} FROM alert_events e LEFT JOIN alert_rules r ON r.id = e.rule_id
     WHERE NOT EXISTS (SELECT 1 FROM alert_events later WHERE later.rule_id = e.rule_id
       AND (later.occurred_at > e.occurred_at OR (later.occurred_at = e.occurred_at AND later.id > e.id)))`,
  );
  return new Map(rows.map((row) => [String(row.rule_id), eventOf(row)]));
}

/** Events, newest first: of one rule, or of all. */
export async function listEvents(
  engine: Engine,
  user: NotifiedUser,
  options: { rule?: string; limit?: number } = {},
): Promise<Result<AlertEvent[], AlertsProblem>> {
  if (!toldOfAlerts(user)) return err({ kind: 'forbidden', reason: 'only admins and managers read alerts' });
  const p = engine.dialect.placeholder;
  const limit = Math.max(1, Math.min(1000, Math.floor(options.limit ?? EVENTS_SHOWN)));
  const rows = await engine.all(
    `SELECT ${EVENT_COLUMNS}, EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.event_id = e.id AND nr.user_id = ${p(1)}) AS was_read
     FROM alert_events e LEFT JOIN alert_rules r ON r.id = e.rule_id
     ${options.rule === undefined ? '' : `WHERE e.rule_id = ${p(2)}`}
     ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
    options.rule === undefined ? [user.id] : [user.id, options.rule],
  );
  return ok(rows.map((row) => eventOf(row, row.was_read === true)));
}

/** The user's notifications, newest first, and how many are unread. */
export async function listNotifications(
  engine: Engine,
  user: NotifiedUser,
  options: { unreadOnly?: boolean } = {},
): Promise<{ notifications: AlertEvent[]; unread: number }> {
  if (!toldOfAlerts(user)) return { notifications: [], unread: 0 };
  const p = engine.dialect.placeholder;
  const unreadRows = await engine.all(
    `SELECT COUNT(*) AS n FROM alert_events e
     WHERE NOT EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.event_id = e.id AND nr.user_id = ${p(1)})`,
    [user.id],
  );
  const listed = await listEvents(engine, user, { limit: EVENTS_SHOWN });
  const events = listed.ok ? listed.data : [];
  return {
    notifications: options.unreadOnly ? events.filter((e) => !e.read) : events,
    unread: Number(unreadRows[0]?.n ?? 0),
  };
}

/** Marks events read for the user: the ids given (unknown ones are left alone) or all. */
export async function markRead(
  engine: Engine,
  user: NotifiedUser,
  ids: readonly string[] | 'all',
  now = new Date(),
): Promise<number> {
  if (!toldOfAlerts(user)) return 0;
  const p = engine.dialect.placeholder;
  return engine.transaction(async () => {
    const unread = await engine.all(
      `SELECT e.id FROM alert_events e
       WHERE NOT EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.event_id = e.id AND nr.user_id = ${p(1)})`,
      [user.id],
    );
    const wanted = ids === 'all' ? null : new Set(ids);
    const marking = unread.map((row) => String(row.id)).filter((id) => wanted === null || wanted.has(id));
    for (const id of marking)
      await engine.run(
        `INSERT INTO notification_reads (user_id, event_id, read_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
        [user.id, id, sqlInstant(now)],
      );
    return marking.length;
  });
}
