/**
 * The automatic quality checks over the stored conversations: the rules (qa_check_rules, the
 * defaults inserted on first use), the language each contact is checked in, and runChecks, which
 * re-checks contacts (their hits in qa_check_hits replaced, the contacts marked in
 * qa_checked_contacts). The checks themselves are in src/core/qa/checks.ts.
 */
import type { Engine, Row } from '../../core/engine.js';
import {
  CHECK_KINDS,
  CHECK_LANGUAGES,
  type CheckContact,
  type CheckEvent,
  type CheckHit,
  type CheckKind,
  type CheckLanguage,
  type CheckRule,
  checkLanguage,
  DEFAULT_CHECK_RULES,
  parseCheckSettings,
  runContactChecks,
  runRule,
  type Speller,
} from '../../core/qa/checks.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { insertAsJson } from '../bulk-insert.js';
import { withNumberedSnapshot } from '../numbered-snapshot.js';
import type { QaProblem } from './contract.js';
import { unknownWords } from './speller.js';

export { closeSpeller } from './speller.js';

export interface CheckRuleView {
  id: string;
  kind: CheckKind;
  label: string;
  /** What the rule checks, as documented; the same for every rule of its kind. */
  description: string;
  enabled: boolean;
  settings: CheckRule['settings'];
  updatedAt: string | null;
}

/** The language a contact is checked in when its customer_language is empty or not one of the five. */
export interface CheckLanguageSettings {
  default: CheckLanguage;
  /** Per team id. */
  teams: Record<string, CheckLanguage>;
}

const LANGUAGES_KEY = 'checks.languages';
/** Contacts checked per transaction: the IN lists stay short and a long run commits as it goes. */
const BATCH = 2000;
/** About 25 ms of checks at the measured 2,000 contacts/s. */
const CHECKS_BETWEEN_PAUSES = 50;

const DESCRIPTIONS = new Map(DEFAULT_CHECK_RULES.map((rule) => [rule.kind, rule.description]));

/** Inserts the default rules that are not there yet; rules already there keep their settings. */
export async function ensureCheckRules(engine: Engine, now = new Date()): Promise<void> {
  const p = engine.dialect.placeholder;
  for (const rule of DEFAULT_CHECK_RULES)
    await engine.run(
      `INSERT INTO qa_check_rules (id, kind, label, enabled, settings, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, TRUE, ${p(4)}, CAST(${p(5)} AS TIMESTAMP)) ON CONFLICT DO NOTHING`,
      [rule.id, rule.kind, rule.label, JSON.stringify(rule.settings), sqlInstant(now)],
    );
}

function toView(row: Row): CheckRuleView | null {
  const kind = String(row.kind) as CheckKind;
  if (!(CHECK_KINDS as readonly string[]).includes(kind)) return null;
  const parsed = parseCheckSettings(kind, JSON.parse(String(row.settings ?? '{}')));
  if (!parsed.ok) return null;
  return {
    id: String(row.id),
    kind,
    label: String(row.label),
    description: DESCRIPTIONS.get(kind) ?? '',
    enabled: row.enabled === true,
    settings: parsed.settings,
    updatedAt: isoInstant(row.updated_at),
  };
}

/** Every rule, in the order of the defaults. Rules whose stored settings no longer read are left out. */
export async function listCheckRules(engine: Engine): Promise<CheckRuleView[]> {
  await ensureCheckRules(engine);
  const rows = await engine.all(
    'SELECT id, kind, label, enabled, settings, CAST(updated_at AS VARCHAR) AS updated_at FROM qa_check_rules',
  );
  const order = (kind: string) => (CHECK_KINDS as readonly string[]).indexOf(kind);
  return rows
    .map(toView)
    .filter((rule): rule is CheckRuleView => rule !== null)
    .sort((a, b) => order(a.kind) - order(b.kind) || a.id.localeCompare(b.id));
}

/**
 * Changes a rule: switches it on or off, renames it, or replaces its settings (checked against the
 * rule's kind; the reason names the field). The hits already stored stay until the contacts are
 * checked again.
 */
export async function updateCheckRule(
  engine: Engine,
  id: string,
  changes: { enabled?: boolean; label?: string; settings?: unknown },
  now: Date,
): Promise<Result<CheckRuleView, QaProblem>> {
  const rule = (await listCheckRules(engine)).find((r) => r.id === id);
  if (rule === undefined) return err({ kind: 'not_found', what: `check rule ${id}` });
  const issues: { path: string; message: string }[] = [];
  if (changes.enabled !== undefined && typeof changes.enabled !== 'boolean')
    issues.push({ path: 'enabled', message: 'must be true or false' });
  const label = changes.label === undefined ? rule.label : String(changes.label).trim();
  if (label === '' || label.length > 120)
    issues.push({ path: 'label', message: 'must be 1 to 120 characters' });
  let settings = rule.settings;
  if (changes.settings !== undefined) {
    const parsed = parseCheckSettings(rule.kind, changes.settings);
    if (parsed.ok) settings = parsed.settings;
    else issues.push(...parsed.issues);
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const p = engine.dialect.placeholder;
  await engine.run(
    `UPDATE qa_check_rules SET enabled = ${p(1)}, label = ${p(2)}, settings = ${p(3)},
       updated_at = CAST(${p(4)} AS TIMESTAMP) WHERE id = ${p(5)}`,
    [changes.enabled ?? rule.enabled, label, JSON.stringify(settings), sqlInstant(now), id],
  );
  return ok({
    ...rule,
    enabled: changes.enabled ?? rule.enabled,
    label,
    settings,
    updatedAt: isoInstant(sqlInstant(now)),
  });
}

export async function getCheckLanguages(engine: Engine): Promise<CheckLanguageSettings> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT value FROM qa_config WHERE key = ${p(1)}`, [LANGUAGES_KEY]);
  const stored = rows[0]?.value;
  const fallback: CheckLanguageSettings = { default: 'en', teams: {} };
  if (typeof stored !== 'string') return fallback;
  const value = JSON.parse(stored) as { default?: unknown; teams?: Record<string, unknown> };
  const teams: Record<string, CheckLanguage> = {};
  for (const [team, tag] of Object.entries(value.teams ?? {})) {
    const language = checkLanguage(typeof tag === 'string' ? tag : null);
    if (language !== null) teams[team] = language;
  }
  return { default: checkLanguage(typeof value.default === 'string' ? value.default : null) ?? 'en', teams };
}

/** Sets the language of contacts without a customer language: per team, else the default. */
export async function setCheckLanguages(
  engine: Engine,
  input: { default: string; teams?: Record<string, string> },
  now: Date,
): Promise<Result<CheckLanguageSettings, QaProblem>> {
  const issues: { path: string; message: string }[] = [];
  const known = CHECK_LANGUAGES.join(', ');
  const fallback = checkLanguage(input.default);
  if (fallback === null) issues.push({ path: 'default', message: `must be one of ${known}` });
  const teams: Record<string, CheckLanguage> = {};
  for (const [team, tag] of Object.entries(input.teams ?? {})) {
    const language = checkLanguage(tag);
    if (language === null) issues.push({ path: `teams.${team}`, message: `must be one of ${known}` });
    else teams[team] = language;
  }
  if (fallback === null || issues.length > 0) return err({ kind: 'invalid', issues });
  const settings: CheckLanguageSettings = { default: fallback, teams };
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO qa_config (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [LANGUAGES_KEY, JSON.stringify(settings), sqlInstant(now)],
  );
  return ok(settings);
}

/**
 * The spellers of a batch of contacts. The dictionaries live in a worker thread (loading one takes
 * seconds): the spelling rules first run with a speller that takes every word for wrong, which gives
 * every word they would ask about, per language; the worker answers which of those it does not
 * know, in one message; the rules then run with a speller that knows the answer.
 */
async function batchSpellers(
  rules: readonly CheckRule[],
  contacts: readonly CheckContact[],
  nowMs: number,
): Promise<Map<CheckLanguage, Speller | null>> {
  const spelling = rules.filter((rule) => rule.kind === 'spelling');
  const asked = new Map<CheckLanguage, Set<string>>();
  for (const [index, contact] of contacts.entries()) {
    if (contact.language === 'zh-CN' || spelling.length === 0) continue;
    if (index > 0 && index % CHECKS_BETWEEN_PAUSES === 0)
      await new Promise((resolve) => setImmediate(resolve));
    const words = asked.get(contact.language) ?? new Set<string>();
    asked.set(contact.language, words);
    const recorder: Speller = {
      correct: (word) => {
        words.add(word);
        return false;
      },
    };
    for (const rule of spelling) runRule(rule, contact, { spellerFor: () => recorder, nowMs });
  }
  const unknown = await unknownWords(
    Object.fromEntries([...asked].filter(([, words]) => words.size > 0).map(([l, words]) => [l, [...words]])),
  );
  const spellers = new Map<CheckLanguage, Speller | null>();
  for (const language of asked.keys()) {
    const wrong = new Set(unknown[language] ?? []);
    spellers.set(language, { correct: (word) => !wrong.has(word) });
  }
  return spellers;
}

/** What runChecks did: contacts checked and hits stored. */
export interface ChecksRun {
  checked: number;
  hits: number;
}

function toMs(value: unknown): number {
  return Date.parse(isoInstant(value) ?? '');
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The enabled rules as the checks read them. */
async function enabledRules(engine: Engine): Promise<CheckRule[]> {
  return (await listCheckRules(engine))
    .filter((rule) => rule.enabled)
    .map(
      (rule) =>
        ({
          id: rule.id,
          kind: rule.kind,
          label: rule.label,
          enabled: true,
          settings: rule.settings,
        }) as CheckRule,
    );
}

/**
 * Checks contacts again: the given contact keys (`source|external_id`), or every contact. Their
 * hits are replaced and they are marked checked (a contact that no longer exists loses its hits).
 * Each batch of contacts is one transaction.
 */
export async function runChecks(
  engine: Engine,
  scope: { contactKeys?: readonly string[] } | 'all',
  now: Date,
): Promise<ChecksRun> {
  const rules = await enabledRules(engine);
  const languages = await getCheckLanguages(engine);
  const p = engine.dialect.placeholder;
  const run: ChecksRun = { checked: 0, hits: 0 };
  const check = async (contactRows: Row[], eventRows: Row[], where: string, params: readonly unknown[]) => {
    const done = await checkBatch(engine, { rules, languages, now }, contactRows, eventRows, where, params);
    run.checked += done.checked;
    run.hits += done.hits;
  };
  if (scope === 'all') {
    // Every contact, numbered once in key order, and their events by their contact's number: a
    // batch is a range of numbers, read from the snapshots instead of from every event again.
    const contacts = `SELECT row_number() OVER (ORDER BY c.contact_key) AS n, ${CONTACT_COLUMNS}
      FROM contacts c LEFT JOIN contact_facts f ON f.contact_key = c.contact_key`;
    await withNumberedSnapshot(engine, contacts, [], (numbered) =>
      withNumberedSnapshot(
        engine,
        `SELECT k.n, ${EVENT_COLUMNS} FROM contact_events e JOIN ${numbered.table} k ON k.contact_key = e.contact_key`,
        [],
        async (events) => {
          for (let after = 0; after < numbered.last; after += BATCH) {
            const contactRows = await numbered.rows(after, after + BATCH, 'n');
            const first = contactRows[0]?.contact_key;
            const last = contactRows[contactRows.length - 1]?.contact_key;
            await check(
              contactRows,
              await events.rows(after, after + BATCH, EVENT_ORDER, EVENT_FIELDS),
              `contact_key >= ${p(1)} AND contact_key <= ${p(2)}`,
              [first, last],
            );
          }
        },
      ),
    );
    // Contacts removed before the first key or after the last are in no range above.
    for (const table of ['qa_check_hits', 'qa_checked_contacts'])
      await engine.run(`DELETE FROM ${table} WHERE contact_key NOT IN (SELECT contact_key FROM contacts)`);
    return run;
  }
  for (const batch of chunks([...new Set(scope.contactKeys ?? [])], BATCH)) {
    const where = `contact_key IN (${batch.map((_, i) => p(i + 1)).join(', ')})`;
    const contactRows = await engine.all(
      `SELECT ${CONTACT_COLUMNS} FROM contacts c LEFT JOIN contact_facts f ON f.contact_key = c.contact_key
       WHERE c.${where}`,
      batch,
    );
    const eventRows = await engine.all(
      `SELECT ${EVENT_COLUMNS} FROM contact_events e WHERE e.${where} ORDER BY ${EVENT_ORDER}`,
      batch,
    );
    await check(contactRows, eventRows, where, batch);
  }
  return run;
}

/** What a contact is checked with, of `contacts c` and `contact_facts f`. */
const CONTACT_COLUMNS =
  'c.contact_key, c.channel, c.team_id, c.assignee_id, c.customer_language, f.frt_target_s';
/** What an event is checked with, of `contact_events e`; `occurred_time` orders them. */
const EVENT_COLUMNS = `e.contact_key, e.source, e.external_id, e.kind, e.actor, e.agent_id,
  CAST(e.occurred_at AS VARCHAR) AS occurred_at, e.occurred_at AS occurred_time, e.public, e.body`;
const EVENT_ORDER = 'contact_key, occurred_time, external_id';
/** What the checks read of `EVENT_COLUMNS`. */
const EVENT_FIELDS = 'contact_key, source, external_id, kind, actor, agent_id, occurred_at, public, body';

/**
 * Checks one batch of contacts (`contactRows`, with `eventRows` their events in order) in one
 * transaction: their hits are replaced and they are marked checked. `where` (with `params`) picks
 * the batch's rows of the hits and checked tables.
 */
async function checkBatch(
  engine: Engine,
  setup: { rules: CheckRule[]; languages: CheckLanguageSettings; now: Date },
  contactRows: readonly Row[],
  eventRows: readonly Row[],
  where: string,
  params: readonly unknown[],
): Promise<ChecksRun> {
  const { rules, languages, now } = setup;
  const events = new Map<string, CheckEvent[]>();
  for (const row of eventRows) {
    const key = String(row.contact_key);
    const list = events.get(key) ?? [];
    list.push({
      source: String(row.source),
      externalId: String(row.external_id),
      kind: String(row.kind),
      actor: row.actor === null ? null : String(row.actor),
      agentId: row.agent_id === null ? null : String(row.agent_id),
      occurredAtMs: toMs(row.occurred_at),
      public: row.public === null ? null : row.public === true,
      body: typeof row.body === 'string' ? row.body : null,
    });
    events.set(key, list);
  }
  const contacts: CheckContact[] = contactRows.map((row) => {
    const teamId = row.team_id === null ? null : String(row.team_id);
    return {
      contactKey: String(row.contact_key),
      language:
        checkLanguage(typeof row.customer_language === 'string' ? row.customer_language : null) ??
        (teamId === null ? undefined : languages.teams[teamId]) ??
        languages.default,
      frtTargetSeconds:
        row.frt_target_s === null || row.frt_target_s === undefined ? null : Number(row.frt_target_s),
      assigneeId: row.assignee_id === null ? null : String(row.assignee_id),
      events: events.get(String(row.contact_key)) ?? [],
    };
  });
  const nowMs = now.getTime();
  const spellers = await batchSpellers(rules, contacts, nowMs);
  const hits: { contactKey: string; hit: CheckHit }[] = [];
  for (const [index, contact] of contacts.entries()) {
    // The checks are CPU work on the server's own thread: a pause every few contacts lets the
    // requests that arrive meanwhile (dashboard reads during a large import) be answered.
    if (index > 0 && index % CHECKS_BETWEEN_PAUSES === 0)
      await new Promise((resolve) => setImmediate(resolve));
    for (const hit of runContactChecks(rules, contact, {
      spellerFor: (l) => spellers.get(l) ?? null,
      nowMs,
    }))
      hits.push({ contactKey: contact.contactKey, hit });
  }
  const at = sqlInstant(now);
  // The rules each contact hit, as qa_check_facts reads them (migration 20): `|rule|rule|`, each
  // once, in order, as the migration writes the lists of contacts checked before it.
  const hitRules = new Map<string, Set<string>>();
  for (const { contactKey, hit } of hits) {
    const rules = hitRules.get(contactKey) ?? new Set<string>();
    rules.add(hit.ruleId);
    hitRules.set(contactKey, rules);
  }
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM qa_check_hits WHERE ${where}`, params);
    await engine.run(`DELETE FROM qa_checked_contacts WHERE ${where}`, params);
    await insertAsJson(
      engine,
      'qa_checked_contacts',
      ['contact_key', 'checked_at', 'hit_rules'],
      new Set(['checked_at']),
      contacts.map((c) => {
        const rules = hitRules.get(c.contactKey);
        return [c.contactKey, at, rules === undefined ? null : `|${[...rules].sort().join('|')}|`];
      }),
    );
    await insertAsJson(
      engine,
      'qa_check_hits',
      ['contact_key', 'rule_id', 'event_source', 'event_external_id', 'agent_id', 'occurred_at', 'detail'],
      new Set(['occurred_at']),
      hits.map(({ contactKey, hit }) => [
        contactKey,
        hit.ruleId,
        hit.eventSource,
        hit.eventExternalId,
        hit.agentId,
        hit.occurredAtMs === null ? null : sqlInstant(new Date(hit.occurredAtMs)),
        hit.detail,
      ]),
    );
  });
  return { checked: contacts.length, hits: hits.length };
}
