/**
 * What keeps bots and floods off the public survey pages (public links, QR codes, the widget)
 * without a third party: a per-client rate limit, a honeypot field, and a proof of work that the
 * pages' script solves (tokens.ts). A browser without script proves itself more simply: the form
 * carries a signed time, and a form sent sooner than 3 seconds after it was served (no one reads and
 * answers that fast) or later than 2 hours is refused with a page that asks to send it again.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../../core/result.js';
import { checkProofOfWork } from '../../../core/surveys/tokens.js';

export const MIN_FORM_MS = 3_000;
export const MAX_FORM_MS = 2 * 60 * 60_000;
/** Submissions one client may send to the public pages per minute. */
export const PUBLIC_SUBMISSIONS_PER_MINUTE = 10;

/**
 * The client a rate limit counts: its address alone (a bot changes its user agent at will), an
 * IPv6 address by its /64 (one subscriber's whole network).
 */
export function limitKey(ip: string | null): string {
  if (ip === null) return 'unknown';
  const address = ip.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * At most `limit` requests per client in each window. Only the current window's counts are kept:
 * a new window starts with an empty map, so memory is bounded without scanning old entries.
 */
export class ClientRateLimit {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit = PUBLIC_SUBMISSIONS_PER_MINUTE,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request; false when the client is over its limit (the request is refused). */
  take(key: string, now: Date): boolean {
    const window = Math.floor(now.getTime() / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.limit;
  }

  /** Seconds until the client's window ends: the Retry-After of a refusal. */
  retryAfter(now: Date): number {
    return Math.max(1, Math.ceil((this.windowMs - (now.getTime() % this.windowMs)) / 1000));
  }
}

function stampMac(secret: Buffer, issued: string, salt: string): string {
  return createHmac('sha256', secret).update(`form-stamp\u0000${issued}\u0000${salt}`).digest('base64url');
}

/**
 * The signed time a public form was served at, with a random part: the stamp is spent when used,
 * and two forms served in the same millisecond are two forms.
 */
export function signStamp(secret: Buffer, now: Date): string {
  const issued = now.getTime().toString(36);
  const salt = randomBytes(9).toString('base64url');
  return `${issued}.${salt}.${stampMac(secret, issued, salt)}`;
}

export type StampRefusal = 'malformed' | 'forged' | 'too_soon' | 'too_old';

export function checkStamp(secret: Buffer, stamp: string, now: Date): Result<true, StampRefusal> {
  const [issued = '', salt = '', signature = '', ...rest] = stamp.split('.');
  if (
    rest.length > 0 ||
    !/^[0-9a-z]{1,12}$/.test(issued) ||
    !/^[A-Za-z0-9_-]{12}$/.test(salt) ||
    !/^[A-Za-z0-9_-]{43}$/.test(signature)
  )
    return err('malformed');
  const expected = Buffer.from(stampMac(secret, issued, salt));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return err('forged');
  const age = now.getTime() - Number.parseInt(issued, 36);
  if (age < MIN_FORM_MS) return err('too_soon');
  if (age > MAX_FORM_MS) return err('too_old');
  return ok(true);
}

/**
 * Proofs of work and form stamps already spent: one buys one answer. Kept in two generations of
 * SPENT_GENERATION_MS each, swapped whole: a challenge lives 10 minutes and a stamp 2 hours, so
 * a generation outlives what it holds by one more, and nothing is scanned per request.
 */
export const SPENT_GENERATION_MS = MAX_FORM_MS;

export class SpentChallenges {
  private generation = -1;
  private current = new Set<string>();
  private previous = new Set<string>();

  /** Spends `token` now; false when it was spent before. Synchronous, so parallel replays get one answer. */
  spendOnce(token: string, now: Date): boolean {
    const generation = Math.floor(now.getTime() / SPENT_GENERATION_MS);
    if (generation !== this.generation) {
      this.previous = generation === this.generation + 1 ? this.current : new Set();
      this.current = new Set();
      this.generation = generation;
    }
    if (this.current.has(token) || this.previous.has(token)) return false;
    this.current.add(token);
    return true;
  }
}

export type HumanRefusal = 'no_proof' | 'bad_proof' | 'spent' | StampRefusal;

/**
 * Whether a public submission proved itself: by a proof of work when it brings a nonce (a solved
 * but expired challenge falls back to the form's time), else by the form's time. The proof or the
 * stamp is spent here, before the caller awaits anything. `allowStamp`
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
    const proof = checkProofOfWork(secret, sent.challenge, sent.nonce, now);
    if (proof.ok) return spent.spendOnce(`proof\u0000${sent.challenge}`, now) ? ok('proof') : err('spent');
    if (proof.error !== 'expired' || !allowStamp) return err('bad_proof');
  }
  if (!allowStamp) return err('no_proof');
  if (sent.stamp === '') return err('no_proof');
  const stamp = checkStamp(secret, sent.stamp, now);
  if (!stamp.ok) return err(stamp.error);
  return spent.spendOnce(`stamp\u0000${sent.stamp}`, now) ? ok('stamp') : err('spent');
}
