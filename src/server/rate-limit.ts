import { isIP } from 'node:net';
/**
 * Failed sign-ins per key (an IP address, an e-mail) in a sliding window. Kept in memory: the
 * server is one process, and a restart forgetting the counts is acceptable for this purpose.
 */
export interface LimitRule {
  /** Failures allowed in the window; the next attempt is refused. */
  failures: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly rule: LimitRule) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.rule.windowMs);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.rule.failures) return 0;
    const oldest = recent[recent.length - this.rule.failures] ?? now;
    return Math.max(1, Math.ceil((oldest + this.rule.windowMs - now) / 1000));
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    // Moved to the end: under a spray of keys the least recently failed go first, not the one
    // under attack the longest.
    this.failures.delete(key);
    this.failures.set(key, [...recent, now]);
    if (this.failures.size > 100_000) {
      const first = this.failures.keys().next().value;
      if (first !== undefined) this.failures.delete(first);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * Slows an address down without locking it out: each attempt from it waits its turn, one at a time,
 * `delayMs` after the previous one; when `maxWaiting` already wait, the attempt is refused at once.
 * A right password still gets through, only slowly, while guessing from that address is held to
 * one try per delay however many connections it opens.
 */
export class Throttle {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(
    private readonly delayMs: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves when it is this attempt's turn, or false at once when too many already wait. */
  async turn(key: string): Promise<boolean> {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= this.maxWaiting) return false;
    queue.waiting++;
    this.queues.set(key, queue);
    const mine = queue.tail.then(() => new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)));
    queue.tail = mine;
    await mine;
    queue.waiting--;
    if (queue.waiting === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    return true;
  }
}

export interface LoginLimits {
  /** Failures after which the e-mail is locked: even the right password waits for the window. */
  perEmail: LimitRule;
  /** Failures after which the address is slowed (see `slowdown`), never locked out. */
  perIp: LimitRule;
  slowdown?: { delayMs: number; maxWaiting: number };
}

export const DEFAULT_SLOWDOWN = { delayMs: 2_000, maxWaiting: 5 };

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perEmail: { failures: 5, windowMs: 15 * 60_000 },
  perIp: { failures: 20, windowMs: 15 * 60_000 },
  slowdown: DEFAULT_SLOWDOWN,
};

/**
 * The key an address is limited under. An IPv6 client usually holds a whole /64 and could take a
 * new address for every attempt: its /64 is the key.
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown';
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
