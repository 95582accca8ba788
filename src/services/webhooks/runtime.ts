import type { Engine } from '../../core/engine.js';
import { duckDbOf } from '../../engines/duckdb/engine.js';
import type { SerializedEngine } from '../../server/serialized-engine.js';
import type { FactsChange } from '../rebuild.js';
import { WebhookIntake } from './intake.js';
import { WebhookProcessor } from './processor.js';

/**
 * The webhooks of a running server: the intake that stores what vendors push, and the processor
 * that turns it into rows. Started with the server, stopped before its database is closed.
 */
export class WebhookRuntime {
  readonly intake: WebhookIntake;
  /** Null where the import pipeline cannot run (a database other than DuckDB): events wait on disk. */
  readonly processor: WebhookProcessor | null;
  private readonly imported = new Set<(change: FactsChange | undefined) => void>();

  /** `served`: the engine the server was given, whose DuckDB the import pipeline runs on. */
  constructor(engine: SerializedEngine, served: Engine, options: { now?: () => Date } = {}) {
    const database = duckDbOf(served);
    this.processor =
      database === null
        ? null
        : new WebhookProcessor({
            engine,
            database,
            now: options.now,
            onImported: (change) => {
              for (const listener of this.imported) listener(change);
            },
          });
    this.intake = new WebhookIntake(engine, { now: options.now, onStored: () => this.processor?.wake() });
  }

  /** Called after events changed the rows and the facts (to forget kept KPI results). */
  onImported(listener: (change: FactsChange | undefined) => void): void {
    this.imported.add(listener);
  }

  start(): void {
    this.processor?.start();
  }

  /** Stops taking requests, lets the writes and the batch under way finish. */
  async stop(): Promise<void> {
    await this.intake.close();
    await this.processor?.stop();
  }
}
