import { createHash } from 'node:crypto';
import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import { QUERY_LIMITS, withoutRepeats } from '../core/kpi/limits.js';
import { KpiQuery, type KpiQueryInput } from '../core/kpi/query.js';
import type { Result } from '../core/result.js';
import {
  dimensionSizes,
  type KpiQueryError,
  type KpiQueryOptions,
  type KpiResult,
  runKpiQuery,
} from '../services/kpi.js';

/** An answer being computed or kept, with the requests waiting for it. */
interface Entry {
  answer: Promise<unknown>;
  /** Stops the computation once every request waiting for it has gone away. */
  stop: AbortController;
  waiting: number;
  settled: boolean;
  /** What the kept answer weighs against `keptCells`: 0 until it is kept. */
  cells: number;
}

/**
 * KPI results of the facts as they are: a dashboard shows the same few views to many people, and
 * the facts change only when they are rebuilt. A result is kept under its query and the time of
 * the last rebuild, and a query already running is joined instead of run again — twenty people
 * opening the overview at once cost one query. Other answers read from the facts alone (the
 * filter values) are kept the same way through `remember`.
 */
export class KpiCache {
  private readonly results = new Map<string, Entry>();
  /** Cells of the answers kept, at most `limits.keptCells`. */
  private keptCells = 0;

  constructor(
    private readonly engine: Engine,
    private readonly capacity = 256,
    private readonly limits: { keptAnswerCells: number; keptCells: number } = QUERY_LIMITS,
  ) {}

  /** The cells of the answers kept now. */
  get cells(): number {
    return this.keptCells;
  }

  /** Forgets every result: the server changed the facts (a calendar, a threshold). */
  forget(): void {
    this.results.clear();
    this.keptCells = 0;
    this.rebuilt = null;
    this.refreshing = null;
    this.epoch++;
  }

  /**
   * When the facts were last rebuilt, read at most once a second. Changes made through this server
   * call `forget`; a rebuild by anything else is seen about a second later. A request does not wait
   * for the read when the last one is under ten seconds old: the read sits in the queue behind
   * other people's KPI statements, and every request would wait for it.
   */
  private rebuiltAt(): Promise<string> {
    const now = Date.now();
    const known = this.rebuilt;
    if (known && now - known.readAt < 1000) return known.at;
    if (!this.refreshing) {
      // A read that `forget` overtook must not put back what it read.
      const epoch = this.epoch;
      const refreshing = this.engine
        .all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state', [], { quick: true })
        .then((rows) => {
          const at = String(rows[0]?.at ?? '');
          if (epoch === this.epoch) this.rebuilt = { readAt: now, at: Promise.resolve(at) };
          return at;
        })
        .finally(() => {
          if (this.refreshing === refreshing) this.refreshing = null;
        });
      this.refreshing = refreshing;
      // Nobody may be waiting for it; its failure is the next request's to see.
      refreshing.catch(() => undefined);
    }
    return known && now - known.readAt < 10_000 ? known.at : (this.refreshing as Promise<string>);
  }

  private rebuilt: { readAt: number; at: Promise<string> } | null = null;
  private refreshing: Promise<string> | null = null;
  private epoch = 0;

  /**
   * The answer to a KPI query. `signal` says the request asking has gone away: the query stops once
   * nobody waits for it any more, and someone who joined it keeps it running.
   */
  async run(
    input: KpiQueryInput,
    options: KpiQueryOptions = {},
    signal?: AbortSignal,
  ): Promise<Result<KpiResult, KpiQueryError>> {
    const parsed = KpiQuery.safeParse(input);
    // A query that does not parse gets its error from runKpiQuery, uncached.
    if (!parsed.success) return runKpiQuery(this.engine, input, options);
    // Spelled with repeats, it is the same view.
    const query = withoutRepeats(parsed.data);
    const kpiCount = (query.kpis ?? KPIS).length;
    return this.keep(
      `kpi\u0000${JSON.stringify(options)}\u0000${JSON.stringify(query)}`,
      (stop) =>
        runKpiQuery(this.engine, query, {
          ...options,
          signal: stop,
          dimensionSizes: () => this.remember('dimension-sizes', () => dimensionSizes(this.engine)),
        }),
      // An error is not kept: the same query is answered afresh next time.
      (result) => (result.ok ? result.data.rows.length * kpiCount : Number.POSITIVE_INFINITY),
      signal,
    );
  }

  /** An answer computed from the facts alone, kept under `name` until they change. */
  remember<T>(name: string, compute: () => Promise<T>): Promise<T> {
    return this.keep(`other\u0000${name}`, compute);
  }

  /**
   * Joins or starts `compute`; its answer is kept unless it fails or `weigh` makes it heavier than
   * `keptAnswerCells`. Kept answers weigh at most `keptCells` together: the least recently used
   * go first.
   */
  private async keep<T>(
    name: string,
    compute: (stop: AbortSignal) => Promise<T>,
    // A KPI result weighs its cells; the other answers are a few rows each.
    weigh: (answer: T) => number = () => 1,
    signal?: AbortSignal,
  ): Promise<T> {
    // A query can be a megabyte of JSON: its digest stands for it.
    const key = createHash('sha256')
      .update(`${await this.rebuiltAt()}\u0000${name}`)
      .digest('base64');
    const known = this.results.get(key);
    if (known && !known.stop.signal.aborted) {
      // Most recently used last: the first key is the one to drop when full.
      this.results.delete(key);
      this.results.set(key, known);
      this.wait(key, known, signal);
      return known.answer as Promise<T>;
    }
    const stop = new AbortController();
    const running = compute(stop.signal);
    const entry: Entry = { answer: running, stop, waiting: 0, settled: false, cells: 0 };
    this.results.set(key, entry);
    this.wait(key, entry, signal);
    running.then(
      (answer) => {
        entry.settled = true;
        if (this.results.get(key) !== entry) return;
        const cells = weigh(answer);
        if (cells > this.limits.keptAnswerCells) {
          this.drop(key);
          return;
        }
        entry.cells = cells;
        this.keptCells += cells;
        this.shrink();
      },
      () => {
        entry.settled = true;
        this.drop(key, entry);
      },
    );
    this.shrink();
    return running;
  }

  /** Drops the least recently used answers until the rest fit `capacity` and `keptCells`. */
  private shrink(): void {
    while (this.results.size > this.capacity || this.keptCells > this.limits.keptCells) {
      const oldest = this.results.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
  }

  /** Forgets the answer kept under `key` (only if it is still `entry`, when given). */
  private drop(key: string, entry?: Entry): void {
    const known = this.results.get(key);
    if (!known || (entry && known !== entry)) return;
    this.keptCells -= known.cells;
    this.results.delete(key);
  }

  /** Counts a request waiting for `entry`; when the last one goes away, the computation stops. */
  private wait(key: string, entry: Entry, signal: AbortSignal | undefined): void {
    if (entry.settled) return;
    entry.waiting++;
    if (!signal) return;
    const leave = () => {
      entry.waiting--;
      if (entry.waiting > 0 || entry.settled) return;
      entry.stop.abort();
      this.drop(key, entry);
    };
    if (signal.aborted) {
      leave();
      return;
    }
    signal.addEventListener('abort', leave, { once: true });
    entry.answer.then(
      () => signal.removeEventListener('abort', leave),
      () => signal.removeEventListener('abort', leave),
    );
  }
}
