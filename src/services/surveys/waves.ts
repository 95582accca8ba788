/**
 * Relationship waves: a survey mailed to every customer, or a sample of them, each quarter or year.
 *
 * The audience is the customers of the contacts that have an address (each customer once, at the
 * address and language of their latest contact; a contact without a customer id counts as the
 * customer of its address) or an uploaded list. A sample is drawn with a seed: each customer's
 * place is the hash of the seed and the customer, and the first share of them in that order is
 * asked, so the same audience and seed always give the same sample. An address is mailed once per
 * wave (compared trimmed and lower-cased), and the survey's fatigue rule (postContact.fatigueDays:
 * one survey per customer or address per that many days, whichever survey asked) and the
 * unsubscribes hold for a wave as for the mails after a contact, also when a wave is resumed or a
 * held-back mail retried. A wave is recorded with its id,
 * seed, share and audience; its invitations carry the wave id.
 *
 * The uploaded list and the waves are kept in survey_config (`wave_list:<survey>`,
 * `waves:<survey>`), one JSON value each.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { LanguageTag, pickLanguage } from '../../core/surveys/definition.js';
import { newInvitationId } from '../../core/surveys/tokens.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { OWN_SOURCE, type SurveyView } from './contract.js';
import {
  Definitions,
  deliver,
  due,
  emptyTally,
  MAIL_INVITATION_COLUMNS,
  mailInvitation,
  type Retries,
  recentlyAsked,
  type SendTally,
  setColumns,
  unsentInvitations,
} from './distribution.js';
import { INVITATION_COLUMNS, invitationRow, invitationValues } from './invitations.js';
import { type UnsubscribedSet, unsubscribedSet } from './unsubscribes.js';

const DAY_MS = 24 * 60 * 60_000;
/** An uploaded list holds at most this many rows. */
export const MAX_WAVE_LIST_ROWS = 100_000;
/** Invitations written per statement when a wave starts. */
const INSERT_BATCH = 500;

export interface WaveRecipient {
  email: string;
  customerId: string | null;
  language: string | null;
}

export interface WaveRecord {
  waveId: string;
  startedAt: string;
  seed: number;
  sample: number;
  audience: 'contacts' | 'list';
  /** Customers in the audience before sampling, and invitations made. */
  audienceSize: number;
  invited: number;
}

export interface WaveListIssue {
  line: number;
  field: string;
  reason: string;
}

const listKey = (surveyId: string) => `wave_list:${surveyId}`;
const wavesKey = (surveyId: string) => `waves:${surveyId}`;

async function readConfigValue(engine: Engine, key: string): Promise<unknown> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT value FROM survey_config WHERE key = ${p(1)}`, [key]);
  const value = rows[0]?.value;
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : null;
}

async function writeConfigValue(engine: Engine, key: string, value: unknown, now: Date): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(`DELETE FROM survey_config WHERE key = ${p(1)}`, [key]);
  await engine.run(
    `INSERT INTO survey_config (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
    [key, JSON.stringify(value), sqlInstant(now)],
  );
}

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into lines of fields. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const lines: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) lines.push({ line: startLine, fields });
      fields = [];
      field = '';
      line += 1;
      startLine = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) lines.push({ line: startLine, fields });
  return lines;
}

const EMAIL = /^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$/;

/**
 * Checks a CSV list (a header line naming `email`, optionally `customer_id` and `language`) and
 * keeps it as the survey's wave list, replacing the one before. Nothing is kept when any line is
 * wrong; every issue names its line and field.
 */
export async function uploadWaveList(
  engine: Engine,
  surveyId: string,
  csvText: string,
  now = new Date(),
): Promise<Result<{ rows: number }, WaveListIssue[]>> {
  const lines = parseCsv(csvText);
  const header = lines[0];
  if (header === undefined)
    return err([{ line: 1, field: '(file)', reason: 'is empty; expected a header line with email' }]);
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const known = ['email', 'customer_id', 'language'];
  const issues: WaveListIssue[] = [];
  for (const [i, name] of columns.entries())
    if (!known.includes(name))
      issues.push({
        line: header.line,
        field: name || `(column ${i + 1})`,
        reason: `is not a column of a wave list (known: ${known.join(', ')})`,
      });
  const at = (name: string) => columns.indexOf(name);
  if (at('email') < 0)
    issues.push({ line: header.line, field: 'email', reason: 'the header has no email column' });
  if (issues.length > 0) return err(issues);
  if (lines.length - 1 > MAX_WAVE_LIST_ROWS)
    return err([
      {
        line: header.line,
        field: '(file)',
        reason: `has ${lines.length - 1} rows; at most ${MAX_WAVE_LIST_ROWS}`,
      },
    ]);
  const rows: WaveRecipient[] = [];
  for (const { line, fields } of lines.slice(1)) {
    if (fields.length > columns.length) {
      issues.push({
        line,
        field: '(line)',
        reason: `has ${fields.length} fields; the header names ${columns.length}`,
      });
      continue;
    }
    const cell = (name: string) => (at(name) < 0 ? '' : (fields[at(name)] ?? '').trim());
    const email = cell('email');
    const customerId = cell('customer_id');
    const language = cell('language');
    if (!EMAIL.test(email))
      issues.push({ line, field: 'email', reason: email ? `${email} is not an e-mail address` : 'is empty' });
    if (customerId.length > 200)
      issues.push({ line, field: 'customer_id', reason: 'is longer than 200 characters' });
    if (language && !LanguageTag.safeParse(language).success)
      issues.push({
        line,
        field: 'language',
        reason: `${language} is not a language tag such as en, nl or zh-CN`,
      });
    rows.push({ email, customerId: customerId || null, language: language || null });
  }
  if (issues.length > 0) return err(issues);
  await engine.transaction(() =>
    writeConfigValue(engine, listKey(surveyId), { uploadedAt: now.toISOString(), rows }, now),
  );
  return ok({ rows: rows.length });
}

/** The survey's uploaded wave list, or an empty one. */
export async function waveList(engine: Engine, surveyId: string): Promise<WaveRecipient[]> {
  const stored = (await readConfigValue(engine, listKey(surveyId))) as { rows?: WaveRecipient[] } | null;
  return Array.isArray(stored?.rows) ? stored.rows : [];
}

export async function listWaves(engine: Engine, surveyId: string): Promise<WaveRecord[]> {
  const stored = await readConfigValue(engine, wavesKey(surveyId));
  return Array.isArray(stored) ? (stored as WaveRecord[]) : [];
}

const addressKey = (email: string) => email.trim().toLowerCase();
const customerKey = (r: WaveRecipient) => r.customerId ?? addressKey(r.email);

/** Each customer once: the latest contact's address and language, or the list's last line for them. */
export async function waveAudience(engine: Engine, survey: SurveyView): Promise<WaveRecipient[]> {
  if (survey.settings.wave.audience === 'list') {
    const byCustomer = new Map<string, WaveRecipient>();
    for (const row of await waveList(engine, survey.id)) byCustomer.set(customerKey(row), row);
    return [...byCustomer.values()];
  }
  const rows = await engine.all(
    `SELECT customer_id, customer_email, customer_language FROM (
       SELECT customer_id, customer_email, customer_language,
         row_number() OVER (PARTITION BY COALESCE(customer_id, lower(trim(customer_email)))
                            ORDER BY created_at DESC, contact_key DESC) AS n
       FROM contacts WHERE customer_email IS NOT NULL AND trim(customer_email) <> '') x
     WHERE n = 1 ORDER BY COALESCE(customer_id, lower(trim(customer_email)))`,
  );
  return rows.map((row) => ({
    email: String(row.customer_email).trim(),
    customerId: row.customer_id == null ? null : String(row.customer_id),
    language: row.customer_language == null ? null : String(row.customer_language),
  }));
}

/** The share `sample` of the audience, drawn with `seed`: the same audience and seed give the same sample. */
export function sampleAudience(
  audience: readonly WaveRecipient[],
  sample: number,
  seed: number,
): WaveRecipient[] {
  if (sample >= 1) return [...audience];
  const placed = audience.map((recipient) => ({
    recipient,
    key: customerKey(recipient),
    place: createHash('sha256')
      .update(`${seed}:${customerKey(recipient)}`)
      .digest('hex'),
  }));
  placed.sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : a.key < b.key ? -1 : 1));
  return placed.slice(0, Math.round(sample * audience.length)).map((p) => p.recipient);
}

export interface WaveCursor {
  /** The wave being sent: its invitations exist, some mails may not have gone yet. */
  current: { waveId: string } | null;
  retries: Retries;
}

export function readWaveCursor(cursor: unknown): WaveCursor {
  const c = (typeof cursor === 'object' && cursor !== null ? cursor : {}) as { current?: unknown };
  const current = c.current as { waveId?: unknown } | null | undefined;
  return {
    current: current && typeof current.waveId === 'string' ? { waveId: current.waveId } : null,
    retries: {},
  };
}

export interface WaveRun {
  wave: WaveRecord;
  resumed: boolean;
  tally: SendTally;
  unsubscribed: number;
  /** Left out by the fatigue rule: asked (by any survey) within the post-contact rules' fatigueDays. */
  fatigued: number;
}

/** Each address once, the first in the sample's order kept: two customers sharing an address get one mail. */
function oneMailPerAddress(recipients: readonly WaveRecipient[]): WaveRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const address = addressKey(recipient.email);
    if (seen.has(address)) return false;
    seen.add(address);
    return true;
  });
}

/** Marks an unsubscribed address's unsent mail as never to go, as the post-contact mails do. */
async function leftOutUnsubscribed(
  engine: Engine,
  unsubscribed: UnsubscribedSet,
  invitationId: string,
  email: string,
  now: Date,
): Promise<boolean> {
  if (!unsubscribed.has(email)) return false;
  await setColumns(engine, invitationId, { bounced_at: sqlInstant(now), failure: 'unsubscribed' });
  return true;
}

/**
 * Sends a wave: the one a run before left unfinished, else a new one (audience, sample, one
 * invitation per customer, written with the wave's record and the cursor in one transaction, so a
 * run cut off resumes the same wave). Mails a passing trouble held back are tried again by the
 * survey-reminders job, which runs often; a wave runs each quarter or year.
 */
export async function runWave(
  engine: Engine,
  setup: { mail: OutgoingMail; baseUrl: string },
  survey: SurveyView,
  cursor: WaveCursor,
  saveCursor: (cursor: WaveCursor) => Promise<void>,
  now: Date,
  options: { seed?: number; signal?: AbortSignal } = {},
): Promise<WaveRun> {
  const tally = emptyTally();
  let wave: WaveRecord | undefined;
  let resumed = false;
  let unsubscribed = 0;
  let fatigued = 0;
  const unsubscribedAddresses = await unsubscribedSet(engine);
  if (cursor.current) {
    wave = (await listWaves(engine, survey.id)).find((w) => w.waveId === cursor.current?.waveId);
    resumed = wave !== undefined;
  }
  if (wave === undefined) {
    const rules = survey.settings.wave;
    const seed = options.seed ?? randomInt(0, 2 ** 31);
    const audience = await waveAudience(engine, survey);
    const chosen = oneMailPerAddress(sampleAudience(audience, rules.sample, seed));
    const reachable = chosen.filter((recipient) => !unsubscribedAddresses.has(recipient.email));
    unsubscribed = chosen.length - reachable.length;
    // The fatigue rule of the mails after a contact holds for waves too: one survey per customer
    // per that many days, whichever survey asked.
    const fatigueDays = survey.settings.postContact.fatigueDays;
    const recent =
      fatigueDays > 0 ? await recentlyAsked(engine, new Date(now.getTime() - fatigueDays * DAY_MS)) : null;
    const asked = recent
      ? reachable.filter(
          (r) =>
            !(r.customerId !== null && recent.customers.has(r.customerId)) &&
            !recent.emails.has(addressKey(r.email)),
        )
      : reachable;
    fatigued = reachable.length - asked.length;
    const waveId = `${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
    const record: WaveRecord = {
      waveId,
      startedAt: now.toISOString(),
      seed,
      sample: rules.sample,
      audience: rules.audience,
      audienceSize: audience.length,
      invited: asked.length,
    };
    const expiresAt = new Date(now.getTime() + survey.settings.linkDays * DAY_MS);
    await engine.transaction(async () => {
      for (let i = 0; i < asked.length; i += INSERT_BATCH) {
        const batch = asked.slice(i, i + INSERT_BATCH);
        await engine.run(
          `INSERT INTO survey_invitations (${INVITATION_COLUMNS.join(', ')}) VALUES ${invitationValues(engine, batch.length)}`,
          batch.flatMap((r) =>
            invitationRow(
              {
                surveyId: survey.id,
                via: 'wave',
                waveId,
                customerId: r.customerId,
                email: r.email,
                language: pickLanguage(survey.definition, r.language ? [r.language] : []),
                sentAt: null,
              },
              newInvitationId(),
              survey.version,
              expiresAt,
            ),
          ),
        );
      }
      await writeConfigValue(
        engine,
        wavesKey(survey.id),
        [...(await listWaves(engine, survey.id)), record],
        now,
      );
      cursor.current = { waveId };
      await saveCursor(cursor);
    });
    wave = record;
  }
  const definitions = new Definitions(engine);
  const waiting = await unsentInvitations(engine, survey.id, { waveId: wave.waveId });
  for (const invitation of waiting) {
    options.signal?.throwIfAborted();
    if (!due(cursor.retries, invitation.invitationId, now)) continue;
    // A resumed wave: the address may have unsubscribed since the wave was drawn.
    if (
      await leftOutUnsubscribed(engine, unsubscribedAddresses, invitation.invitationId, invitation.email, now)
    ) {
      unsubscribed += 1;
      continue;
    }
    await deliver(engine, setup, invitation, definitions, cursor.retries, tally, now, {
      reminder: false,
      linkDays: survey.settings.linkDays,
    });
  }
  cursor.current = null;
  cursor.retries = {};
  await saveCursor(cursor);
  return { wave, resumed, tally, unsubscribed, fatigued };
}

/**
 * First mails of waves a passing trouble held back (they carry its reason in `failure`): tried
 * again by the survey-reminders job, with the attempts counted in its cursor.
 */
export async function retryHeldBackWaveMails(
  engine: Engine,
  setup: { mail: OutgoingMail; baseUrl: string },
  surveys: SurveyView[],
  retries: Retries,
  tally: SendTally,
  now: Date,
  signal?: AbortSignal,
): Promise<string[]> {
  const p = engine.dialect.placeholder;
  const definitions = new Definitions(engine);
  const waiting: string[] = [];
  const unsubscribedAddresses = await unsubscribedSet(engine);
  for (const survey of surveys) {
    const rows = await engine.all(
      `SELECT ${MAIL_INVITATION_COLUMNS} FROM survey_invitations
       WHERE source = ${p(1)} AND survey_id = ${p(2)} AND via = 'wave' AND sent_at IS NULL
         AND bounced_at IS NULL AND failure IS NOT NULL AND email IS NOT NULL
       ORDER BY external_id`,
      [OWN_SOURCE, survey.id],
    );
    for (const invitation of rows.map(mailInvitation)) {
      signal?.throwIfAborted();
      if (
        await leftOutUnsubscribed(
          engine,
          unsubscribedAddresses,
          invitation.invitationId,
          invitation.email,
          now,
        )
      )
        continue;
      waiting.push(invitation.invitationId);
      // The wave's own try counts as the first.
      if (retries[invitation.invitationId] === undefined)
        retries[invitation.invitationId] = { attempts: 1, retryAt: now.toISOString() };
      if (!due(retries, invitation.invitationId, now)) continue;
      await deliver(engine, setup, invitation, definitions, retries, tally, now, {
        reminder: false,
        linkDays: survey.settings.linkDays,
      });
    }
  }
  return waiting;
}

export interface WaveReportRow extends Omit<WaveRecord, 'startedAt'> {
  /** Null for a wave known only from imported invitations that were never sent. */
  startedAt: string | null;
  sent: number;
  delivered: number;
  bounced: number;
  answered: number;
  /** answered ÷ sent; null when nothing was sent. */
  responseRate: number | null;
}

/** Each wave of a survey, newest first, with its mails sent, delivered, bounced and answered. */
export async function waveReport(engine: Engine, surveyId: string): Promise<WaveReportRow[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT wave_id, count(sent_at) AS sent, count(delivered_at) AS delivered, count(bounced_at) AS bounced,
       count(CASE WHEN sent_at IS NOT NULL THEN answered_at END) AS answered, min(sent_at) AS first_sent
     FROM survey_invitations WHERE source = ${p(1)} AND survey_id = ${p(2)} AND wave_id IS NOT NULL
     GROUP BY wave_id`,
    [OWN_SOURCE, surveyId],
  );
  const counts = new Map(rows.map((row) => [String(row.wave_id), row]));
  const waves = await listWaves(engine, surveyId);
  const known = new Set(waves.map((w) => w.waveId));
  // Waves whose invitations were imported rather than sent from here are listed too.
  for (const [waveId, row] of counts)
    if (!known.has(waveId))
      waves.push({
        waveId,
        startedAt: isoInstant(row.first_sent) ?? '',
        seed: 0,
        sample: 1,
        audience: 'contacts',
        audienceSize: 0,
        invited: 0,
      });
  return waves
    .map((wave) => {
      const row = counts.get(wave.waveId);
      const sent = Number(row?.sent ?? 0);
      const answered = Number(row?.answered ?? 0);
      return {
        ...wave,
        startedAt: wave.startedAt === '' ? null : wave.startedAt,
        sent,
        delivered: Number(row?.delivered ?? 0),
        bounced: Number(row?.bounced ?? 0),
        answered,
        responseRate: sent === 0 ? null : answered / sent,
      };
    })
    .sort((a, b) =>
      (a.startedAt ?? '') < (b.startedAt ?? '') ? 1 : (a.startedAt ?? '') > (b.startedAt ?? '') ? -1 : 0,
    );
}
