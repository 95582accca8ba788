import type { Engine } from '../core/engine.js';
import { KpiQuery, type KpiQueryInput } from '../core/kpi/query.js';
import type { Result } from '../core/result.js';
import { type KpiQueryError, type KpiResult, runKpiQuery } from '../services/kpi.js';

/**
 * KPI results of the facts as they are: a dashboard shows the same few views to many people, and
 * the facts change only when they are rebuilt. A result is kept under its query and the time of
 * the last rebuild, and a query already running is joined instead of run again — twenty people
 * opening the overview at once cost one query.
 */
export class KpiCache {
  private readonly results = new Map<string, Promise<Result<KpiResult, KpiQueryError>>>();

  constructor(
    private readonly engine: Engine,
    private readonly capacity = 256,
  ) {}

  /** Forgets every result: the server changed the facts (a calendar, a threshold). */
  forget(): void {
    this.results.clear();
    this.rebuilt = null;
  }

  /**
   * When the facts were last rebuilt, read at most once a second: every request asking costs a
   * statement in the queue every request waits in. Changes made through this server call `forget`;
   * a rebuild by anything else is seen within the second.
   */
  private rebuiltAt(): Promise<string> {
    const now = Date.now();
    if (this.rebuilt === null || now - this.rebuilt.readAt >= 1000) {
      const at = this.engine
        .all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state')
        .then((rows) => String(rows[0]?.at ?? ''));
      this.rebuilt = { readAt: now, at };
    }
    return this.rebuilt.at;
  }

  private rebuilt: { readAt: number; at: Promise<string> } | null = null;

  async run(input: KpiQueryInput): Promise<Result<KpiResult, KpiQueryError>> {
    const parsed = KpiQuery.safeParse(input);
    // A query that does not parse gets its error from runKpiQuery, uncached.
    if (!parsed.success) return runKpiQuery(this.engine, input);
    const query = parsed.data;
    const key = `${await this.rebuiltAt()}\u0000${JSON.stringify(query)}`;
    const known = this.results.get(key);
    if (known) {
      // Most recently used last: the first key is the one to drop when full.
      this.results.delete(key);
      this.results.set(key, known);
      return known;
    }
    const running = runKpiQuery(this.engine, query);
    this.results.set(key, running);
    running.then(
      (result) => {
        if (!result.ok) this.results.delete(key);
      },
      () => this.results.delete(key),
    );
    while (this.results.size > this.capacity) {
      const oldest = this.results.keys().next().value;
      if (oldest === undefined) break;
      this.results.delete(oldest);
    }
    return running;
  }
}
