import { expect, test } from 'vitest';
import { issueChallenge, solveChallenge } from '../../../core/surveys/tokens.js';
import {
  ClientRateLimit,
  checkHuman,
  checkStamp,
  limitKey,
  MAX_FORM_MS,
  MIN_FORM_MS,
  SPENT_GENERATION_MS,
  SpentChallenges,
  signStamp,
} from './protection.js';

const secret = Buffer.alloc(32, 3);
const served = new Date('2026-03-02T10:00:00Z');
const after = (ms: number) => new Date(served.getTime() + ms);

test('a client over ten submissions a minute is refused while another still answers; the next minute it may again', () => {
  const limit = new ClientRateLimit(10, 60_000);
  const flooding = limitKey('203.0.113.5');
  const other = limitKey('203.0.113.6');
  const results = Array.from({ length: 12 }, () => limit.take(flooding, served));
  expect(results.filter(Boolean)).toHaveLength(10);
  expect(results.slice(10)).toEqual([false, false]);
  expect(limit.take(other, served)).toBe(true);
  expect(limit.take(flooding, after(60_000))).toBe(true);
  expect(limit.retryAfter(after(45_000))).toBe(15);
});

test('the rate limit counts an address whatever its user agent, an IPv6 address by its /64', () => {
  expect(limitKey('::ffff:203.0.113.5')).toBe(limitKey('203.0.113.5'));
  expect(limitKey('2001:db8:1:2:aaaa::1')).toBe(limitKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee'));
  expect(limitKey('2001:db8:1:2::')).toBe('2001:db8:1:2::/64');
  expect(limitKey('2001:db8:1:3::1')).not.toBe(limitKey('2001:db8:1:2::1'));
  expect(limitKey('::1')).toBe('0:0:0:0::/64');
  expect(limitKey(null)).toBe('unknown');
});

test('spent proofs are forgotten by generation, never by a scan, and never sooner than they expire', () => {
  const spent = new SpentChallenges();
  expect(spent.spendOnce('a', served)).toBe(true);
  expect(spent.spendOnce('a', served)).toBe(false);
  expect(spent.spendOnce('a', after(SPENT_GENERATION_MS))).toBe(false);
  expect(spent.spendOnce('a', after(3 * SPENT_GENERATION_MS))).toBe(true);
});

test('a form sent sooner than 3 s after it was served, or later than 2 hours, is refused; a forged time too', () => {
  const stamp = signStamp(secret, served);
  expect(checkStamp(secret, stamp, after(MIN_FORM_MS - 1))).toEqual({ ok: false, error: 'too_soon' });
  expect(checkStamp(secret, stamp, after(MIN_FORM_MS))).toEqual({ ok: true, data: true });
  expect(checkStamp(secret, stamp, after(MAX_FORM_MS))).toEqual({ ok: true, data: true });
  expect(checkStamp(secret, stamp, after(MAX_FORM_MS + 1))).toEqual({ ok: false, error: 'too_old' });
  const [issued = '', salt = '', mac = ''] = stamp.split('.');
  const earlier = `${(Number.parseInt(issued, 36) - 60_000).toString(36)}.${salt}.${mac}`;
  expect(signStamp(secret, served)).not.toBe(stamp);
  expect(checkStamp(secret, earlier, after(MIN_FORM_MS))).toEqual({ ok: false, error: 'forged' });
  expect(checkStamp(Buffer.alloc(32, 4), stamp, after(MIN_FORM_MS))).toEqual({ ok: false, error: 'forged' });
  expect(checkStamp(secret, 'not a stamp', after(MIN_FORM_MS))).toEqual({ ok: false, error: 'malformed' });
});

test('a solved challenge proves a submission once; a wrong nonce never; without script the form time does', () => {
  const spent = new SpentChallenges();
  const { challenge, difficulty } = issueChallenge(secret, served);
  const nonce = solveChallenge(challenge, difficulty);
  const stamp = signStamp(secret, served);
  const now = after(1_000);
  expect(checkHuman(secret, { challenge, nonce, stamp: '' }, now, spent)).toEqual({
    ok: true,
    data: 'proof',
  });
  // Spent by the check itself: a replay, even in parallel, is refused.
  expect(checkHuman(secret, { challenge, nonce, stamp }, now, spent)).toEqual({ ok: false, error: 'spent' });

  const fresh = issueChallenge(secret, served);
  const solved = solveChallenge(fresh.challenge, fresh.difficulty);
  const wrong = ['0', '1'].find((candidate) => candidate !== solved);
  expect(checkHuman(secret, { ...fresh, nonce: wrong ?? 'x', stamp }, after(10_000), spent)).toEqual({
    ok: false,
    error: 'bad_proof',
  });
  // No script: no nonce, and the form's time decides.
  expect(checkHuman(secret, { challenge: '', nonce: '', stamp }, now, spent)).toEqual({
    ok: false,
    error: 'too_soon',
  });
  expect(checkHuman(secret, { challenge: '', nonce: '', stamp }, after(5_000), spent)).toEqual({
    ok: true,
    data: 'stamp',
  });
  // A form's stamp is single-use too.
  expect(checkHuman(secret, { challenge: '', nonce: '', stamp }, after(6_000), spent)).toEqual({
    ok: false,
    error: 'spent',
  });
  expect(checkHuman(secret, { challenge: '', nonce: '', stamp: '' }, after(5_000), spent)).toEqual({
    ok: false,
    error: 'no_proof',
  });
});

test('a proof solved but expired falls back to the form time on a page; the widget needs a live proof', () => {
  const spent = new SpentChallenges();
  const { challenge, difficulty } = issueChallenge(secret, served);
  const nonce = solveChallenge(challenge, difficulty);
  const stamp = signStamp(secret, served);
  const late = after(11 * 60_000);
  expect(checkHuman(secret, { challenge, nonce, stamp }, late, spent)).toEqual({ ok: true, data: 'stamp' });
  expect(checkHuman(secret, { challenge, nonce, stamp: '' }, late, spent, false)).toEqual({
    ok: false,
    error: 'bad_proof',
  });
  expect(checkHuman(secret, { challenge: '', nonce: '', stamp }, after(5_000), spent, false)).toEqual({
    ok: false,
    error: 'no_proof',
  });
});
