/**
 * What keeps bots and floods off the public survey pages (public links, QR codes, the widget)
 * without a third party: a per-client rate limit, a honeypot field, and a proof of work that the
 * pages' script solves (tokens.ts). A browser without script proves itself more simply: the form
 * carries a signed time, and a form sent sooner than 3 seconds after it was served (no one reads and
 * answers that fast) or later than 2 hours is refused with a page that asks to send it again.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../../core/result.js';
import { checkProofOfWork } from '../../../core/surveys/tokens.js';

export const MIN_FORM_MS = 3_000;
export const MAX_FORM_MS = 2 * 60 * 60_000;
/** Submissions one client may send to the public pages per minute. */
export const PUBLIC_SUBMISSIONS_PER_MINUTE = 10;

/** One client as the rate limit and the folding of answers know it: not reversible, not kept. */
export function clientKey(ip: string | null, userAgent: string | undefined): string {
  return createHash('sha256')
    .update(`${ip ?? 'unknown'}\u0000${userAgent ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}

/** At most `limit` requests per client in each window; memory stays bounded by forgetting old windows. */
export class ClientRateLimit {
  private readonly counts = new Map<string, { window: number; count: number }>();

  constructor(
    private readonly limit = PUBLIC_SUBMISSIONS_PER_MINUTE,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request; false when the client is over its limit (the request is refused). */
  take(key: string, now: Date): boolean {
    const window = Math.floor(now.getTime() / this.windowMs);
    if (this.counts.size > 50_000)
      for (const [k, v] of this.counts) if (v.window !== window) this.counts.delete(k);
    const entry = this.counts.get(key);
    if (!entry || entry.window !== window) {
      this.counts.set(key, { window, count: 1 });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.limit;
  }

  /** Seconds until the client's window ends: the Retry-After of a refusal. */
  retryAfter(now: Date): number {
    return Math.max(1, Math.ceil((this.windowMs - (now.getTime() % this.windowMs)) / 1000));
  }
}

function stampMac(secret: Buffer, issued: string): string {
  return createHmac('sha256', secret).update(`form-stamp\u0000${issued}`).digest('base64url');
}

/** The signed time a public form was served at. */
export function signStamp(secret: Buffer, now: Date): string {
  const issued = now.getTime().toString(36);
  return `${issued}.${stampMac(secret, issued)}`;
}

export type StampRefusal = 'malformed' | 'forged' | 'too_soon' | 'too_old';

export function checkStamp(secret: Buffer, stamp: string, now: Date): Result<true, StampRefusal> {
  const [issued = '', signature = '', ...rest] = stamp.split('.');
  if (rest.length > 0 || !/^[0-9a-z]{1,12}$/.test(issued) || !/^[A-Za-z0-9_-]{43}$/.test(signature))
    return err('malformed');
  const expected = Buffer.from(stampMac(secret, issued));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return err('forged');
  const age = now.getTime() - Number.parseInt(issued, 36);
  if (age < MIN_FORM_MS) return err('too_soon');
  if (age > MAX_FORM_MS) return err('too_old');
  return ok(true);
}

/** Proofs of work already spent: one solved challenge buys one answer. */
export class SpentChallenges {
  private readonly spent = new Map<string, number>();

  has(challenge: string): boolean {
    return this.spent.has(challenge);
  }

  spend(challenge: string, now: Date): void {
    if (this.spent.size > 100_000) {
      for (const [c, until] of this.spent) if (until < now.getTime()) this.spent.delete(c);
    }
    // Longer than a challenge is valid (10 minutes): by then tokens.ts refuses it anyway.
    this.spent.set(challenge, now.getTime() + 15 * 60_000);
  }
}

export type HumanRefusal = 'no_proof' | 'bad_proof' | 'spent' | StampRefusal;

/**
 * Whether a public submission proved itself: by a proof of work when it brings a nonce (a solved
 * but expired challenge falls back to the form's time), else by the form's time. `allowStamp`
 * false (the widget, which always runs script) asks for the proof of work.
 */
export function checkHuman(
  secret: Buffer,
  sent: { challenge: string; nonce: string; stamp: string },
  now: Date,
  spent: SpentChallenges,
  allowStamp = true,
): Result<'proof' | 'stamp', HumanRefusal> {
  if (sent.nonce !== '') {
    if (spent.has(sent.challenge)) return err('spent');
    const proof = checkProofOfWork(secret, sent.challenge, sent.nonce, now);
    if (proof.ok) return ok('proof');
    if (proof.error !== 'expired' || !allowStamp) return err('bad_proof');
  }
  if (!allowStamp) return err('no_proof');
  if (sent.stamp === '') return err('no_proof');
  const stamp = checkStamp(secret, sent.stamp, now);
  return stamp.ok ? ok('stamp') : err(stamp.error);
}
