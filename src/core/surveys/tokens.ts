/**
 * The signed strings of the surveys: personal links, unsubscribe links, the ids that fold repeated
 * public answers into one invitation, and the proof-of-work challenge that keeps bots off the public
 * pages. All are HMAC-SHA256 with the database's survey secret (services/surveys/config.ts), so a
 * token can be checked without a database read, and none can be made without the secret.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../result.js';

export type TokenRefusal = 'malformed' | 'forged' | 'expired';

/** A new invitation id: 16 random bytes, base64url (22 characters, no `.`). */
export function newInvitationId(): string {
  return randomBytes(16).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function mac(secret: Buffer, purpose: string, ...parts: string[]): string {
  return createHmac('sha256', secret)
    .update(`${purpose}\u0000${parts.join('\u0000')}`)
    .digest('base64url');
}

function sameMac(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a personal link's token carries: enough to take the answer without reading the database. */
export interface LinkClaims {
  invitationId: string;
  surveyId: string;
  /** The survey version the invitation was given; versions never change, so it names the questions. */
  version: number;
  expiresAt: Date;
}

const SURVEY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * A personal link's token: `<invitation id>.<survey id>.<version, base 36>.<expiry, seconds in
 * base 36>.<mac>`. The id is random, so the token cannot be guessed; the mac binds all the claims,
 * so none can be changed.
 */
export function signLinkToken(secret: Buffer, claims: LinkClaims): string {
  if (!BASE64URL.test(claims.invitationId))
    throw new Error(`invitation id ${claims.invitationId} is not base64url`);
  if (!SURVEY_ID.test(claims.surveyId)) throw new Error(`survey id ${claims.surveyId} is not a survey id`);
  if (!Number.isInteger(claims.version) || claims.version < 1)
    throw new Error(`survey version ${claims.version} is not a positive integer`);
  const version = claims.version.toString(36);
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000).toString(36);
  const body = `${claims.invitationId}.${claims.surveyId}.${version}.${expiry}`;
  return `${body}.${mac(secret, 'link', claims.invitationId, claims.surveyId, version, expiry)}`;
}

export function verifyLinkToken(secret: Buffer, token: string, now: Date): Result<LinkClaims, TokenRefusal> {
  const parts = token.split('.');
  if (parts.length !== 5 || token.length > 300) return err('malformed');
  const [invitationId = '', surveyId = '', version = '', expiry = '', signature = ''] = parts;
  if (
    !BASE64URL.test(invitationId) ||
    !SURVEY_ID.test(surveyId) ||
    !/^[0-9a-z]{1,8}$/.test(version) ||
    !/^[0-9a-z]{1,10}$/.test(expiry) ||
    !BASE64URL.test(signature)
  )
    return err('malformed');
  if (!sameMac(signature, mac(secret, 'link', invitationId, surveyId, version, expiry))) return err('forged');
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return err('expired');
  return ok({ invitationId, surveyId, version: Number.parseInt(version, 36), expiresAt });
}

/** An unsubscribe link's token: the address and a mac; it never expires (an old mail still works). */
export function signUnsubscribeToken(secret: Buffer, email: string): string {
  const address = email.trim().toLowerCase();
  return `${Buffer.from(address).toString('base64url')}.${mac(secret, 'unsubscribe', address)}`;
}

export function verifyUnsubscribeToken(
  secret: Buffer,
  token: string,
): Result<{ email: string }, 'malformed' | 'forged'> {
  const parts = token.split('.');
  if (parts.length !== 2 || token.length > 2000) return err('malformed');
  const [encoded = '', signature = ''] = parts;
  if (!BASE64URL.test(encoded) || !BASE64URL.test(signature)) return err('malformed');
  const email = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!email.includes('@')) return err('malformed');
  if (!sameMac(signature, mac(secret, 'unsubscribe', email))) return err('forged');
  return ok({ email });
}

/** Answers from one client within this window fold into one invitation. */
export const PUBLIC_FOLD_MS = 30 * 60_000;

/**
 * The invitation id of an answer given through a public link, a QR code or the widget: the same for
 * every submission of one rendered form (`formKey`: its single-use challenge or stamp) to one
 * survey, place and page within a 30-minute window, so one form is one answer, and two customers
 * behind one address with the same browser are two. Not reversible: the form key is not kept.
 */
export function publicInvitationId(
  secret: Buffer,
  input: {
    surveyId: string;
    via: string;
    sourceLabel: string | null;
    location: string | null;
    pageUrl: string | null;
    /** The rendered form's own single-use proof (its challenge or stamp). */
    formKey: string;
    now: Date;
  },
): string {
  const window = Math.floor(input.now.getTime() / PUBLIC_FOLD_MS).toString(36);
  const digest = createHmac('sha256', secret)
    .update(
      [
        'public',
        input.surveyId,
        input.via,
        input.sourceLabel ?? '',
        input.location ?? '',
        input.pageUrl ?? '',
        input.formKey,
        window,
      ].join('\u0000'),
    )
    .digest();
  return digest.subarray(0, 16).toString('base64url');
}

/** Leading zero bits asked of a proof of work: about 65,000 hashes, well under a second in a browser. */
export const POW_DIFFICULTY = 16;
export const POW_VALID_MS = 10 * 60_000;

/**
 * A challenge for the public pages: `<issued, seconds in base 36>.<difficulty>.<random>.<mac>`.
 * The client finds a nonce such that sha256(challenge + nonce) starts with `difficulty` zero bits.
 */
export function issueChallenge(
  secret: Buffer,
  now: Date,
  difficulty = POW_DIFFICULTY,
): { challenge: string; difficulty: number } {
  const issued = Math.floor(now.getTime() / 1000).toString(36);
  const salt = randomBytes(12).toString('base64url');
  const body = `${issued}.${difficulty}.${salt}`;
  return { challenge: `${body}.${mac(secret, 'challenge', body)}`, difficulty };
}

/** Whether the hash starts with `bits` zero bits. */
export function leadingZeroBits(hash: Buffer, bits: number): boolean {
  let left = bits;
  for (const byte of hash) {
    if (left <= 0) return true;
    if (left >= 8) {
      if (byte !== 0) return false;
      left -= 8;
    } else {
      return byte >> (8 - left) === 0;
    }
  }
  return left <= 0;
}

export function checkProofOfWork(
  secret: Buffer,
  challenge: string,
  nonce: string,
  now: Date,
): Result<true, TokenRefusal | 'wrong'> {
  const parts = challenge.split('.');
  if (parts.length !== 4 || nonce.length === 0 || nonce.length > 64) return err('malformed');
  const [issued = '', difficultyText = '', salt = '', signature = ''] = parts;
  if (!/^[0-9a-z]{1,10}$/.test(issued) || !/^\d{1,2}$/.test(difficultyText) || !BASE64URL.test(salt))
    return err('malformed');
  if (!sameMac(signature, mac(secret, 'challenge', `${issued}.${difficultyText}.${salt}`)))
    return err('forged');
  const issuedAt = Number.parseInt(issued, 36) * 1000;
  if (now.getTime() - issuedAt > POW_VALID_MS || issuedAt - now.getTime() > 60_000) return err('expired');
  const hash = createHash('sha256')
    .update(challenge + nonce)
    .digest();
  return leadingZeroBits(hash, Number(difficultyText)) ? ok(true) : err('wrong');
}

/** Finds a nonce for a challenge, as the widget and the pages' script do; for tests and the bench. */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (
      leadingZeroBits(
        createHash('sha256')
          .update(challenge + nonce)
          .digest(),
        difficulty,
      )
    )
      return nonce;
  }
}
