/**
 * Sends survey e-mails: after resolved contacts, the one reminder, and the mails of a wave.
 *
 * Every mail is an invitation row first and a message second: the row is committed with no sent_at
 * before the message goes, and gets its sent_at and delivered_at once the mail server accepted it.
 * A run cut off in between finds the row without a sent_at and sends it again, so a mail is sent at
 * least once and, but for a kill in the moment between the server's acceptance and that write,
 * exactly once; it keeps its Message-ID (the invitation id), so a second copy is recognisable.
 *
 * A recipient the server refuses for good (5xx) is recorded bounced with the server's reason and
 * never tried again. A passing trouble (4xx, a dropped connection, a time-out) is tried again by
 * later runs after 5 minutes, then 10, 20, 40, at most MAX_SEND_ATTEMPTS times in all; after the
 * last it is recorded bounced as "gave up". The attempts are counted in the job's cursor.
 */
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { pickLanguage, type SurveyDefinition } from '../../core/surveys/definition.js';
import { signLinkToken, signUnsubscribeToken } from '../../core/surveys/tokens.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { JsonObject } from '../jobs/kind.js';
import type { OutgoingMail, SendOutcome } from '../mail/mailer.js';
import { getSurveyConfig, surveySecret } from './config.js';
import { OWN_SOURCE, type SurveyView } from './contract.js';
import { surveyEmail } from './emails.js';
import { createInvitation } from './invitations.js';
import { getSurvey } from './store.js';
import { unsubscribedSet } from './unsubscribes.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Sends of one message in all, the first included, before a passing trouble counts as a failure. */
export const MAX_SEND_ATTEMPTS = 5;

/** The wait before the next try after `attempts` failed ones: 5 min, 10, 20, 40, at most 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5 * MINUTE_MS * 2 ** Math.max(0, attempts - 1), 6 * HOUR_MS);
}

/** The tries of messages a passing trouble held back, by invitation id; kept in the job's cursor. */
export type Retries = Record<string, { attempts: number; retryAt: string }>;

export function readRetries(cursor: unknown): Retries {
  const retries: Retries = {};
  const stored =
    typeof cursor === 'object' && cursor !== null ? (cursor as { retries?: unknown }).retries : null;
  if (typeof stored !== 'object' || stored === null) return retries;
  for (const [id, value] of Object.entries(stored)) {
    const v = value as { attempts?: unknown; retryAt?: unknown };
    if (typeof v.attempts === 'number' && typeof v.retryAt === 'string')
      retries[id] = { attempts: v.attempts, retryAt: v.retryAt };
  }
  return retries;
}

/** What a run did, for the job's history. */
export interface SendTally {
  sent: number;
  bounced: number;
  deferred: number;
  gaveUp: number;
}

export function emptyTally(): SendTally {
  return { sent: 0, bounced: 0, deferred: 0, gaveUp: 0 };
}

export function tallyJson(tally: SendTally, extra: JsonObject = {}): JsonObject {
  return { ...tally, ...extra };
}

/**
 * Where the links in the mails point: the survey settings' public address, else `--public-url`.
 * Never the server's own local address: a link to localhost in a customer's mail is no link.
 */
export async function mailBaseUrl(engine: Engine, mail: OutgoingMail): Promise<Result<string, string>> {
  const configured = (await getSurveyConfig(engine)).publicBaseUrl ?? mail.publicUrl;
  if (!configured)
    return err(
      'no public address for the survey links: set it in the survey settings (publicBaseUrl) or start the server with --public-url',
    );
  return ok(configured.replace(/\/+$/, ''));
}

/** Why a survey job cannot send at all, or the mail setup and link address it sends with. */
export async function mailSetup(
  engine: Engine,
  mail: OutgoingMail | null | undefined,
): Promise<Result<{ mail: OutgoingMail; baseUrl: string }, string>> {
  if (!mail)
    return err(
      'no mail server: start the server with --smtp <url> and --mail-from <address> (or SERVICEMETER_SMTP_URL and SERVICEMETER_MAIL_FROM)',
    );
  const base = await mailBaseUrl(engine, mail);
  return base.ok ? ok({ mail, baseUrl: base.data }) : base;
}

/** An invitation row whose mail is still to go (or whose reminder is). */
export interface MailInvitation {
  invitationId: string;
  surveyId: string;
  version: number | null;
  email: string;
  language: string | null;
  expiresAt: string | null;
}

export const MAIL_INVITATION_COLUMNS =
  'external_id, survey_id, survey_version, email, language, CAST(expires_at AS VARCHAR) AS expires_at';

export function mailInvitation(row: Row): MailInvitation {
  return {
    invitationId: String(row.external_id),
    surveyId: String(row.survey_id),
    version: row.survey_version == null ? null : Number(row.survey_version),
    email: String(row.email),
    language: row.language == null ? null : String(row.language),
    expiresAt: isoInstant(row.expires_at),
  };
}

/** The definitions of the versions invitations were given, read once per version. */
export class Definitions {
  private readonly known = new Map<string, Promise<SurveyDefinition | null>>();
  constructor(private readonly engine: Engine) {}

  of(surveyId: string, version: number | null): Promise<SurveyDefinition | null> {
    const key = `${surveyId}\u0000${version ?? ''}`;
    let found = this.known.get(key);
    if (found === undefined) {
      found = getSurvey(this.engine, surveyId, version ?? undefined).then((s) => s?.definition ?? null);
      this.known.set(key, found);
    }
    return found;
  }
}

export async function setColumns(
  engine: Engine,
  invitationId: string,
  values: Record<string, string | null>,
): Promise<void> {
  const p = engine.dialect.placeholder;
  const names = Object.keys(values);
  const assignments = names.map((name, i) =>
    name.endsWith('_at') ? `${name} = CAST(${p(i + 1)} AS TIMESTAMP)` : `${name} = ${p(i + 1)}`,
  );
  await engine.run(
    `UPDATE survey_invitations SET ${assignments.join(', ')}
     WHERE source = ${p(names.length + 1)} AND external_id = ${p(names.length + 2)}`,
    [...names.map((n) => values[n] ?? null), OWN_SOURCE, invitationId],
  );
}

/**
 * Sends one invitation's mail (or its reminder) and records how it fared: sent and delivered,
 * bounced with the reason, or held back for another try (in `retries`).
 */
export async function deliver(
  engine: Engine,
  setup: { mail: OutgoingMail; baseUrl: string },
  invitation: MailInvitation,
  definitions: Definitions,
  retries: Retries,
  tally: SendTally,
  now: Date,
  options: { reminder: boolean; linkDays: number },
): Promise<SendOutcome['status'] | 'gave_up'> {
  const definition = await definitions.of(invitation.surveyId, invitation.version);
  if (definition === null) throw new Error(`survey ${invitation.surveyId} is gone`);
  const at = sqlInstant(now);
  if (!isOneAddress(invitation.email)) {
    delete retries[invitation.invitationId];
    await setColumns(
      engine,
      invitation.invitationId,
      options.reminder
        ? { reminded_at: at, failure: 'reminder not sent: not one address' }
        : { bounced_at: at, failure: 'not one address' },
    );
    tally.bounced += 1;
    return 'refused';
  }
  const recipient = invitation.email.trim();
  const secret = await surveySecret(engine);
  // A first mail opens the link from now; a reminder keeps the link the first mail gave.
  const expiresAt =
    options.reminder && invitation.expiresAt
      ? new Date(invitation.expiresAt)
      : new Date(now.getTime() + options.linkDays * DAY_MS);
  if (!options.reminder)
    await setColumns(engine, invitation.invitationId, { expires_at: sqlInstant(expiresAt) });
  const language = pickLanguage(definition, invitation.language ? [invitation.language] : []);
  const message = surveyEmail({
    definition,
    language,
    baseUrl: setup.baseUrl,
    token: signLinkToken(secret, {
      invitationId: invitation.invitationId,
      surveyId: invitation.surveyId,
      // An invitation without a version is answered in the survey's current one.
      version: invitation.version ?? (await getSurvey(engine, invitation.surveyId))?.version ?? 1,
      expiresAt,
    }),
    unsubscribeToken: signUnsubscribeToken(secret, recipient),
    fromAddress: setup.mail.from,
    to: recipient,
    invitationId: invitation.invitationId,
    reminder: options.reminder,
  });
  const outcome = await setup.mail.mailer.send(message);
  const reason = withoutAddresses(`${outcome.response}`).slice(0, 500);
  if (outcome.status === 'accepted') {
    delete retries[invitation.invitationId];
    await setColumns(
      engine,
      invitation.invitationId,
      options.reminder ? { reminded_at: at } : { sent_at: at, delivered_at: at, failure: null },
    );
    tally.sent += 1;
    return 'accepted';
  }
  if (outcome.status === 'refused') {
    delete retries[invitation.invitationId];
    await setColumns(engine, invitation.invitationId, {
      bounced_at: at,
      failure: options.reminder ? `reminder refused: ${reason}` : reason,
      ...(options.reminder ? { reminded_at: at } : {}),
    });
    tally.bounced += 1;
    return 'refused';
  }
  const attempts = (retries[invitation.invitationId]?.attempts ?? 0) + 1;
  if (attempts >= MAX_SEND_ATTEMPTS) {
    delete retries[invitation.invitationId];
    const gaveUp = `gave up after ${attempts} attempts: ${reason}`;
    // A reminder given up is marked reminded, so that it is not tried again; the first mail's
    // delivery stands.
    await setColumns(
      engine,
      invitation.invitationId,
      options.reminder
        ? { reminded_at: at, failure: `reminder ${gaveUp}` }
        : { bounced_at: at, failure: gaveUp },
    );
    tally.gaveUp += 1;
    return 'gave_up';
  }
  retries[invitation.invitationId] = {
    attempts,
    retryAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString(),
  };
  await setColumns(engine, invitation.invitationId, {
    failure: `${options.reminder ? 'reminder ' : ''}attempt ${attempts} of ${MAX_SEND_ATTEMPTS} failed: ${reason}`,
  });
  tally.deferred += 1;
  return 'deferred';
}

/** Any address in a mail server's reply: the failure is kept and shown without it (and erasure cannot miss it). */
const ADDRESS_IN_TEXT = /<?[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+>?/g;

/** A mail server's reply as it is stored: every address in it replaced by `<recipient>`. */
export function withoutAddresses(reply: string): string {
  return reply.replace(ADDRESS_IN_TEXT, '<recipient>');
}

/**
 * Whether a customer address is one address: a list ("a@x, b@y") or a display name handed to the
 * mail library would be sent to whoever it names.
 */
export function isOneAddress(email: string): boolean {
  const address = email.trim();
  return /^[^\s,;@]+@[^\s,;@]+$/.test(address);
}

/** Whether a held-back message may be tried now. */
export function due(retries: Retries, invitationId: string, now: Date): boolean {
  const retry = retries[invitationId];
  return retry === undefined || Date.parse(retry.retryAt) <= now.getTime();
}

/** Forgets the tries of invitations no longer waiting, so the cursor does not grow. */
export function keepRetriesOf(retries: Retries, waiting: Iterable<string>): Retries {
  const still = new Set(waiting);
  return Object.fromEntries(Object.entries(retries).filter(([id]) => still.has(id)));
}

// --- After a contact ---------------------------------------------------------------------------

export interface PostContactCursor {
  /** Contacts resolved after this instant are still to be looked at. */
  resolvedAfter: string;
  retries: Retries;
}

export function readPostContactCursor(cursor: unknown): PostContactCursor | null {
  if (typeof cursor !== 'object' || cursor === null) return null;
  const after = (cursor as { resolvedAfter?: unknown }).resolvedAfter;
  if (typeof after !== 'string' || Number.isNaN(Date.parse(after))) return null;
  return { resolvedAfter: after, retries: readRetries(cursor) };
}

/** A resolved contact that may be asked. */
interface Candidate {
  source: string;
  externalId: string;
  channel: string | null;
  teamId: string | null;
  tags: string[];
  customerId: string | null;
  email: string;
  language: string | null;
  outbound: boolean;
}

const text = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

function passes(value: string | null, rule: { include: string[]; exclude: string[] }): boolean {
  if (rule.include.length > 0 && (value === null || !rule.include.includes(value))) return false;
  return value === null || !rule.exclude.includes(value);
}

function passesTags(tags: string[], rule: { include: string[]; exclude: string[] }): boolean {
  if (rule.include.length > 0 && !tags.some((t) => rule.include.includes(t))) return false;
  return !tags.some((t) => rule.exclude.includes(t));
}

/**
 * Resolved contacts in (after, until] with an address and no invitation yet (a contact is asked
 * once, whatever the survey). Outbound: the contact's first public message is the agent's — an
 * agent_reply with no customer_message at or before it.
 */
async function resolvedContacts(engine: Engine, after: Date, until: Date): Promise<Candidate[]> {
  const p = engine.dialect.placeholder;
  const resolved = 'COALESCE(f.last_resolved_at, f.first_resolved_at)';
  const rows = await engine.all(
    `SELECT c.source, c.external_id, c.channel, f.team_id, c.tags, c.customer_id, c.customer_email,
       c.customer_language,
       EXISTS (SELECT 1 FROM contact_events e
               WHERE e.contact_key = c.contact_key AND e.kind = 'agent_reply'
                 AND NOT EXISTS (SELECT 1 FROM contact_events m
                                 WHERE m.contact_key = c.contact_key AND m.kind = 'customer_message'
                                   AND m.occurred_at <= e.occurred_at)) AS outbound
     FROM contacts c JOIN contact_facts f ON f.contact_key = c.contact_key
     WHERE ${resolved} > CAST(${p(1)} AS TIMESTAMP) AND ${resolved} <= CAST(${p(2)} AS TIMESTAMP)
       AND NOT COALESCE(f.is_open, FALSE)
       AND c.customer_email IS NOT NULL AND c.customer_email <> ''
       AND NOT EXISTS (SELECT 1 FROM survey_invitations i
                       WHERE i.contact_source = c.source AND i.contact_external_id = c.external_id)
     ORDER BY ${resolved}, c.source, c.external_id`,
    [sqlInstant(after), sqlInstant(until)],
  );
  return rows.map((row) => ({
    source: String(row.source),
    externalId: String(row.external_id),
    channel: text(row.channel),
    teamId: text(row.team_id),
    tags: (text(row.tags) ?? '')
      .split('|')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    customerId: text(row.customer_id),
    email: String(row.customer_email).trim(),
    language: text(row.customer_language),
    outbound: row.outbound === true,
  }));
}

/** Customers and addresses asked since `since` (or waiting to be): the fatigue rule's memory. */
export async function recentlyAsked(
  engine: Engine,
  since: Date,
): Promise<{ customers: Set<string>; emails: Set<string> }> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT customer_id, lower(trim(email)) AS email FROM survey_invitations
     WHERE sent_at >= CAST(${p(1)} AS TIMESTAMP)
        OR (sent_at IS NULL AND bounced_at IS NULL AND via IN ('email', 'wave'))`,
    [sqlInstant(since)],
  );
  const customers = new Set<string>();
  const emails = new Set<string>();
  for (const row of rows) {
    if (row.customer_id != null) customers.add(String(row.customer_id));
    if (row.email != null) emails.add(String(row.email));
  }
  return { customers, emails };
}

/** E-mail invitations of a survey whose first mail has not gone yet (created by a run cut off, or held back). */
export async function unsentInvitations(
  engine: Engine,
  surveyId: string,
  wave: { waveId: string } | null,
): Promise<MailInvitation[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT ${MAIL_INVITATION_COLUMNS} FROM survey_invitations
     WHERE source = ${p(1)} AND survey_id = ${p(2)} AND via = ${p(3)}
       AND sent_at IS NULL AND bounced_at IS NULL AND email IS NOT NULL
       ${wave ? `AND wave_id = ${p(4)}` : ''}
     ORDER BY external_id`,
    wave ? [OWN_SOURCE, surveyId, 'wave', wave.waveId] : [OWN_SOURCE, surveyId, 'email'],
  );
  return rows.map(mailInvitation);
}

export interface PostContactRun {
  tally: SendTally;
  skipped: { outbound: number; filtered: number; unsubscribed: number; fatigue: number };
  cursor: PostContactCursor;
}

/**
 * One run of a survey's mails after resolved contacts: first the mails a run before held back or
 * left unsent, then the contacts resolved since the cursor and at least `delayMinutes` ago.
 * `saveCursor` is called after each mail so that a run cut off resumes where it was.
 */
export async function runPostContact(
  engine: Engine,
  setup: { mail: OutgoingMail; baseUrl: string },
  survey: SurveyView,
  cursor: PostContactCursor | null,
  saveCursor: (cursor: PostContactCursor) => Promise<void>,
  now: Date,
  signal?: AbortSignal,
): Promise<PostContactRun> {
  const rules = survey.settings.postContact;
  const tally = emptyTally();
  const skipped = { outbound: 0, filtered: 0, unsubscribed: 0, fatigue: 0 };
  const definitions = new Definitions(engine);
  const state: PostContactCursor = cursor ?? {
    // A survey asks after contacts resolved from the moment it was switched on (its last change).
    resolvedAfter: survey.updatedAt,
    retries: {},
  };
  const options = { reminder: false, linkDays: survey.settings.linkDays };
  const unsubscribedAddresses = await unsubscribedSet(engine);

  const waiting = await unsentInvitations(engine, survey.id, null);
  state.retries = keepRetriesOf(
    state.retries,
    waiting.map((w) => w.invitationId),
  );
  for (const invitation of waiting) {
    signal?.throwIfAborted();
    if (!due(state.retries, invitation.invitationId, now)) continue;
    if (unsubscribedAddresses.has(invitation.email)) {
      await setColumns(engine, invitation.invitationId, {
        bounced_at: sqlInstant(now),
        failure: 'unsubscribed',
      });
      skipped.unsubscribed += 1;
      continue;
    }
    await deliver(engine, setup, invitation, definitions, state.retries, tally, now, options);
    await saveCursor(state);
  }

  const until = new Date(now.getTime() - rules.delayMinutes * MINUTE_MS);
  const after = new Date(state.resolvedAfter);
  if (until.getTime() > after.getTime()) {
    const fatigue =
      rules.fatigueDays > 0
        ? await recentlyAsked(engine, new Date(now.getTime() - rules.fatigueDays * DAY_MS))
        : null;
    for (const contact of await resolvedContacts(engine, after, until)) {
      signal?.throwIfAborted();
      if (contact.outbound && !rules.includeOutbound) {
        skipped.outbound += 1;
        continue;
      }
      if (
        !passes(contact.channel, rules.channels) ||
        !passes(contact.teamId, rules.teams) ||
        !passesTags(contact.tags, rules.tags)
      ) {
        skipped.filtered += 1;
        continue;
      }
      const address = contact.email.trim().toLowerCase();
      if (
        fatigue &&
        ((contact.customerId !== null && fatigue.customers.has(contact.customerId)) ||
          fatigue.emails.has(address))
      ) {
        skipped.fatigue += 1;
        continue;
      }
      if (unsubscribedAddresses.has(contact.email)) {
        skipped.unsubscribed += 1;
        continue;
      }
      const language = pickLanguage(survey.definition, contact.language ? [contact.language] : []);
      const created = await createInvitation(
        engine,
        {
          surveyId: survey.id,
          via: 'email',
          contact: { source: contact.source, externalId: contact.externalId },
          customerId: contact.customerId,
          email: contact.email,
          language,
          sentAt: null,
        },
        now,
      );
      if (!created.ok)
        throw new Error(`survey ${survey.id}: the invitation could not be made (${created.error.kind})`);
      if (fatigue) {
        if (contact.customerId !== null) fatigue.customers.add(contact.customerId);
        fatigue.emails.add(address);
      }
      await deliver(
        engine,
        setup,
        {
          invitationId: created.data.invitationId,
          surveyId: survey.id,
          version: survey.version,
          email: contact.email,
          language,
          expiresAt: created.data.expiresAt,
        },
        definitions,
        state.retries,
        tally,
        now,
        options,
      );
      await saveCursor(state);
    }
    state.resolvedAfter = until.toISOString();
  }
  await saveCursor(state);
  return { tally, skipped, cursor: state };
}

// --- Reminders ---------------------------------------------------------------------------------

/**
 * Reminds once, `reminderAfterHours` after the first mail (the post-contact rules' for mails after a
 * contact, the wave rules' for a wave's), when the invitation is unanswered, its link still open and
 * the address not unsubscribed.
 */
export async function runReminders(
  engine: Engine,
  setup: { mail: OutgoingMail; baseUrl: string },
  surveys: SurveyView[],
  retries: Retries,
  saveRetries: (retries: Retries) => Promise<void>,
  now: Date,
  signal?: AbortSignal,
): Promise<{ tally: SendTally; unsubscribed: number; retries: Retries }> {
  const tally = emptyTally();
  let unsubscribed = 0;
  const definitions = new Definitions(engine);
  const p = engine.dialect.placeholder;
  const waiting: string[] = [];
  const unsubscribedAddresses = await unsubscribedSet(engine);
  for (const survey of surveys) {
    for (const via of ['email', 'wave'] as const) {
      const hours =
        via === 'email'
          ? survey.settings.postContact.reminderAfterHours
          : survey.settings.wave.reminderAfterHours;
      if (hours === null) continue;
      const rows = await engine.all(
        `SELECT ${MAIL_INVITATION_COLUMNS} FROM survey_invitations i
         WHERE source = ${p(1)} AND survey_id = ${p(2)} AND via = ${p(3)}
           AND delivered_at IS NOT NULL AND bounced_at IS NULL AND reminded_at IS NULL
           AND answered_at IS NULL AND email IS NOT NULL
           AND sent_at <= CAST(${p(4)} AS TIMESTAMP)
           AND (expires_at IS NULL OR expires_at > CAST(${p(5)} AS TIMESTAMP))
           AND NOT EXISTS (SELECT 1 FROM survey_submissions s WHERE s.invitation_id = i.external_id)
         ORDER BY sent_at, external_id`,
        [OWN_SOURCE, survey.id, via, sqlInstant(new Date(now.getTime() - hours * HOUR_MS)), sqlInstant(now)],
      );
      for (const invitation of rows.map(mailInvitation)) {
        signal?.throwIfAborted();
        waiting.push(invitation.invitationId);
        if (!due(retries, invitation.invitationId, now)) continue;
        if (unsubscribedAddresses.has(invitation.email)) {
          await setColumns(engine, invitation.invitationId, {
            reminded_at: sqlInstant(now),
            failure: 'reminder not sent: unsubscribed',
          });
          unsubscribed += 1;
          continue;
        }
        await deliver(engine, setup, invitation, definitions, retries, tally, now, {
          reminder: true,
          linkDays: survey.settings.linkDays,
        });
        await saveRetries(retries);
      }
    }
  }
  const kept = keepRetriesOf(retries, waiting);
  await saveRetries(kept);
  return { tally, unsubscribed, retries: kept };
}
