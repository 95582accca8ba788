import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { textProblem } from '../../ingest/records.js';
import { chatwootWebhooks } from '../../ingest/webhooks/chatwoot.js';
import { freshdeskWebhooks } from '../../ingest/webhooks/freshdesk.js';
import { intercomWebhooks } from '../../ingest/webhooks/intercom.js';
import { WEBHOOK_VENDORS, type WebhookVendor, type WebhookVendorName } from '../../ingest/webhooks/vendor.js';
import { zendeskWebhooks } from '../../ingest/webhooks/zendesk.js';
import { isoInstant, sqlInstant } from '../audit.js';

export const VENDORS: Record<WebhookVendorName, WebhookVendor> = {
  zendesk: zendeskWebhooks,
  chatwoot: chatwootWebhooks,
  intercom: intercomWebhooks,
  freshdesk: freshdeskWebhooks,
};

export function isVendorName(name: string): name is WebhookVendorName {
  return (WEBHOOK_VENDORS as readonly string[]).includes(name);
}

/** A place a helpdesk pushes its events to: `POST /api/webhooks/<vendor>/<id>`. */
export interface WebhookSource {
  id: string;
  vendor: WebhookVendorName;
  /** The `source` of the rows its events become: the vendor's name unless chosen, as for `import`. */
  source: string;
  createdAt: string;
  lastEventAt: string | null;
  /** `accepted` or `refused`, for the last request received; null before the first. */
  lastOutcome: 'accepted' | 'refused' | null;
  lastError: string | null;
  eventsAccepted: number;
  eventsRefused: number;
}

/** A source with its secret: only for verifying requests, and shown once when servicemeter makes it. */
export interface WebhookSourceWithSecret extends WebhookSource {
  secret: string;
}

export type WebhookSourceError =
  | { kind: 'not_found'; id: string }
  | { kind: 'invalid'; field: string; reason: string };

const COLUMNS =
  'id, vendor, source, secret, CAST(created_at AS VARCHAR) AS created_at, CAST(last_event_at AS VARCHAR) AS last_event_at, last_outcome, last_error, events_accepted, events_refused';

function sourceOf(row: Row): WebhookSourceWithSecret {
  const outcome = row.last_outcome;
  return {
    id: String(row.id),
    vendor: String(row.vendor) as WebhookVendorName,
    source: String(row.source),
    secret: String(row.secret),
    createdAt: isoInstant(row.created_at) ?? '',
    lastEventAt: isoInstant(row.last_event_at),
    lastOutcome: outcome === 'accepted' || outcome === 'refused' ? outcome : null,
    lastError: row.last_error === null || row.last_error === undefined ? null : String(row.last_error),
    eventsAccepted: Number(row.events_accepted ?? 0),
    eventsRefused: Number(row.events_refused ?? 0),
  };
}

export function withoutSecret({ secret: _secret, ...source }: WebhookSourceWithSecret): WebhookSource {
  return source;
}

/** A secret servicemeter makes: 256 random bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

const MIN_SECRET_LENGTH = 8;
const MAX_TEXT_LENGTH = 500;

function secretProblem(secret: string): string | null {
  if (secret.trim() !== secret) return 'has spaces around it: paste the secret alone';
  if (secret.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  if (secret.length > MAX_TEXT_LENGTH) return `is longer than ${MAX_TEXT_LENGTH} characters`;
  return textProblem(secret);
}

export async function listWebhookSources(engine: Engine): Promise<WebhookSourceWithSecret[]> {
  const rows = await engine.all(`SELECT ${COLUMNS} FROM webhook_sources ORDER BY created_at, id`);
  return rows.map(sourceOf);
}

export async function getWebhookSource(engine: Engine, id: string): Promise<WebhookSourceWithSecret | null> {
  const p = engine.dialect.placeholder;
  const [row] = await engine.all(`SELECT ${COLUMNS} FROM webhook_sources WHERE id = ${p(1)}`, [id]);
  return row ? sourceOf(row) : null;
}

export interface NewWebhookSource {
  vendor: WebhookVendorName;
  /** Default: the vendor's name, so its rows are those of `servicemeter import <vendor>`. */
  source?: string;
  /** The vendor's signing secret; servicemeter makes one when left out. */
  secret?: string;
}

/** Creates a source; the secret comes back with it (the only time servicemeter shows a secret it made). */
export async function createWebhookSource(
  engine: Engine,
  input: NewWebhookSource,
  now = new Date(),
): Promise<Result<WebhookSourceWithSecret, WebhookSourceError>> {
  const source = input.source ?? input.vendor;
  const sourceProblem =
    source === '' ? 'is empty' : source.length > 100 ? 'is longer than 100 characters' : textProblem(source);
  if (sourceProblem !== null) return err({ kind: 'invalid', field: 'source', reason: sourceProblem });
  if (input.secret !== undefined) {
    const problem = secretProblem(input.secret);
    if (problem !== null) return err({ kind: 'invalid', field: 'secret', reason: problem });
  }
  // An id is typed on command lines (`servicemeter webhooks secret <id>`): one that began with '-'
  // would be read as an option.
  const id = randomBytes(9).toString('base64url').replace(/^[-_]/, 'w');
  const secret = input.secret ?? newSecret();
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO webhook_sources (id, vendor, source, secret, created_at, events_accepted, events_refused)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, CAST(${p(5)} AS TIMESTAMP), 0, 0)`,
    [id, input.vendor, source, secret, sqlInstant(now)],
  );
  const created = await getWebhookSource(engine, id);
  if (created === null) throw new Error(`webhook source ${id} vanished after its insert`);
  return ok(created);
}

/** Replaces a source's secret with the vendor's new one, or a new one servicemeter makes. */
export async function replaceWebhookSecret(
  engine: Engine,
  id: string,
  secret?: string,
): Promise<Result<WebhookSourceWithSecret, WebhookSourceError>> {
  if (secret !== undefined) {
    const problem = secretProblem(secret);
    if (problem !== null) return err({ kind: 'invalid', field: 'secret', reason: problem });
  }
  const p = engine.dialect.placeholder;
  const replaced = await engine.transaction(async () => {
    if ((await getWebhookSource(engine, id)) === null) return null;
    await engine.run(`UPDATE webhook_sources SET secret = ${p(1)} WHERE id = ${p(2)}`, [
      secret ?? newSecret(),
      id,
    ]);
    return getWebhookSource(engine, id);
  });
  return replaced === null ? err({ kind: 'not_found', id }) : ok(replaced);
}

/** Removes a source with the events it received; the rows they became stay. */
export async function deleteWebhookSource(
  engine: Engine,
  id: string,
): Promise<Result<WebhookSource, WebhookSourceError>> {
  const p = engine.dialect.placeholder;
  const removed = await engine.transaction(async () => {
    const known = await getWebhookSource(engine, id);
    if (known === null) return null;
    await engine.run(`DELETE FROM webhook_events WHERE source_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM webhook_sources WHERE id = ${p(1)}`, [id]);
    return known;
  });
  return removed === null ? err({ kind: 'not_found', id }) : ok(withoutSecret(removed));
}

/** How many events of a source wait to be processed, and how many failed. */
export async function webhookEventCounts(
  engine: Engine,
): Promise<Map<string, { waiting: number; failed: number; processed: number }>> {
  const rows = await engine.all(
    `SELECT source_id,
       sum(CASE WHEN processed_at IS NULL THEN 1 ELSE 0 END) AS waiting,
       sum(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS failed,
       sum(CASE WHEN processed_at IS NOT NULL THEN 1 ELSE 0 END) AS processed
     FROM webhook_events GROUP BY source_id`,
  );
  return new Map(
    rows.map((row) => [
      String(row.source_id),
      {
        waiting: Number(row.waiting ?? 0),
        failed: Number(row.failed ?? 0),
        processed: Number(row.processed ?? 0),
      },
    ]),
  );
}
