import type { Engine } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { SerializedEngine } from '../../server/serialized-engine.js';
import type { FactsChange } from '../rebuild.js';
import { applyRetention } from './erase.js';
import { SurveyAnswerIntake } from './intake.js';
import { SurveyProcessor } from './processor.js';

/**
 * The survey answers of a running server: the intake that stores them as they arrive, and the
 * processor that turns them into canonical rows and facts. Started with the server, stopped before
 * its database is closed.
 */
export class SurveyRuntime {
  readonly intake: SurveyAnswerIntake;
  readonly processor: SurveyProcessor;
  private readonly imported = new Set<(change: FactsChange) => void>();
  private readonly engine: Engine | SerializedEngine;
  private readonly now: () => Date;
  private readonly retentionEveryMs: number;
  private retentionTimer: NodeJS.Timeout | null = null;
  private retaining: Promise<unknown> = Promise.resolve();

  /**
   * `database`: the server's DuckDB, on which the intake opens a connection of its own, so that
   * answers are acknowledged while the processor rebuilds facts on the shared one.
   */
  constructor(
    engine: Engine | SerializedEngine,
    options: {
      now?: () => Date;
      intervalMs?: number;
      database?: DuckDbEngine | null;
      /** How often the retention period is applied (survey_config retentionDays); default 6 hours. */
      retentionEveryMs?: number;
    } = {},
  ) {
    this.engine = engine;
    this.now = options.now ?? (() => new Date());
    this.retentionEveryMs = options.retentionEveryMs ?? 6 * 60 * 60 * 1000;
    this.processor = new SurveyProcessor({
      engine,
      now: options.now,
      intervalMs: options.intervalMs,
      onImported: (change) => {
        for (const listener of this.imported) listener(change);
      },
    });
    const { database } = options;
    this.intake = new SurveyAnswerIntake(engine, {
      now: options.now,
      onStored: () => this.processor.wake(),
      ...(database ? { openWriter: () => database.openWriter() } : {}),
    });
  }

  /** Called after answers changed the rows and the facts (to forget kept KPI results). */
  onImported(listener: (change: FactsChange) => void): void {
    this.imported.add(listener);
  }

  start(): void {
    this.processor.start();
    // Retention needs no job of its own: a period set in the config is applied from the next start
    // and every few hours after it, by whichever server runs.
    this.retentionTimer = setInterval(() => this.applyRetentionNow(), this.retentionEveryMs);
    this.retentionTimer.unref();
    this.applyRetentionNow();
  }

  /**
   * Applies the retention period now. A failure is written to stderr (one JSON line, as the
   * processor's) and left for the next turn: the transaction leaves nothing half-written.
   */
  applyRetentionNow(): Promise<unknown> {
    this.retaining = this.retaining
      .then(() => applyRetention(this.engine, this.now()))
      .then((removed) => {
        if (removed.change) for (const listener of this.imported) listener(removed.change);
      })
      .catch((error: unknown) => {
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'survey retention', error: String(error) })}\n`,
        );
      });
    return this.retaining;
  }

  /** Something else made or sent invitations (a mail, a wave): their rows are written at once. */
  wake(): void {
    this.processor.wake();
  }

  /** Stores what was submitted and processes everything waiting now (tests, the command line). */
  async drain(): Promise<void> {
    await this.intake.flush();
    while ((await this.processor.processWaiting()) > 0) {}
  }

  /** Stops taking answers, lets the writes and the batch under way finish. */
  async stop(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.retaining;
    await this.intake.stop();
    await this.processor.stop();
  }
}
