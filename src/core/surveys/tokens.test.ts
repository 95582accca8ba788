import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  checkProofOfWork,
  issueChallenge,
  leadingZeroBits,
  newInvitationId,
  publicInvitationId,
  signLinkToken,
  signUnsubscribeToken,
  solveChallenge,
  verifyLinkToken,
  verifyUnsubscribeToken,
} from './tokens.js';

const SECRET = randomBytes(32);
const NOW = new Date('2026-03-02T10:00:00Z');
const IN_A_WEEK = new Date('2026-03-09T10:00:00Z');

describe('personal link tokens', () => {
  const claims = (invitationId: string) => ({ invitationId, surveyId: 'after-contact', version: 3 });

  test('a token carries its invitation, survey and version until it expires, and is refused as expired after', () => {
    const invitationId = newInvitationId();
    const token = signLinkToken(SECRET, { ...claims(invitationId), expiresAt: IN_A_WEEK });
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(verifyLinkToken(SECRET, token, NOW)).toEqual({
      ok: true,
      data: { invitationId, surveyId: 'after-contact', version: 3, expiresAt: IN_A_WEEK },
    });
    expect(verifyLinkToken(SECRET, token, IN_A_WEEK)).toEqual({ ok: false, error: 'expired' });
  });

  test('invitation ids are random: 16 bytes, never the same twice', () => {
    const ids = new Set(Array.from({ length: 1000 }, newInvitationId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  test('a changed id, survey, version, expiry or mac, or another secret, is forged; garbage is malformed', () => {
    const invitationId = newInvitationId();
    const token = signLinkToken(SECRET, { ...claims(invitationId), expiresAt: IN_A_WEEK });
    const [id, survey, version, expiry, mac] = token.split('.') as [string, string, string, string, string];
    const otherId = newInvitationId();
    const later = (Number.parseInt(expiry, 36) + 86_400).toString(36);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [
      `${otherId}.${survey}.${version}.${expiry}.${mac}`,
      `${id}.other-survey.${version}.${expiry}.${mac}`,
      `${id}.${survey}.4.${expiry}.${mac}`,
      `${id}.${survey}.${version}.${later}.${mac}`,
      `${id}.${survey}.${version}.${expiry}.${flipped}`,
    ])
      expect(verifyLinkToken(SECRET, forged, NOW)).toEqual({ ok: false, error: 'forged' });
    expect(verifyLinkToken(randomBytes(32), token, NOW)).toEqual({ ok: false, error: 'forged' });
    for (const malformed of [
      '',
      'abc',
      `${id}.${expiry}.${mac}`,
      `${id}.${survey}.${version}.!!.${mac}`,
      `${id}.sur.vey.${version}.${expiry}.${mac}`,
      `${token}.x`,
      'a'.repeat(400),
    ])
      expect(verifyLinkToken(SECRET, malformed, NOW)).toEqual({ ok: false, error: 'malformed' });
  });
});

describe('unsubscribe tokens', () => {
  test('carry the lower-cased address, never expire, and cannot be made for another address', () => {
    const token = signUnsubscribeToken(SECRET, ' Anna@Example.org ');
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ok: true, data: { email: 'anna@example.org' } });
    const [, mac] = token.split('.') as [string, string];
    const other = `${Buffer.from('bob@example.org').toString('base64url')}.${mac}`;
    expect(verifyUnsubscribeToken(SECRET, other)).toEqual({ ok: false, error: 'forged' });
    expect(verifyUnsubscribeToken(SECRET, 'nothing')).toEqual({ ok: false, error: 'malformed' });
  });
});

describe('public invitation ids', () => {
  const answer = {
    surveyId: 'help',
    via: 'widget',
    sourceLabel: null,
    location: null,
    pageUrl: 'https://help.example.org/a',
    formKey: 'challenge-of-one-rendered-form',
  };

  test('one rendered form on one page within 30 minutes folds into one invitation', () => {
    const first = publicInvitationId(SECRET, { ...answer, now: new Date('2026-03-02T10:01:00Z') });
    expect(publicInvitationId(SECRET, { ...answer, now: new Date('2026-03-02T10:29:00Z') })).toBe(first);
    expect(publicInvitationId(SECRET, { ...answer, now: new Date('2026-03-02T10:31:00Z') })).not.toBe(first);
    expect(
      publicInvitationId(SECRET, {
        ...answer,
        formKey: 'another-form',
        now: new Date('2026-03-02T10:01:00Z'),
      }),
    ).not.toBe(first);
    expect(
      publicInvitationId(SECRET, {
        ...answer,
        pageUrl: 'https://help.example.org/b',
        now: new Date('2026-03-02T10:01:00Z'),
      }),
    ).not.toBe(first);
  });
});

describe('proof of work', () => {
  test('a solved challenge passes; a wrong nonce, a changed challenge and an old one do not', () => {
    const { challenge, difficulty } = issueChallenge(SECRET, NOW, 10);
    const nonce = solveChallenge(challenge, difficulty);
    expect(checkProofOfWork(SECRET, challenge, nonce, NOW)).toEqual({ ok: true, data: true });
    let wrong = 0;
    while (checkProofOfWork(SECRET, challenge, String(wrong), NOW).ok) wrong++;
    expect(checkProofOfWork(SECRET, challenge, String(wrong), NOW)).toEqual({ ok: false, error: 'wrong' });
    const easier = challenge.replace('.10.', '.1.');
    expect(checkProofOfWork(SECRET, easier, nonce, NOW)).toEqual({ ok: false, error: 'forged' });
    const later = new Date(NOW.getTime() + 11 * 60_000);
    expect(checkProofOfWork(SECRET, challenge, nonce, later)).toEqual({ ok: false, error: 'expired' });
    expect(checkProofOfWork(SECRET, 'x.y', nonce, NOW)).toEqual({ ok: false, error: 'malformed' });
  });

  test('leading zero bits are counted across bytes', () => {
    expect(leadingZeroBits(Buffer.from([0, 0x0f]), 12)).toBe(true);
    expect(leadingZeroBits(Buffer.from([0, 0x1f]), 12)).toBe(false);
    expect(leadingZeroBits(Buffer.from([0x80]), 0)).toBe(true);
  });
});
