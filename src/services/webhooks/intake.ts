import type { Engine } from '../../core/engine.js';
import type { ReceivedEvent, WebhookRequest } from '../../ingest/webhooks/vendor.js';
import { sqlInstant } from '../audit.js';
import { listWebhookSources, VENDORS, type WebhookSourceWithSecret } from './sources.js';

/** What became of a webhook request; the caller answers 2xx only for `stored`. */
export type IntakeOutcome =
  | {
      outcome: 'stored';
      /** Events new to the database, now on disk. */
      accepted: number;
      /** Events whose id was stored before (a vendor's retry, a replay within the time window). */
      repeated: number;
    }
  /** No source with this vendor and id. */
  | { outcome: 'unknown_source' }
  /** The signature, secret or timestamp is wrong: the request is not the vendor's, or not fresh. */
  | { outcome: 'refused'; reason: string }
  /** Signed correctly, but not a body the vendor sends. */
  | { outcome: 'unreadable'; reason: string };

/** An event as it is written: its payload already JSON text. */
type StorableEvent = Omit<ReceivedEvent, 'payload'> & { payloadJson: string };

interface Arrival {
  source: WebhookSourceWithSecret;
  events: StorableEvent[];
  receivedAt: Date;
  resolve(counts: { accepted: number; repeated: number }): void;
  reject(error: unknown): void;
}

interface Refusal {
  sourceId: string;
  reason: string;
  receivedAt: Date;
}

/** Rows per INSERT statement: well under the engines' parameter limits. */
const INSERT_ROWS = 200;
/** Refusals kept waiting for their write; beyond it the oldest are dropped (a flood of bad requests). */
const MAX_WAITING_REFUSALS = 10_000;

/**
 * The events with their payloads as the JSON text to store, or why they cannot be stored. Done
 * before a request joins a group: a body that parses but cannot be written back (nested too deeply
 * for JSON.stringify) is refused alone instead of failing the transaction of every request with it.
 */
function asStorable(
  events: readonly ReceivedEvent[],
): { ok: true; events: StorableEvent[] } | { ok: false; reason: string } {
  const storable: StorableEvent[] = [];
  for (const { payload, ...event } of events) {
    let payloadJson: string | undefined;
    try {
      payloadJson = JSON.stringify(payload);
    } catch (error) {
      const why =
        error instanceof RangeError
          ? 'it nests too deeply or is too large'
          : error instanceof Error
            ? error.message
            : String(error);
      return { ok: false, reason: `event ${event.id} cannot be stored as JSON: ${why}` };
    }
    storable.push({ ...event, payloadJson: payloadJson ?? 'null' });
  }
  return { ok: true, events: storable };
}

/**
 * Webhook requests in, events on disk. A request is verified against its source's secret, its
 * events are inserted, and only when that transaction has committed does `receive` return: the
 * vendor gets its 2xx for events DuckDB has written to its write-ahead log, so an acknowledged event
 * survives a kill -9 (it is replayed from the log when the file is opened again).
 *
 * Group commit: requests that arrive while a transaction is being written wait together and share
 * the next one, so a burst of hundreds of events a second costs a few transactions, not hundreds.
 * A repeated event id (a retry, a replay within the freshness window) is stored once.
 */
export class WebhookIntake {
  private sources: Promise<Map<string, WebhookSourceWithSecret>> | null = null;
  private nextArrival: Promise<number> | null = null;
  private arrivals: Arrival[] = [];
  private refusals: Refusal[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly options: {
      now?: () => Date;
      /** Called after events were stored, e.g. to wake the processor. */
      onStored?: () => void;
    } = {},
  ) {}

  /** Sources are read once and kept: call this after one was created, changed or removed. */
  forgetSources(): void {
    this.sources = null;
  }

  private knownSources(): Promise<Map<string, WebhookSourceWithSecret>> {
    this.sources ??= listWebhookSources(this.engine).then(
      (list) => new Map(list.map((source) => [source.id, source])),
      (error: unknown) => {
        this.sources = null;
        throw error;
      },
    );
    return this.sources;
  }

  async receive(vendorName: string, sourceId: string, request: WebhookRequest): Promise<IntakeOutcome> {
    if (this.closed) throw new Error('the webhook intake is closed');
    const source = (await this.knownSources()).get(sourceId);
    if (source === undefined || source.vendor !== vendorName) return { outcome: 'unknown_source' };
    const vendor = VENDORS[source.vendor];
    const now = this.options.now?.() ?? new Date();
    const verdict = vendor.verify(request, source.secret, now);
    if (!verdict.ok) {
      this.refuse(source.id, verdict.reason, now);
      return { outcome: 'refused', reason: verdict.reason };
    }
    const parsed = vendor.events(request);
    const storable = parsed.ok ? asStorable(parsed.events) : parsed;
    if (!storable.ok) {
      this.refuse(source.id, storable.reason, now);
      return { outcome: 'unreadable', reason: storable.reason };
    }
    const counts = await new Promise<{ accepted: number; repeated: number }>((resolve, reject) => {
      this.arrivals.push({ source, events: storable.events, receivedAt: now, resolve, reject });
      this.startWriting();
    });
    return { outcome: 'stored', ...counts };
  }

  /** Waits for every write under way; new requests are refused from here on. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
  }

  /**
   * A refused request is shown on the setup page (the time and why), written with the next group:
   * the request is answered at once, and a flood of them costs no transaction each.
   */
  private refuse(sourceId: string, reason: string, receivedAt: Date): void {
    if (this.refusals.length >= MAX_WAITING_REFUSALS) this.refusals.shift();
    this.refusals.push({ sourceId, reason, receivedAt });
    this.startWriting();
  }

  private startWriting(): void {
    this.writing ??= this.writeAll().finally(() => {
      this.writing = null;
    });
  }

  private async writeAll(): Promise<void> {
    // Requests arriving in the same turn of the event loop join the first transaction too.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.arrivals.length > 0 || this.refusals.length > 0) {
      const arrivals = this.arrivals.splice(0);
      const refusals = this.refusals.splice(0);
      try {
        const counts = await this.write(arrivals, refusals);
        for (const [index, arrival] of arrivals.entries())
          arrival.resolve(counts[index] ?? { accepted: 0, repeated: 0 });
        if (counts.some((c) => c.accepted > 0)) this.options.onStored?.();
      } catch (error) {
        for (const arrival of arrivals) arrival.reject(error);
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'webhook intake', error: String(error) })}\n`,
        );
      }
    }
  }

  /** One transaction for every request waiting: their new events, and each source's last outcome. */
  private async write(
    arrivals: readonly Arrival[],
    refusals: readonly Refusal[],
  ): Promise<{ accepted: number; repeated: number }[]> {
    const p = this.engine.dialect.placeholder;
    this.nextArrival ??= this.engine
      .all('SELECT COALESCE(max(arrival), 0) AS n FROM webhook_events')
      .then((rows) => Number(rows[0]?.n ?? 0) + 1);
    let arrival = await this.nextArrival;
    return this.engine.transaction(async () => {
      // Ids stored before, or earlier in this group: a repeat is acknowledged and not stored again.
      const seen = new Set<string>();
      const bySource = new Map<string, string[]>();
      for (const a of arrivals) {
        const ids = bySource.get(a.source.id) ?? [];
        ids.push(...a.events.map((e) => e.id));
        bySource.set(a.source.id, ids);
      }
      for (const [sourceId, ids] of bySource) {
        for (let i = 0; i < ids.length; i += INSERT_ROWS) {
          const chunk = ids.slice(i, i + INSERT_ROWS);
          const stored = await this.engine.all(
            `SELECT event_id FROM webhook_events WHERE source_id = ${p(1)} AND event_id IN (${chunk.map((_, j) => p(j + 2)).join(', ')})`,
            [sourceId, ...chunk],
          );
          for (const row of stored) seen.add(`${sourceId}\u0000${String(row.event_id)}`);
        }
      }
      const rows: unknown[][] = [];
      const counts = arrivals.map((a) => {
        let accepted = 0;
        for (const event of a.events) {
          const key = `${a.source.id}\u0000${event.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          accepted++;
          rows.push([
            a.source.id,
            event.id,
            arrival++,
            event.kind,
            event.occurredAt === null ? null : sqlInstant(new Date(event.occurredAt)),
            sqlInstant(a.receivedAt),
            event.payloadJson,
          ]);
        }
        return { accepted, repeated: a.events.length - accepted };
      });
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        const chunk = rows.slice(i, i + INSERT_ROWS);
        const values = chunk
          .map((_, j) => {
            const at = (k: number) => p(j * 7 + k);
            return `(${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, CAST(${at(5)} AS TIMESTAMP), CAST(${at(6)} AS TIMESTAMP), ${at(7)})`;
          })
          .join(', ');
        await this.engine.run(
          `INSERT INTO webhook_events (source_id, event_id, arrival, kind, occurred_at, received_at, payload) VALUES ${values}`,
          chunk.flat(),
        );
      }
      await this.recordOutcomes(arrivals, counts, refusals);
      this.nextArrival = Promise.resolve(arrival);
      return counts;
    });
  }

  /** Per source: the time and outcome of its last request, and how many events it had accepted and refused. */
  private async recordOutcomes(
    arrivals: readonly Arrival[],
    counts: readonly { accepted: number }[],
    refusals: readonly Refusal[],
  ): Promise<void> {
    const p = this.engine.dialect.placeholder;
    const last = new Map<string, { at: Date; error: string | null; accepted: number; refused: number }>();
    const note = (sourceId: string, at: Date, error: string | null, accepted: number, refused: number) => {
      const known = last.get(sourceId);
      const later = known === undefined || known.at.getTime() <= at.getTime();
      last.set(sourceId, {
        at: later ? at : (known?.at ?? at),
        error: later ? error : (known?.error ?? null),
        accepted: (known?.accepted ?? 0) + accepted,
        refused: (known?.refused ?? 0) + refused,
      });
    };
    for (const [index, a] of arrivals.entries())
      note(a.source.id, a.receivedAt, null, counts[index]?.accepted ?? 0, 0);
    for (const r of refusals) note(r.sourceId, r.receivedAt, r.reason, 0, 1);
    for (const [sourceId, { at, error, accepted, refused }] of last) {
      await this.engine.run(
        `UPDATE webhook_sources SET last_event_at = CAST(${p(1)} AS TIMESTAMP), last_outcome = ${p(2)}, last_error = ${p(3)},
           events_accepted = events_accepted + ${p(4)}, events_refused = events_refused + ${p(5)}
         WHERE id = ${p(6)}`,
        [sqlInstant(at), error === null ? 'accepted' : 'refused', error, accepted, refused, sourceId],
      );
    }
  }
}
