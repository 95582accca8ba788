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
    this.failures.set(key, [...this.recent(key, now), now]);
    // Bounded memory under a spray of keys: the oldest keys go first.
    if (this.failures.size > 100_000) {
      const first = this.failures.keys().next().value;
      if (first !== undefined) this.failures.delete(first);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

export interface LoginLimits {
  perEmail: LimitRule;
  perIp: LimitRule;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perEmail: { failures: 5, windowMs: 15 * 60_000 },
  perIp: { failures: 20, windowMs: 15 * 60_000 },
};
