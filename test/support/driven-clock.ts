import type { RunnerTimer } from '../../src/services/jobs/runner.js';

/**
 * A clock and a timer a test drives by hand: nothing fires until the test moves the time, and then
 * everything due fires in order.
 */
export class DrivenClock {
  private time: number;
  private pending: { id: number; at: number; fire: () => void }[] = [];
  private ids = 0;

  constructor(start: string | Date) {
    this.time = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.time);

  readonly timer: RunnerTimer = {
    set: (delayMs, fire) => {
      const id = ++this.ids;
      this.pending.push({ id, at: this.time + delayMs, fire });
      return id;
    },
    clear: (handle) => {
      this.pending = this.pending.filter((t) => t.id !== handle);
    },
  };

  /** When the earliest timer fires, or null when none is set. */
  nextTimerAt(): Date | null {
    const at = Math.min(...this.pending.map((t) => t.at));
    return Number.isFinite(at) ? new Date(at) : null;
  }

  /** Moves the time to `instant` and fires every timer due by then. */
  moveTo(instant: string | Date): void {
    const to = new Date(instant).getTime();
    if (to < this.time)
      throw new Error(
        `the driven clock only moves forward (${new Date(this.time).toISOString()} → ${new Date(to).toISOString()})`,
      );
    this.time = to;
    const due = this.pending.filter((t) => t.at <= to).sort((a, b) => a.at - b.at);
    this.pending = this.pending.filter((t) => t.at > to);
    for (const t of due) t.fire();
  }
}
