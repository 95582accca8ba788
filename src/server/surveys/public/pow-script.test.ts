import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { checkProofOfWork, issueChallenge } from '../../../core/surveys/tokens.js';
import { POW_SCRIPT } from './pow-script.js';

interface BrowserPow {
  powHash(text: string): number[];
  powSolve(challenge: string, difficulty: number): Promise<string>;
}

// The script runs in browsers; here it runs as they would run it, from its source text.
const pow = new Function(`${POW_SCRIPT}; return { powHash, powSolve };`)() as BrowserPow;

test("the browsers' SHA-256 agrees with node's on every padding boundary and on UTF-8", () => {
  for (const text of [
    '',
    'abc',
    'x'.repeat(55),
    'y'.repeat(56),
    'z'.repeat(64),
    'q'.repeat(130),
    'héllo 中文 ї',
  ]) {
    const expected = createHash('sha256').update(text).digest('hex');
    const hashed = pow
      .powHash(text)
      .map((word) => word.toString(16).padStart(8, '0'))
      .join('');
    expect(hashed, JSON.stringify(text)).toBe(expected);
  }
});

test('the nonce the script finds is one the server accepts', async () => {
  const secret = Buffer.alloc(32, 7);
  const now = new Date('2026-03-02T10:00:00Z');
  const { challenge, difficulty } = issueChallenge(secret, now);
  const nonce = await pow.powSolve(challenge, difficulty);
  expect(checkProofOfWork(secret, challenge, nonce, now)).toEqual({ ok: true, data: true });
});
