/**
 * Addresses that asked for no more survey e-mails. Only the sha256 of the lower-cased address is
 * kept: an erased customer stays unsubscribed without the address staying in the database.
 */
import { createHash } from 'node:crypto';
import type { Engine } from '../../core/engine.js';
import { sqlInstant } from '../audit.js';

/** The form an address is kept and compared in. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** Records the unsubscribe (once: the first time and way are kept). `via`: the page, one-click, an import… */
export async function unsubscribe(
  engine: Engine,
  email: string,
  via: string,
  now: Date,
  customerId: string | null = null,
): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO survey_unsubscribes (email_hash, customer_id, unsubscribed_at, via)
     VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP), ${p(4)}) ON CONFLICT DO NOTHING`,
    [emailHash(email), customerId, sqlInstant(now), via],
  );
}

export async function isUnsubscribed(engine: Engine, email: string): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT 1 AS found FROM survey_unsubscribes WHERE email_hash = ${p(1)}`, [
    emailHash(email),
  ]);
  return rows.length > 0;
}

/** Every unsubscribed address, for a sending path that checks many: `has` takes an address in any case. */
export interface UnsubscribedSet {
  has(email: string): boolean;
  readonly size: number;
}

export async function unsubscribedSet(engine: Engine): Promise<UnsubscribedSet> {
  const rows = await engine.all('SELECT email_hash FROM survey_unsubscribes');
  const hashes = new Set(rows.map((row) => String(row.email_hash)));
  return { has: (email) => hashes.has(emailHash(email)), size: hashes.size };
}
