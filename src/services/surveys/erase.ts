/**
 * A customer's right to be forgotten, and the retention period: their addresses go, their answers
 * go or stay without who gave them (customer, contact and comment cleared), and the facts follow.
 */
import type { Engine } from '../../core/engine.js';
import type { SerializedEngine } from '../../server/serialized-engine.js';
import { sqlInstant } from '../audit.js';
import { type FactsChange, rebuildTouchedFacts } from '../rebuild.js';
import { getSurveyConfig } from './config.js';
import { OWN_SOURCE } from './contract.js';
import { emailHash } from './unsubscribes.js';

export interface ErasedCounts {
  /** Invitations whose address was removed, or which were removed. */
  invitations: number;
  /** Answer rows (survey_responses) removed or anonymised. */
  answers: number;
  /** Contacts whose customer address was removed. */
  contacts: number;
}

const DAY_MS = 24 * 60 * 60_000;

function aroundRebuild(engine: Engine | SerializedEngine) {
  return <T>(work: () => Promise<T>): Promise<T> =>
    'rebuilding' in engine ? engine.rebuilding(() => engine.exclusive(work)) : work();
}

async function count(engine: Engine, sql: string, params: readonly unknown[]): Promise<number> {
  const rows = await engine.all(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Takes the erased addresses and customers out of every uploaded wave list (survey_config
 * `wave_list:<survey>`), so no later wave mails them from a list uploaded before the erasure.
 */
async function removeFromWaveLists(
  engine: Engine,
  addresses: ReadonlySet<string>,
  customersSql: string,
): Promise<void> {
  const customerRows = await engine.all(customersSql);
  const customers = new Set(customerRows.map((row) => String(row.customer_id)));
  const p = engine.dialect.placeholder;
  const lists = await engine.all("SELECT key, value FROM survey_config WHERE key LIKE 'wave_list:%'");
  for (const list of lists) {
    if (typeof list.value !== 'string') continue;
    const stored = JSON.parse(list.value) as { rows?: { email?: unknown; customerId?: unknown }[] };
    if (!Array.isArray(stored.rows)) continue;
    const rows = stored.rows.filter(
      (row) =>
        !addresses.has(
          String(row.email ?? '')
            .trim()
            .toLowerCase(),
        ) && !(typeof row.customerId === 'string' && customers.has(row.customerId)),
    );
    if (rows.length === stored.rows.length) continue;
    await engine.run(`UPDATE survey_config SET value = ${p(1)} WHERE key = ${p(2)}`, [
      JSON.stringify({ ...stored, rows }),
      String(list.key),
    ]);
  }
}

/** The answers in `answers` (a temp table of survey keys) removed or anonymised, their facts rebuilt. */
async function clearAnswers(
  engine: Engine,
  keepAnonymised: boolean,
): Promise<{ answers: number; change: FactsChange | null }> {
  const keys = await engine.all('SELECT survey_key FROM erased_answers');
  if (keys.length === 0) return { answers: 0, change: null };
  const matching = "source || '|' || external_id IN (SELECT survey_key FROM erased_answers)";
  if (keepAnonymised) {
    // The credit stays with the agent it was given to: without the contact the facts could no
    // longer find them, and an agent's figures would change because a customer was erased.
    await engine.run(
      `UPDATE survey_responses SET agent_id = (SELECT f.agent_id FROM survey_facts f
         WHERE f.survey_key = survey_responses.source || '|' || survey_responses.external_id)
       WHERE agent_id IS NULL AND ${matching}`,
    );
    await engine.run(
      `UPDATE survey_responses SET customer_id = NULL, contact_source = NULL, contact_external_id = NULL,
         contact_key = NULL, comment = NULL WHERE ${matching}`,
    );
  } else {
    await engine.run(`DELETE FROM survey_responses WHERE ${matching}`);
  }
  const rebuilt = await rebuildTouchedFacts(engine, {
    contacts: [],
    surveys: keys.map((row) => String(row.survey_key)),
  });
  return { answers: keys.length, change: rebuilt.change ?? null };
}

/**
 * Erases a customer, found by address, by customer id, or both: the address on their invitations
 * and contacts, the words of their contacts' messages (contact_events.body, the quotes of them
 * in quality reviews, the review drafts of those contacts and what the automatic checks found in
 * them, qa_check_hits.detail), the answers they stored (survey_submissions), and their answers in survey_responses
 * of any source (deleted, or kept anonymised), including those tied only to a contact of theirs.
 * Every erased address is added to the unsubscribes (as a hash, via 'erased'): a later import that
 * brings the address back does not make it a recipient again. Their lines leave the uploaded wave
 * lists. Without `keepAnonymised` their invitations go too (an invitation left without its answer
 * would count as unanswered). Addresses are compared trimmed and lower-cased.
 */
export async function eraseCustomer(
  engine: Engine | SerializedEngine,
  who: { email?: string; customerId?: string },
  options: { keepAnonymised: boolean },
  now: Date,
): Promise<ErasedCounts> {
  const email = who.email?.trim().toLowerCase() ?? null;
  const customerId = who.customerId ?? null;
  if (email === null && customerId === null) return { invitations: 0, answers: 0, contacts: 0 };
  const p = engine.dialect.placeholder;
  return aroundRebuild(engine)(() =>
    engine.transaction(async () => {
      // Whoever the address or id names: the customers of their invitations and contacts.
      await engine.run('DROP TABLE IF EXISTS erased_customers');
      await engine.run(
        `CREATE TEMP TABLE erased_customers AS
         SELECT customer_id FROM survey_invitations WHERE lower(trim(email)) = ${p(1)} AND customer_id IS NOT NULL
         UNION SELECT customer_id FROM contacts WHERE lower(trim(customer_email)) = ${p(1)} AND customer_id IS NOT NULL
         UNION SELECT CAST(${p(2)} AS VARCHAR) AS customer_id WHERE ${p(2)} IS NOT NULL`,
        [email, customerId],
      );
      const customers = 'SELECT customer_id FROM erased_customers';
      await engine.run('DROP TABLE IF EXISTS erased_invitations');
      await engine.run(
        `CREATE TEMP TABLE erased_invitations AS SELECT external_id FROM survey_invitations
         WHERE source = ${p(1)} AND (lower(trim(email)) = ${p(2)} OR customer_id IN (${customers}))`,
        [OWN_SOURCE, email],
      );
      const invitations = 'SELECT external_id FROM erased_invitations';
      // Their contacts, found before the addresses that find them are cleared.
      await engine.run('DROP TABLE IF EXISTS erased_contacts');
      await engine.run(
        `CREATE TEMP TABLE erased_contacts AS SELECT contact_key FROM contacts
         WHERE lower(trim(customer_email)) = ${p(1)} OR customer_id IN (${customers})`,
        [email],
      );
      const addresses = await engine.all(
        `SELECT DISTINCT lower(trim(email)) AS email FROM survey_invitations
           WHERE source = ${p(1)} AND external_id IN (${invitations}) AND email IS NOT NULL
         UNION SELECT lower(trim(customer_email)) AS email FROM contacts
           WHERE customer_email IS NOT NULL AND contact_key IN (SELECT contact_key FROM erased_contacts)`,
        [OWN_SOURCE],
      );
      const erasedAddresses = new Set(addresses.map((row) => String(row.email)).filter((a) => a !== ''));
      if (email !== null && email !== '') erasedAddresses.add(email);
      await engine.run('DROP TABLE IF EXISTS erased_answers');
      await engine.run(
        `CREATE TEMP TABLE erased_answers AS SELECT source || '|' || external_id AS survey_key FROM survey_responses
         WHERE customer_id IN (${customers}) OR (source = ${p(1)} AND invitation_id IN (${invitations}))
           OR contact_key IN (SELECT contact_key FROM erased_contacts)`,
        [OWN_SOURCE],
      );
      const invitationCount = await count(engine, 'SELECT count(*) AS n FROM erased_invitations', []);
      const contactCount = await count(
        engine,
        `SELECT count(*) AS n FROM contacts WHERE customer_email IS NOT NULL
           AND contact_key IN (SELECT contact_key FROM erased_contacts)`,
        [],
      );
      await engine.run(
        `UPDATE contacts SET customer_email = NULL WHERE customer_email IS NOT NULL
           AND contact_key IN (SELECT contact_key FROM erased_contacts)`,
      );
      // What was written in their conversations goes too: the messages, and the words of them a
      // quality review quoted. The events stay, so the figures do not change.
      await engine.run(
        `UPDATE contact_events SET body = NULL WHERE body IS NOT NULL
           AND contact_key IN (SELECT contact_key FROM erased_contacts)`,
      );
      await engine.run(
        `UPDATE qa_ratings SET quote = NULL WHERE quote IS NOT NULL AND source || '|' || review_external_id IN (
           SELECT source || '|' || external_id FROM qa_reviews
           WHERE contact_source || '|' || contact_external_id IN (SELECT contact_key FROM erased_contacts))`,
      );
      // A review draft holds its quotes and comments as one JSON text: it goes whole (the reviewer
      // starts again). A check hit's detail names what it found in the words (a forbidden phrase,
      // the unknown words of a reply: surnames, addresses, order numbers): blanked, the hit stays.
      await engine.run(
        `DELETE FROM qa_drafts
         WHERE contact_source || '|' || contact_external_id IN (SELECT contact_key FROM erased_contacts)`,
      );
      await engine.run(
        `UPDATE qa_check_hits SET detail = NULL WHERE detail IS NOT NULL
           AND contact_key IN (SELECT contact_key FROM erased_contacts)`,
      );
      // What was read from their words goes with the words: the readings of their comments and
      // of the messages on their contacts.
      const texts = `SELECT item_key FROM text_items WHERE contact_key IN (SELECT contact_key FROM erased_contacts)
        OR item_key IN (SELECT 'comment|' || survey_key FROM erased_answers)`;
      for (const table of ['text_terms', 'text_attribute_hits', 'text_items'])
        await engine.run(`DELETE FROM ${table} WHERE item_key IN (${texts})`);
      await engine.run(`DELETE FROM survey_submissions WHERE invitation_id IN (${invitations})`);
      await engine.run(
        `UPDATE survey_unsubscribes SET customer_id = NULL WHERE customer_id IN (${customers})`,
      );
      for (const address of erasedAddresses)
        await engine.run(
          `INSERT INTO survey_unsubscribes (email_hash, customer_id, unsubscribed_at, via)
           VALUES (${p(1)}, NULL, CAST(${p(2)} AS TIMESTAMP), 'erased') ON CONFLICT DO NOTHING`,
          [emailHash(address), sqlInstant(now)],
        );
      await removeFromWaveLists(engine, erasedAddresses, customers);
      if (options.keepAnonymised) {
        await engine.run(
          `UPDATE survey_invitations SET email = NULL, customer_id = NULL, contact_source = NULL,
             contact_external_id = NULL, page_url = NULL, failure = NULL
           WHERE source = ${p(1)} AND external_id IN (${invitations})`,
          [OWN_SOURCE],
        );
      } else {
        await engine.run(
          `DELETE FROM survey_invitations WHERE source = ${p(1)} AND external_id IN (${invitations})`,
          [OWN_SOURCE],
        );
      }
      const { answers } = await clearAnswers(engine, options.keepAnonymised);
      for (const table of ['erased_customers', 'erased_invitations', 'erased_contacts', 'erased_answers'])
        await engine.run(`DROP TABLE IF EXISTS ${table}`);
      return { invitations: invitationCount, answers, contacts: contactCount };
    }),
  );
}

/**
 * The retention period (survey_config retentionDays): answers given, or invitations sent, before
 * it are removed or anonymised as the config says (`keepAnonymised`), with their stored
 * submissions and the invitations' addresses. Nothing happens without a period.
 */
export async function applyRetention(
  engine: Engine | SerializedEngine,
  now: Date,
): Promise<{ answers: number; change: FactsChange | null }> {
  const config = await getSurveyConfig(engine);
  if (config.retentionDays === null) return { answers: 0, change: null };
  const cutoff = sqlInstant(new Date(now.getTime() - config.retentionDays * DAY_MS));
  const p = engine.dialect.placeholder;
  return aroundRebuild(engine)(() =>
    engine.transaction(async () => {
      await engine.run('DROP TABLE IF EXISTS erased_answers');
      // Anonymised rows already kept stay out of the count: running it again changes nothing.
      await engine.run(
        `CREATE TEMP TABLE erased_answers AS SELECT source || '|' || external_id AS survey_key FROM survey_responses
         WHERE COALESCE(responded_at, sent_at) < CAST(${p(1)} AS TIMESTAMP)
           AND (${p(2)} = FALSE OR customer_id IS NOT NULL OR contact_external_id IS NOT NULL OR comment IS NOT NULL)`,
        [cutoff, config.keepAnonymised],
      );
      await engine.run(
        `DELETE FROM survey_submissions WHERE processed_at IS NOT NULL AND received_at < CAST(${p(1)} AS TIMESTAMP)`,
        [cutoff],
      );
      const invitations = `source = ${p(1)} AND COALESCE(answered_at, sent_at, expires_at) < CAST(${p(2)} AS TIMESTAMP)`;
      if (config.keepAnonymised) {
        await engine.run(
          `UPDATE survey_invitations SET email = NULL, customer_id = NULL, contact_source = NULL,
             contact_external_id = NULL, page_url = NULL, failure = NULL WHERE ${invitations}`,
          [OWN_SOURCE, cutoff],
        );
      } else {
        await engine.run(`DELETE FROM survey_invitations WHERE ${invitations}`, [OWN_SOURCE, cutoff]);
      }
      const cleared = await clearAnswers(engine, config.keepAnonymised);
      await engine.run('DROP TABLE IF EXISTS erased_answers');
      return cleared;
    }),
  );
}
