import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Engine } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
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
import type { FactsChange } from '../services/rebuild.js';

/** What a kept answer other than a KPI result reads: which changes of the facts forget it. */
export type KeptDependency =
  /** Anything the data holds (the data status: counts, the last import): every change forgets it. */
  | 'any-change'
  /** The values of the dimensions, agents and teams (filter lists, dimension sizes). */
  | 'filter-values'
  /** Agents and their teams (an agent's scope, the agents of the scorecards). */
  | 'agents'
  /** Settings alone (KPI targets): only `forget()` without a change forgets it. */
  | 'settings';

/** What a kept KPI result read: a change that reaches none of it leaves it kept. */
interface KpiReads {
  /** UTC milliseconds of the range with its previous period; null: the whole span of the data. */
  range: { from: number; to: number } | null;
  /** It counts a stock (the open backlog), which contacts created before the range change. */
  stock: boolean;
  /** It measures a business-hours duration, whose notice counts the contacts without a calendar. */
  businessDurations: boolean;
}

type Reads = { kpi: KpiReads } | { other: KeptDependency };

const DAY_MS = 86_400_000;

/**
 * The instants a KPI query reads: its range, from the start of its previous period when it
 * compares (at least as far back as `previousRange` in kpi.ts goes), padded by a day on each side.
 */
function kpiReads(query: KpiQuery): KpiReads {
  const kpis = (query.kpis ?? KPIS.map((k) => k.id)).flatMap((id) => findKpi(id) ?? []);
  const stock = kpis.some((k) => k.value.kind === 'stock');
  const businessDurations = kpis.some((k) => k.value.kind === 'duration' && k.value.business !== undefined);
  if (!query.from || !query.to) return { range: null, stock, businessDurations };
  const start = DateTime.fromISO(query.from, { zone: query.timezone });
  const end = DateTime.fromISO(query.to, { zone: query.timezone });
  if (!start.isValid || !end.isValid) return { range: null, stock, businessDurations };
  let from = start;
  if (query.compare && query.compareWith === 'year') {
    from = start.minus({ years: 1 });
  } else if (query.compare && query.grain) {
    // As many periods back as the range has, partial ones included.
    const periods = Math.ceil(end.diff(start, query.grain).as(query.grain)) + 1;
    from = start.minus({ [`${query.grain}s`]: periods });
  } else if (query.compare) {
    from = start.minus({ days: Math.ceil(end.diff(start, 'days').days) });
  }
  return { range: { from: from.toMillis() - DAY_MS, to: end.toMillis() + DAY_MS }, stock, businessDurations };
}

const instant = (iso: string) => Date.parse(iso);

/** Whether `change` reaches what a kept answer read. */
function reaches(change: FactsChange, reads: Reads): boolean {
  if ('other' in reads) {
    switch (reads.other) {
      case 'any-change':
        return true;
      case 'filter-values':
        return change.filterValues || change.agents;
      case 'agents':
        return change.agents;
      case 'settings':
        return false;
    }
  }
  const { range, stock, businessDurations } = reads.kpi;
  // Teams of agents (comparisons with the rest of a team) and the inputs of sources (indicators
  // left empty) are read whatever the range.
  if (change.agents || change.inputs || (change.withoutCalendar && businessDurations)) return true;
  if (change.days === null && change.backlog === null) return false;
  if (range === null) return true;
  const { days, backlog } = change;
  if (days !== null && range.from < instant(days.to) && instant(days.from) < range.to) return true;
  // A stock is counted at period ends, up to and including the range's end.
  return (
    stock &&
    backlog !== null &&
    instant(backlog.from) <= range.to &&
    (backlog.to === null || range.from <= instant(backlog.to))
  );
}

/** An answer being computed or kept, with the requests waiting for it. */
interface Entry {
  answer: Promise<unknown>;
  /** Stops the computation once every request waiting for it has gone away. */
  stop: AbortController;
  waiting: number;
  settled: boolean;
  /** What the kept answer weighs against `keptCells`: 0 until it is kept. */
  cells: number;
  /** The `facts_state.rebuilt_at` the answer holds for. */
  facts: string;
  reads: Reads;
}

/**
 * KPI results of the facts as they are: a dashboard shows the same few views to many people, and
 * the facts change only when they are rebuilt. A result is kept under its query for the time of
 * the last rebuild, and a query already running is joined instead of run again — twenty people
 * opening the overview at once cost one query. Other answers read from the facts alone (the
 * filter values) are kept the same way through `remember`. A rebuild made through this server
 * says what it changed (`forget(change)`): what it does not reach stays kept.
 */
export class KpiCache {
  private readonly results = new Map<string, Entry>();
  /** Cells of the answers kept, at most `limits.keptCells`. */
  private keptCells = 0;

  constructor(
    private readonly engine: Engine,
    private readonly capacity = 256,
    private readonly limits: { keptAnswerCells: number; keptCells: number } = QUERY_LIMITS,
    /** Another engine holding a copy of the facts (ClickHouse): it answers when it holds these facts. */
    private readonly analytics: { engineFor(facts: string): Engine | null } | null = null,
  ) {}

  /** Where the KPI statements for the facts `facts` run. */
  private readerFor(facts: string): Engine {
    return this.analytics?.engineFor(facts) ?? this.engine;
  }

  /** The cells of the answers kept now. */
  get cells(): number {
    return this.keptCells;
  }

  /**
   * Forgets what a change of the facts made through this server reaches. Without a change, or
   * with a full rebuild's, every answer (a calendar, a threshold, a KPI target changed). With an
   * import's: the KPI results whose range (with its previous period) meets the days it changed,
   * or, counting the backlog, the span where a changed contact was open; all of them when agents'
   * teams or the inputs of a source changed; the answers of the filter values when a dimension
   * gained or lost a value; the data status always. The rest hold for the new facts.
   */
  forget(change?: FactsChange): void {
    this.refreshing = null;
    this.epoch++;
    if (!change || change.everything) {
      this.results.clear();
      this.keptCells = 0;
      this.rebuilt = null;
      return;
    }
    for (const [key, entry] of [...this.results]) {
      // Computed after the change already (the new time was read in between).
      if (entry.facts === change.after) continue;
      if (entry.facts === (change.before ?? '') && !reaches(change, entry.reads)) entry.facts = change.after;
      else this.drop(key);
    }
    this.rebuilt = { readAt: Date.now(), at: Promise.resolve(change.after) };
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
      { kpi: kpiReads(query) },
      (stop, facts) =>
        runKpiQuery(this.readerFor(facts), query, {
          ...options,
          signal: stop,
          dimensionSizes: () =>
            this.remember('dimension-sizes', () => dimensionSizes(this.readerFor(facts)), 'filter-values'),
        }),
      // An error is not kept: the same query is answered afresh next time.
      (result) => (result.ok ? result.data.rows.length * kpiCount : Number.POSITIVE_INFINITY),
      signal,
    );
  }

  /**
   * An answer computed from the facts alone, kept under `name` until they change in a way that
   * reaches what it reads (`dependsOn`; by default any change).
   */
  remember<T>(name: string, compute: () => Promise<T>, dependsOn: KeptDependency = 'any-change'): Promise<T> {
    return this.keep(`other\u0000${name}`, { other: dependsOn }, compute);
  }

  /**
   * Joins or starts `compute`; its answer is kept unless it fails or `weigh` makes it heavier than
   * `keptAnswerCells`. Kept answers weigh at most `keptCells` together: the least recently used
   * go first.
   */
  private async keep<T>(
    name: string,
    reads: Reads,
    compute: (stop: AbortSignal, facts: string) => Promise<T>,
    // A KPI result weighs its cells; the other answers are a few rows each.
    weigh: (answer: T) => number = () => 1,
    signal?: AbortSignal,
  ): Promise<T> {
    const facts = await this.rebuiltAt();
    // A query can be a megabyte of JSON: its digest stands for it.
    const key = createHash('sha256').update(name).digest('base64');
    const known = this.results.get(key);
    if (known && known.facts === facts && !known.stop.signal.aborted) {
      // Most recently used last: the first key is the one to drop when full.
      this.results.delete(key);
      this.results.set(key, known);
      this.wait(key, known, signal);
      return known.answer as Promise<T>;
    }
    // Kept for older facts: those asking for it still get it, nobody else.
    if (known) this.drop(key, known);
    const stop = new AbortController();
    const running = compute(stop.signal, facts);
    const entry: Entry = { answer: running, stop, waiting: 0, settled: false, cells: 0, facts, reads };
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
