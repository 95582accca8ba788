import { rm } from 'node:fs/promises';
import type { Engine, Row } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { ImportError } from '../../ingest/canonical.js';
import type { SourceFormat } from '../../ingest/sources/format.js';
import type { CanonicalRow, CanonicalWriter } from '../../ingest/sources/writer.js';
import type { ReceivedEvent } from '../../ingest/webhooks/vendor.js';
import type { SerializedEngine } from '../../server/serialized-engine.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { importSource } from '../import-source.js';
import type { FactsChange } from '../rebuild.js';
import { makeWorkDir } from '../work-dir.js';
import { getWebhookSource, VENDORS, type WebhookSourceWithSecret } from './sources.js';

export interface WebhookProcessorOptions {
  /** The server's engine: reads, the events' outcomes, and `exclusive` around each import. */
  engine: SerializedEngine;
  /** The same database, for the import pipeline, which runs inside `engine.exclusive`. */
  database: DuckDbEngine;
  /**
   * Called after events changed the canonical tables and the facts, with what the rebuild changed
   * (e.g. to forget the kept KPI results it reaches).
   */
  onImported?: (change: FactsChange | undefined) => void;
  /** How often the processor looks for events when nobody woke it (default 1 s). */
  intervalMs?: number;
  /** Events taken at a time (default 1000). */
  batchSize?: number;
  now?: () => Date;
}

/** What became of an event: imported (or nothing in it for the indicators), or refused with why. */
type EventOutcome = { ok: true; change?: FactsChange } | { ok: false; reason: string };

/**
 * Turns stored webhook events into canonical rows with the same code as `servicemeter import`: the
 * vendor writes them as the files its format reads, and those go through the source import
 * (atomic, idempotent, the facts rebuilt). Events are taken in the order they arrived, per source;
 * a batch that the import refuses is split until the events it refuses are found, so one bad event
 * is marked failed with its reason and the others are imported. An event is marked processed after
 * its import committed: a server killed in between imports it again at the next start, which
 * changes nothing (imports replace rows by their keys).
 */
export class WebhookProcessor {
  private running: Promise<void> | null = null;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly options: WebhookProcessorOptions) {}

  /** Starts the loop; events left unprocessed by an earlier run are taken first. */
  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** Events arrived: look at once instead of at the next tick. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Lets the batch under way finish, then stops; call before the database is closed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let processed = 0;
      try {
        processed = await this.processWaiting();
      } catch (error) {
        // The database is busy or closing, or a bug: the events stay unprocessed and are tried again.
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'webhook processing', error: String(error) })}\n`,
        );
      }
      if (processed === 0 && !this.woken && !this.stopping) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.intervalMs ?? 1000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** Processes the events waiting now, oldest first; returns how many. Also used by tests. */
  async processWaiting(): Promise<number> {
    const { engine } = this.options;
    const rows = await engine.all(
      `SELECT source_id, event_id, kind, CAST(occurred_at AS VARCHAR) AS occurred_at, payload
       FROM webhook_events WHERE processed_at IS NULL ORDER BY arrival LIMIT ${this.options.batchSize ?? 1000}`,
    );
    const bySource = new Map<string, Row[]>();
    for (const row of rows) {
      const id = String(row.source_id);
      bySource.set(id, [...(bySource.get(id) ?? []), row]);
    }
    for (const [sourceId, sourceRows] of bySource) {
      if (this.stopping) break;
      const source = await getWebhookSource(engine, sourceId);
      // A source removed after its events were read: they went with it.
      if (source === null) continue;
      const events = sourceRows.map(
        (row): ReceivedEvent => ({
          id: String(row.event_id),
          kind: String(row.kind),
          occurredAt: isoInstant(row.occurred_at),
          payload: JSON.parse(String(row.payload)) as unknown,
        }),
      );
      const outcomes = await this.importInOrder(source, events);
      await this.record(sourceId, events, outcomes);
      const changes = new Set(
        outcomes.flatMap((outcome) => (outcome.ok && outcome.change ? [outcome.change] : [])),
      );
      for (const change of changes) this.options.onImported?.(change);
    }
    return rows.length;
  }

  /**
   * Imports the events as one batch; when the import refuses it, each half on its own, down to the
   * single events it refuses. Throws (leaving them unprocessed) on anything but a refusal.
   */
  private async importInOrder(
    source: WebhookSourceWithSecret,
    events: readonly ReceivedEvent[],
  ): Promise<EventOutcome[]> {
    const outcome = await this.importBatch(source, events);
    if (outcome.ok) return events.map(() => outcome);
    if (events.length === 1) return [outcome];
    const half = Math.ceil(events.length / 2);
    return [
      ...(await this.importInOrder(source, events.slice(0, half))),
      ...(await this.importInOrder(source, events.slice(half))),
    ];
  }

  private async importBatch(
    source: WebhookSourceWithSecret,
    events: readonly ReceivedEvent[],
  ): Promise<EventOutcome> {
    const { engine, database } = this.options;
    const vendor = VENDORS[source.vendor];
    const dir = await makeWorkDir(`webhook-${source.vendor}`);
    try {
      const files = await vendor.toFiles(events, dir);
      if (files.length === 0) return { ok: true };
      // `rebuilding` outside `exclusive`, as everywhere: an import on its own connection may be
      // rebuilding the same facts.
      const imported = await engine.rebuilding(() =>
        engine.exclusive(async () => {
          const format = keepingStoredAgents(vendor.format, await storedAgents(database));
          // The import rebuilds the facts of the contacts it touched only (see `rebuildTouchedFacts`).
          return importSource(database, format, files, { source: source.source });
        }),
      );
      return imported.ok
        ? { ok: true, change: imported.data.facts?.change }
        : { ok: false, reason: importRefusal(imported.error) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async record(
    sourceId: string,
    events: readonly ReceivedEvent[],
    outcomes: readonly EventOutcome[],
  ) {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const at = sqlInstant(this.options.now?.() ?? new Date());
    await engine.transaction(async () => {
      const succeeded = events.filter((_, index) => outcomes[index]?.ok);
      for (let i = 0; i < succeeded.length; i += 200) {
        const ids = succeeded.slice(i, i + 200).map((e) => e.id);
        await engine.run(
          `UPDATE webhook_events SET processed_at = CAST(${p(1)} AS TIMESTAMP), outcome = 'ok', error = NULL
           WHERE source_id = ${p(2)} AND event_id IN (${ids.map((_, j) => p(j + 3)).join(', ')})`,
          [at, sourceId, ...ids],
        );
      }
      for (const [index, event] of events.entries()) {
        const outcome = outcomes[index];
        if (outcome === undefined || outcome.ok) continue;
        await engine.run(
          `UPDATE webhook_events SET processed_at = CAST(${p(1)} AS TIMESTAMP), outcome = 'failed', error = ${p(2)}
           WHERE source_id = ${p(3)} AND event_id = ${p(4)}`,
          [at, outcome.reason, sourceId, event.id],
        );
      }
    });
  }
}

/** Why the import refused an event's rows, without the name of the temporary file they were in. */
function importRefusal(error: ImportError): string {
  switch (error.kind) {
    case 'bad_rows':
      return error.problems
        .map((problem) => `line ${problem.line}, ${problem.column}: ${problem.reason}`)
        .join('; ');
    case 'unknown_format':
    case 'database_busy':
      return error.reason;
    case 'not_found':
      return 'its converted file was not found';
    default: {
      const unreachable: never = error;
      return JSON.stringify(unreachable);
    }
  }
}

const AGENT_COLUMNS = ['id', 'name', 'email', 'team_id', 'started_on', 'active'] as const;

async function storedAgents(engine: Engine): Promise<Map<string, CanonicalRow>> {
  const rows = await engine.all(
    'SELECT id, name, email, team_id, CAST(started_on AS VARCHAR) AS started_on, active FROM agents',
  );
  return new Map(
    rows.map((row) => [
      String(row.id),
      Object.fromEntries(
        AGENT_COLUMNS.map((column) => {
          const value = row[column];
          return [column, typeof value === 'boolean' || value === null ? value : String(value)];
        }),
      ) as CanonicalRow,
    ]),
  );
}

/**
 * The format, with the agents its conversion writes completed from the database: an event knows
 * less about an agent than an export (a comment's author has a name, but no e-mail or team), and
 * the import replaces a row as a whole. Fields an event leaves empty keep their stored values.
 * Always converted row by row, so that every agent goes through here.
 */
function keepingStoredAgents(format: SourceFormat, stored: ReadonlyMap<string, CanonicalRow>): SourceFormat {
  const completed = (row: CanonicalRow): CanonicalRow => {
    const known = stored.get(String(row.id));
    if (known === undefined) return row;
    const merged: Record<string, CanonicalRow[string]> = { ...known };
    for (const [column, value] of Object.entries(row))
      if (value !== null && value !== undefined) merged[column] = value;
    return merged;
  };
  const completing = (out: CanonicalWriter): CanonicalWriter =>
    new Proxy(out, {
      get(target, property) {
        if (property === 'write')
          return (table: Parameters<CanonicalWriter['write']>[0], row: CanonicalRow) =>
            target.write(table, table === 'agents' ? completed(row) : row);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    ...format,
    stage: undefined,
    convert: (paths, context) => format.convert(paths, { ...context, out: completing(context.out) }),
  };
}
