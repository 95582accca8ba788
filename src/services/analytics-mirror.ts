import type { Engine } from '../core/engine.js';
import { type ClickHouseEngine, openClickHouse } from '../engines/clickhouse/engine.js';
import { type AnalyticsSource, migrateToClickHouse } from './analytics-copy.js';
import { factsVersion } from './facts-version.js';

/** What the mirror did, for the server's log. */
export type MirrorEvent =
  | { event: 'refreshed'; facts: string; rows: number; ms: number }
  | { event: 'refresh-failed'; error: string };

/** The facts version a ClickHouse copy holds; null when it holds no copy. */
async function copiedVersion(engine: ClickHouseEngine): Promise<string | null> {
  const present = await engine.all(
    "SELECT count(*) AS n FROM system.tables WHERE database = currentDatabase() AND name = 'facts_state'",
  );
  if (Number(present[0]?.n ?? 0) === 0) return null;
  return (await factsVersion(engine)) ?? '';
}

/**
 * The analytical tables of the served database (a DuckDB file or a PostgreSQL database) kept in
 * ClickHouse for the server's KPI answers (`serve --analytics`). An answer is read from ClickHouse
 * only when its copy holds the facts the database holds now; otherwise from the database, and a new
 * copy is made in the background: into a database beside it, then each table exchanged for its new
 * copy. Readers never see a half-made copy, and never a number the database would not give.
 */
export class AnalyticsMirror {
  private copied: string | null;
  private refreshing: Promise<void> | null = null;
  /** A version whose copy failed: not tried again until the facts change. */
  private failedFor: string | null = null;

  private constructor(
    private readonly source: AnalyticsSource,
    private readonly target: ClickHouseEngine,
    copied: string | null,
    private readonly log: (event: MirrorEvent) => void,
  ) {
    this.copied = copied;
  }

  static async open(
    source: AnalyticsSource,
    url: string,
    log: (event: MirrorEvent) => void = () => undefined,
  ): Promise<AnalyticsMirror> {
    const target = await openClickHouse({ url });
    try {
      return new AnalyticsMirror(source, target, await copiedVersion(target), log);
    } catch (error) {
      await target.close();
      throw error;
    }
  }

  /**
   * The engine to answer from for the facts `facts` (the database's `facts_state.rebuilt_at`):
   * ClickHouse when it holds them, else null — the caller reads the database — and a copy starts.
   */
  engineFor(facts: string): Engine | null {
    // Before the first rebuild there is nothing to copy: the database answers.
    if (facts === '') return null;
    if (facts === this.copied) return this.target;
    if (facts !== this.failedFor) void this.refresh(facts);
    return null;
  }

  /** Makes a copy of what the database holds now (the facts `facts`, as last read); joins the one under way. */
  refresh(facts: string): Promise<void> {
    this.refreshing ??= this.copy(facts).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async copy(facts: string): Promise<void> {
    try {
      const copied = await migrateToClickHouse(this.source, this.target, {
        replace: true,
        fingerprint: false,
      });
      if (!copied.ok) throw new Error(JSON.stringify(copied.error));
      // The copy's own facts_state says which facts it holds: the database may have changed meanwhile.
      const holds = (await factsVersion(this.target)) ?? '';
      this.copied = holds;
      this.failedFor = null;
      this.log({ event: 'refreshed', facts: holds, rows: copied.data.rows, ms: copied.data.ms });
    } catch (error) {
      this.failedFor = facts;
      this.log({ event: 'refresh-failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  async close(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    await this.target.close();
  }
}
