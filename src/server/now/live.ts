/**
 * The open Now streams of one server. One timer reads the database's change marker every couple of
 * seconds for all of them; when it moved, each distinct view (the team's, a viewer's, one per agent)
 * is computed once and sent to every stream showing it. Every stream also gets a fresh view now and
 * then, since waits grow and "today" ends without any write, and a comment line when it has been
 * quiet for a while, so proxies and browsers keep the connection.
 */
import type { NowView } from '../../services/now.js';

export interface NowStreamLimits {
  /** How often the change marker is read. */
  pollMs: number;
  /** A stream silent this long gets a comment line. */
  heartbeatMs: number;
  /** A stream gets a new view at least this often, changed data or not. */
  refreshMs: number;
  /** Streams one user may hold open at once. */
  perUser: number;
}

export const NOW_STREAM_LIMITS: NowStreamLimits = {
  pollMs: 2000,
  heartbeatMs: 15_000,
  refreshMs: 30_000,
  perUser: 4,
};

/** How long a browser waits before it reconnects a dropped stream, sent as the stream's `retry`. */
const RECONNECT_MS = 3000;

/**
 * What a stream shows now: streams with the same key show the same view, computed once for all of
 * them. Asked again before every view, so a stream follows its user's current role and ends once
 * they signed out, were disabled or their token was revoked.
 */
export interface NowShown {
  key: string;
  compute: () => Promise<NowView>;
}

interface Subscriber {
  userId: string;
  /** Null: the user may no longer see it, and the stream ends. */
  shown: () => Promise<NowShown | null>;
  send: (text: string) => void;
  close: () => void;
  lastWriteAt: number;
  lastViewAt: number;
  /** Its last computation failed: the next tick tries again. */
  owed: boolean;
}

export class NowStreams {
  private readonly subscribers = new Set<Subscriber>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private marker: string | null = null;
  private ticking = false;

  constructor(
    private readonly readMarker: () => Promise<string>,
    private readonly limits: NowStreamLimits = NOW_STREAM_LIMITS,
    private readonly log: (error: unknown) => void = (error) => console.error(error),
  ) {}

  /** Streams one user may hold open at once. */
  get limit(): number {
    return this.limits.perUser;
  }

  /** The streams open now, for one user or in all. */
  count(userId?: string): number {
    let n = 0;
    for (const s of this.subscribers) if (userId === undefined || s.userId === userId) n++;
    return n;
  }

  /**
   * A new stream for a user, closed when `signal` fires or the reader cancels it; null when the
   * user holds as many as they may.
   */
  open(
    userId: string,
    shown: () => Promise<NowShown | null>,
    signal: AbortSignal,
  ): ReadableStream<Uint8Array> | null {
    if (this.count(userId) >= this.limits.perUser) return null;
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    const subscriber: Subscriber = {
      userId,
      shown,
      close: () => close(),
      lastWriteAt: Date.now(),
      lastViewAt: 0,
      owed: true,
      send: (text) => {
        try {
          controller?.enqueue(encoder.encode(text));
          subscriber.lastWriteAt = Date.now();
        } catch {
          close();
        }
      },
    };
    const close = () => {
      if (!this.subscribers.delete(subscriber)) return;
      try {
        controller?.close();
      } catch {
        // Already closed by the reader.
      }
      if (this.subscribers.size === 0) this.stop();
    };
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: close,
    });
    signal.addEventListener('abort', close, { once: true });
    this.subscribers.add(subscriber);
    subscriber.send(`retry: ${RECONNECT_MS}\n\n`);
    this.start();
    void this.welcome(subscriber);
    return stream;
  }

  /**
   * The first view of a new stream. The marker is read before it is computed, so a write made while
   * it is being computed moves the marker and reaches the stream on the next tick.
   */
  private async welcome(subscriber: Subscriber): Promise<void> {
    if (this.marker === null) {
      try {
        this.marker = await this.readMarker();
      } catch (error) {
        this.log(error);
      }
    }
    await this.push([subscriber]);
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.limits.pollMs);
    // Open streams never keep the process alive on their own.
    this.timer.unref?.();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.marker = null;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      let changed = false;
      try {
        const marker = await this.readMarker();
        changed = this.marker !== null && marker !== this.marker;
        this.marker = marker;
      } catch (error) {
        this.log(error);
      }
      const now = Date.now();
      const due = [...this.subscribers].filter(
        (s) => changed || s.owed || now - s.lastViewAt >= this.limits.refreshMs,
      );
      if (due.length > 0) await this.push(due);
      for (const s of this.subscribers)
        if (Date.now() - s.lastWriteAt >= this.limits.heartbeatMs) s.send(': heartbeat\n\n');
    } finally {
      this.ticking = false;
    }
  }

  /** Computes each distinct view of `subscribers` once and sends it to each of them. */
  private async push(subscribers: Subscriber[]): Promise<void> {
    const views = new Map<string, Promise<string | null>>();
    await Promise.all(
      subscribers.map(async (s) => {
        let shown: NowShown | null;
        try {
          shown = await s.shown();
        } catch (error) {
          this.log(error);
          s.owed = true;
          return;
        }
        if (shown === null) {
          s.close();
          return;
        }
        let text = views.get(shown.key);
        if (!text) {
          text = shown.compute().then(
            (view) => `event: now\ndata: ${JSON.stringify(view)}\n\n`,
            (error: unknown) => {
              this.log(error);
              return null;
            },
          );
          views.set(shown.key, text);
        }
        const event = await text;
        // A view that could not be computed is owed: the next tick tries again.
        s.owed = event === null;
        if (event === null) return;
        s.send(event);
        s.lastViewAt = Date.now();
      }),
    );
  }
}
