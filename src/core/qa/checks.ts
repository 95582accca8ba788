/**
 * The automatic quality checks, run on every conversation (not only the sample): greeting and
 * closing present, the customer's name used, each reply within the first-response target, the
 * brand guide's forbidden and preferred phrases, spelling, and a long unanswered gap. Each check is
 * a rule with settings (phrase lists per language, thresholds) kept in qa_check_rules; this module
 * is pure: it reads one contact's events and gives the hits. Spelling asks a speller per language
 * that the caller loads (the dictionaries are large files).
 */
import { z } from 'zod';

/** The languages the checks speak: their phrase lists and, except Chinese, their dictionaries. */
export const CHECK_LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;
export type CheckLanguage = (typeof CHECK_LANGUAGES)[number];

export const CHECK_KINDS = [
  'greeting',
  'closing',
  'customer_name',
  'reply_time',
  'forbidden_phrases',
  'preferred_phrases',
  'spelling',
  'unanswered_gap',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

const phrase = z.string().trim().min(1).max(200);
/** A list of phrases per language; a language left out has none. */
const PhraseLists = z
  .object({
    en: z.array(phrase).max(500),
    nl: z.array(phrase).max(500),
    sv: z.array(phrase).max(500),
    uk: z.array(phrase).max(500),
    'zh-CN': z.array(phrase).max(500),
  })
  .partial()
  .strict();
export type PhraseLists = z.infer<typeof PhraseLists>;

export const GreetingSettings = z
  .object({
    phrases: PhraseLists,
    /** A greeting is at the start: only the reply's first characters are searched. */
    withinFirstCharacters: z.number().int().min(10).max(2000).default(150),
  })
  .strict();
export const ClosingSettings = z
  .object({
    phrases: PhraseLists,
    /** A closing is at the end: only the reply's last characters are searched. */
    withinLastCharacters: z.number().int().min(10).max(2000).default(300),
  })
  .strict();
export const CustomerNameSettings = z.object({}).strict();
export const ReplyTimeSettings = z
  .object({
    /** Used when the contact has no first-response target (its channel has none). */
    fallbackSeconds: z.number().positive().nullable().default(null),
  })
  .strict();
export const PhraseSettings = z.object({ phrases: PhraseLists }).strict();
export const SpellingSettings = z
  .object({
    /** A reply is a hit at this many misspelt words or more. */
    minErrors: z.number().int().min(1).max(100).default(3),
    /** Words taken as correct (product names, jargon), per language. */
    allow: PhraseLists.default({}),
  })
  .strict();
export const UnansweredGapSettings = z
  .object({
    hours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(24),
  })
  .strict();

export const CHECK_SETTINGS = {
  greeting: GreetingSettings,
  closing: ClosingSettings,
  customer_name: CustomerNameSettings,
  reply_time: ReplyTimeSettings,
  forbidden_phrases: PhraseSettings,
  preferred_phrases: PhraseSettings,
  spelling: SpellingSettings,
  unanswered_gap: UnansweredGapSettings,
} as const satisfies Record<CheckKind, z.ZodTypeAny>;

export type CheckSettings = {
  [K in CheckKind]: z.infer<(typeof CHECK_SETTINGS)[K]>;
};

/** A rule as the checks use it: one row of qa_check_rules, its settings read. */
export type CheckRule = {
  [K in CheckKind]: { id: string; kind: K; label: string; enabled: boolean; settings: CheckSettings[K] };
}[CheckKind];

/** One default rule: what ensureCheckRules inserts. */
export interface DefaultCheckRule {
  id: string;
  kind: CheckKind;
  label: string;
  description: string;
  settings: CheckSettings[CheckKind];
}

export const DEFAULT_GREETINGS: Required<PhraseLists> = {
  en: [
    'hi',
    'hello',
    'hey',
    'good morning',
    'good afternoon',
    'good evening',
    'dear',
    'greetings',
    'welcome',
    'thanks for reaching out',
    'thank you for contacting',
    'thank you for reaching out',
  ],
  nl: [
    'hallo',
    'hoi',
    'hey',
    'hé',
    'goedemorgen',
    'goedemiddag',
    'goedenavond',
    'beste',
    'geachte',
    'dag',
    'welkom',
    'bedankt voor je bericht',
    'bedankt voor uw bericht',
  ],
  sv: [
    'hej',
    'hejsan',
    'hallå',
    'god morgon',
    'god eftermiddag',
    'god kväll',
    'hälsningar',
    'välkommen',
    'tack för att du kontaktade',
    'tack för ditt meddelande',
  ],
  uk: [
    'привіт',
    'вітаю',
    'вітаємо',
    'добрий день',
    'доброго дня',
    'добрий ранок',
    'доброго ранку',
    'добрий вечір',
    'доброго вечора',
    'шановний',
    'шановна',
    'здрастуйте',
    'дякуємо за звернення',
    'дякую за звернення',
  ],
  'zh-CN': [
    '您好',
    '你好',
    '早上好',
    '上午好',
    '下午好',
    '晚上好',
    '亲爱的',
    '欢迎',
    '感谢您的来信',
    '感谢您联系',
  ],
};

export const DEFAULT_CLOSINGS: Required<PhraseLists> = {
  en: [
    'regards',
    'best wishes',
    'best',
    'thanks',
    'thank you',
    'have a nice day',
    'have a great day',
    'have a good day',
    'cheers',
    'sincerely',
    'take care',
    'let us know',
    'let me know',
    'anything else',
  ],
  nl: [
    'groet',
    'groeten',
    'met vriendelijke groet',
    'vriendelijke groet',
    'fijne dag',
    'prettige dag',
    'bedankt',
    'dank je',
    'dank u',
    'succes',
    'laat het weten',
    'laat het ons weten',
    'nog vragen',
  ],
  sv: [
    'hälsningar',
    'vänliga hälsningar',
    'mvh',
    'ha en bra dag',
    'ha en fin dag',
    'tack',
    'hör av dig',
    'hör gärna av dig',
    'lycka till',
  ],
  uk: [
    'з повагою',
    'гарного дня',
    'гарного вечора',
    'гарних вихідних',
    'дякую',
    'дякуємо',
    'всього найкращого',
    'звертайтеся',
    'будемо раді допомогти',
  ],
  'zh-CN': ['祝您', '祝你', '谢谢', '感谢', '此致', '敬礼', '如有其他问题', '祝好', '再见'],
};

export const DEFAULT_FORBIDDEN: Required<PhraseLists> = {
  en: [
    'calm down',
    'as I said',
    'as I already said',
    'obviously',
    'you should have',
    'not my job',
    'per my last email',
    'there is nothing we can do',
    'you people',
  ],
  nl: [
    'rustig aan',
    'zoals ik al zei',
    'zoals gezegd',
    'dat had u moeten',
    'dat had je moeten',
    'niet mijn taak',
    'daar kunnen we niets aan doen',
  ],
  sv: [
    'lugna dig',
    'som jag sa',
    'som jag redan sa',
    'uppenbarligen',
    'du borde ha',
    'inte mitt jobb',
    'det kan vi inte göra något åt',
  ],
  uk: [
    'заспокойтеся',
    'як я вже казав',
    'як я вже казала',
    'очевидно',
    'вам слід було',
    'це не моя робота',
    'нічим не можемо допомогти',
  ],
  'zh-CN': ['冷静一下', '我已经说过', '显然', '你应该早点', '这不是我的工作', '我们无能为力'],
};

export const DEFAULT_PREFERRED: Required<PhraseLists> = {
  en: [
    'happy to help',
    'glad to help',
    'thank you for your patience',
    'thanks for your patience',
    'I understand',
    'I am sorry',
    "I'm sorry",
  ],
  nl: [
    'graag geholpen',
    'help je graag',
    'help u graag',
    'bedankt voor je geduld',
    'bedankt voor uw geduld',
    'ik begrijp',
    'het spijt me',
  ],
  sv: ['hjälper gärna', 'gärna hjälpa', 'tack för ditt tålamod', 'jag förstår', 'jag beklagar'],
  uk: [
    'радо допоможемо',
    'раді допомогти',
    'радий допомогти',
    'рада допомогти',
    'дякуємо за терпіння',
    'дякую за терпіння',
    'я розумію',
    'перепрошуємо',
  ],
  'zh-CN': ['很高兴为您服务', '乐意为您', '感谢您的耐心', '我理解', '非常抱歉'],
};

export const DEFAULT_CHECK_RULES: readonly DefaultCheckRule[] = [
  {
    id: 'greeting',
    kind: 'greeting',
    label: 'Greeting in the first reply',
    description:
      'The first public agent reply starts with a greeting (a phrase of the list of the contact’s language, within its first 150 characters). A hit on that reply.',
    settings: { phrases: DEFAULT_GREETINGS, withinFirstCharacters: 150 },
  },
  {
    id: 'closing',
    kind: 'closing',
    label: 'Closing in the last reply',
    description:
      'The last public agent reply ends with a closing (a phrase of the list of the contact’s language, within its last 300 characters). A hit on that reply.',
    settings: { phrases: DEFAULT_CLOSINGS, withinLastCharacters: 300 },
  },
  {
    id: 'customer_name',
    kind: 'customer_name',
    label: 'Customer’s name used',
    description:
      'The customer signed a message with their name (a last line of one to three capitalised words, or two to four Chinese characters) and no agent reply uses it. Contacts whose customer never signed are not checked. A hit on the contact.',
    settings: {},
  },
  {
    id: 'reply_time',
    kind: 'reply_time',
    label: 'Reply within the first-response target',
    description:
      'Every agent reply to a customer message comes within the contact’s first-response target (its channel and team’s, in calendar time), counted from the first message it answers. A hit on each late reply.',
    settings: { fallbackSeconds: null },
  },
  {
    id: 'forbidden_phrases',
    kind: 'forbidden_phrases',
    label: 'Phrases the brand guide forbids',
    description:
      'A public agent reply uses a phrase of the forbidden list of the contact’s language. A hit on that reply.',
    settings: { phrases: DEFAULT_FORBIDDEN },
  },
  {
    id: 'preferred_phrases',
    kind: 'preferred_phrases',
    label: 'Phrases the brand guide prefers',
    description:
      'No public agent reply of the contact uses a phrase of the preferred list of the contact’s language. A hit on the contact.',
    settings: { phrases: DEFAULT_PREFERRED },
  },
  {
    id: 'spelling',
    kind: 'spelling',
    label: 'Spelling',
    description:
      'A public agent reply holds 3 or more words its language’s Hunspell dictionary does not know (English, Dutch, Swedish, Ukrainian). Web and e-mail addresses, numbers, words with digits, capitalised words inside a sentence (names), words in capitals, the customer’s name and the allow list are left out. Chinese is not checked: it has no dictionary. A hit on that reply.',
    settings: { minErrors: 3, allow: {} },
  },
  {
    id: 'unanswered_gap',
    kind: 'unanswered_gap',
    label: 'Long unanswered gap',
    description:
      'A customer message waits more than 24 calendar hours for the next agent reply (or, without one, until the contact’s last event or the check). A hit on the first message of the wait.',
    settings: { hours: 24 },
  },
];

/** The language checks are run in: a tag such as nl-BE, zh_Hans or EN read as one of CHECK_LANGUAGES. */
export function checkLanguage(tag: string | null | undefined): CheckLanguage | null {
  if (typeof tag !== 'string') return null;
  const lower = tag.trim().toLowerCase().replace('_', '-');
  if (lower === '') return null;
  if (lower.startsWith('zh'))
    return lower === 'zh-tw' || lower === 'zh-hk' || lower.includes('hant') ? null : 'zh-CN';
  const primary = lower.split('-')[0];
  return (CHECK_LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as CheckLanguage) : null;
}

/** One event of the contact, as the checks read it. */
export interface CheckEvent {
  source: string;
  externalId: string;
  kind: string;
  actor: string | null;
  agentId: string | null;
  occurredAtMs: number;
  public: boolean | null;
  body: string | null;
}

export interface CheckContact {
  contactKey: string;
  language: CheckLanguage;
  /** The contact's first-response target in seconds (contact_facts.frt_target_s), null without one. */
  frtTargetSeconds: number | null;
  /** The agent a contact-wide hit is counted for: the assignee, else the last agent who replied. */
  assigneeId: string | null;
  /** Events in time order. */
  events: readonly CheckEvent[];
}

export interface CheckHit {
  ruleId: string;
  /** The event it is about; null for a hit on the contact as a whole. */
  eventSource: string | null;
  eventExternalId: string | null;
  agentId: string | null;
  occurredAtMs: number | null;
  detail: string | null;
}

/** A dictionary: whether a word is spelt right. */
export interface Speller {
  correct(word: string): boolean;
}

export interface CheckOptions {
  /** The speller of a language, or null when it has none (Chinese) or it is not loaded. */
  spellerFor: (language: CheckLanguage) => Speller | null;
  /** When the checks run: the end of a wait nothing ended. */
  nowMs: number;
}

const isAgentReply = (e: CheckEvent) => e.kind === 'agent_reply' && e.public !== false;
const isCustomerMessage = (e: CheckEvent) => e.kind === 'customer_message';

/** Lower-cased, apostrophes made alike, whitespace single: how phrases and words are compared. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for a phrase list: whole words in the languages that have them; Chinese is written
 * without spaces, so there a phrase is found anywhere.
 */
function compileMatcher(phrases: readonly string[], language: CheckLanguage): Matcher | null {
  const list = phrases.map((p) => normalise(p.trim())).filter((p) => p !== '');
  if (list.length === 0) return null;
  if (language === 'zh-CN')
    return (text) => {
      const normal = normalise(text);
      return list.filter((p) => normal.includes(p));
    };
  const patterns = list.map((p) => ({
    phrase: p,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(p).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u'),
  }));
  return (text) => {
    const normal = normalise(text);
    return patterns.filter(({ pattern }) => pattern.test(normal)).map(({ phrase }) => phrase);
  };
}

type Matcher = (text: string) => string[];

/** Compiled once per phrase lists and language: a run checks thousands of contacts with the same rules. */
const matchers = new WeakMap<PhraseLists, Map<CheckLanguage, Matcher | null>>();

function phraseMatcher(lists: PhraseLists, language: CheckLanguage): Matcher | null {
  let byLanguage = matchers.get(lists);
  if (byLanguage === undefined) {
    byLanguage = new Map();
    matchers.set(lists, byLanguage);
  }
  if (!byLanguage.has(language)) byLanguage.set(language, compileMatcher(lists[language] ?? [], language));
  return byLanguage.get(language) ?? null;
}

function hitOn(ruleId: string, event: CheckEvent, detail: string | null): CheckHit {
  return {
    ruleId,
    eventSource: event.source,
    eventExternalId: event.externalId,
    agentId: event.agentId,
    occurredAtMs: event.occurredAtMs,
    detail,
  };
}

function hitOnContact(ruleId: string, contact: CheckContact, detail: string | null): CheckHit {
  const lastReply = [...contact.events].reverse().find(isAgentReply);
  return {
    ruleId,
    eventSource: null,
    eventExternalId: null,
    agentId: contact.assigneeId ?? lastReply?.agentId ?? null,
    occurredAtMs: null,
    detail,
  };
}

const SIGNATURE_WORD = /^\p{Lu}[\p{Ll}'’-]+$/u;
const HAN_NAME = /^\p{Script=Han}{2,4}$/u;

/**
 * The customer's name as they signed a message: the last line of a customer message that is one
 * to three capitalised words (or two to four Chinese characters), after a closing like "Regards,"
 * or alone. Its words, lower-cased; null when no message is signed.
 */
export function signedName(messages: readonly (string | null)[]): string[] | null {
  for (const body of [...messages].reverse()) {
    if (body === null) continue;
    const lines = body
      .split('\n')
      .map((line) =>
        line
          .trim()
          .replace(/^[-–—~]+\s*/, '')
          .replace(/[.!,]+$/, ''),
      )
      .filter((line) => line !== '');
    if (lines.length < 2) continue;
    const last = lines[lines.length - 1] ?? '';
    if (HAN_NAME.test(last)) return [last];
    const words = last.split(/\s+/);
    if (words.length >= 1 && words.length <= 3 && words.every((w) => SIGNATURE_WORD.test(w)))
      return words.map((w) => normalise(w));
  }
  return null;
}

function nameUsed(text: string, name: readonly string[], language: CheckLanguage): boolean {
  const normal = normalise(text);
  if (language === 'zh-CN' || name.some((n) => /\p{Script=Han}/u.test(n)))
    // A Chinese name is often used by its surname alone (王先生): the first character is enough.
    return name.some((n) => normal.includes(n) || normal.includes(n.slice(0, 1)));
  return name.some((n) => new RegExp(`(?<![\\p{L}])${escapeRegExp(n)}(?![\\p{L}])`, 'u').test(normal));
}

const URL_OR_ADDRESS = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+/giu;
const WORD = /[\p{L}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}]/gu;

/**
 * The words of a reply a dictionary does not know. Left out: addresses, numbers and words with
 * digits (never matched as words), words in capitals (codes, acronyms), capitalised words that do
 * not start a sentence (names), the customer's name and the allow list.
 */
export function misspelt(text: string, speller: Speller, allow: ReadonlySet<string>): string[] {
  const wrong: string[] = [];
  const cleaned = text.replace(URL_OR_ADDRESS, ' ');
  for (const match of cleaned.matchAll(WORD)) {
    const raw = match[0].replace(/^['’-]+|['’-]+$/g, '');
    if (raw.length < 2) continue;
    const index = match.index ?? 0;
    const before = cleaned.slice(Math.max(0, index - 3), index);
    const after = cleaned[index + match[0].length] ?? '';
    // Part of a token with digits or a path: not a word.
    if (/[\p{N}_/\\]$/u.test(before) || /[\p{N}_/\\]/u.test(after)) continue;
    const word = raw.replace(/’/g, "'");
    if (word === word.toUpperCase()) continue;
    const lead = cleaned.slice(Math.max(0, index - 20), index);
    const startsSentence =
      (index === lead.length && /^[\s"'“‘(]*$/u.test(lead)) || /[.!?:;\n][\s"'“‘(]*$/u.test(lead);
    const capitalised = /^\p{Lu}/u.test(word);
    if (capitalised && !startsSentence) continue;
    if (allow.has(word.toLowerCase())) continue;
    if (speller.correct(word) || (capitalised && speller.correct(word.toLowerCase()))) continue;
    wrong.push(word);
  }
  return wrong;
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return hours >= 1 ? `${Math.round(hours * 10) / 10} h` : `${Math.round(seconds / 60)} min`;
}

function phrasesOf(lists: PhraseLists, language: CheckLanguage): readonly string[] {
  return lists[language] ?? [];
}

/** The hits of one rule on one contact. */
export function runRule(rule: CheckRule, contact: CheckContact, options: CheckOptions): CheckHit[] {
  const { events, language } = contact;
  const replies = events.filter(isAgentReply);
  switch (rule.kind) {
    case 'greeting': {
      const first = replies[0];
      const matcher = phraseMatcher(rule.settings.phrases, language);
      if (first === undefined || first.body === null || matcher === null) return [];
      const start = first.body.slice(0, rule.settings.withinFirstCharacters);
      return matcher(start).length > 0 ? [] : [hitOn(rule.id, first, `no greeting (${language})`)];
    }
    case 'closing': {
      const last = replies[replies.length - 1];
      const matcher = phraseMatcher(rule.settings.phrases, language);
      if (last === undefined || last.body === null || matcher === null) return [];
      const end = last.body.slice(-rule.settings.withinLastCharacters);
      return matcher(end).length > 0 ? [] : [hitOn(rule.id, last, `no closing (${language})`)];
    }
    case 'customer_name': {
      const name = signedName(events.filter(isCustomerMessage).map((e) => e.body));
      const worded = replies.filter((r) => r.body !== null);
      if (name === null || worded.length === 0) return [];
      return worded.some((r) => nameUsed(r.body ?? '', name, language))
        ? []
        : // The detail names no customer: hits are kept apart from the messages an erasure blanks.
          [hitOnContact(rule.id, contact, 'the customer signed with their name; no reply uses it')];
    }
    case 'reply_time': {
      const target = contact.frtTargetSeconds ?? rule.settings.fallbackSeconds;
      if (target === null) return [];
      const hits: CheckHit[] = [];
      let waitingSinceMs: number | null = null;
      for (const event of events) {
        if (isCustomerMessage(event)) waitingSinceMs ??= event.occurredAtMs;
        else if (isAgentReply(event) && waitingSinceMs !== null) {
          const seconds = (event.occurredAtMs - waitingSinceMs) / 1000;
          if (seconds > target)
            hits.push(
              hitOn(rule.id, event, `replied after ${formatHours(seconds)}; target ${formatHours(target)}`),
            );
          waitingSinceMs = null;
        }
      }
      return hits;
    }
    case 'forbidden_phrases': {
      const matcher = phraseMatcher(rule.settings.phrases, language);
      if (matcher === null) return [];
      return replies.flatMap((reply) => {
        const found = reply.body === null ? [] : matcher(reply.body);
        return found.length === 0 ? [] : [hitOn(rule.id, reply, found.map((p) => `“${p}”`).join(', '))];
      });
    }
    case 'preferred_phrases': {
      const matcher = phraseMatcher(rule.settings.phrases, language);
      const worded = replies.filter((r) => r.body !== null);
      if (matcher === null || worded.length === 0) return [];
      return worded.some((r) => matcher(r.body ?? '').length > 0)
        ? []
        : [hitOnContact(rule.id, contact, `no preferred phrase (${language})`)];
    }
    case 'spelling': {
      const speller = options.spellerFor(language);
      if (speller === null) return [];
      const name = signedName(events.filter(isCustomerMessage).map((e) => e.body)) ?? [];
      const allow = new Set([...phrasesOf(rule.settings.allow, language).map((w) => normalise(w)), ...name]);
      return replies.flatMap((reply) => {
        if (reply.body === null) return [];
        const wrong = misspelt(reply.body, speller, allow);
        return wrong.length >= rule.settings.minErrors
          ? [hitOn(rule.id, reply, `${wrong.length} unknown words: ${wrong.slice(0, 10).join(', ')}`)]
          : [];
      });
    }
    case 'unanswered_gap': {
      const limitMs = rule.settings.hours * 3_600_000;
      const hits: CheckHit[] = [];
      const check = (waiting: CheckEvent, endMs: number) => {
        if (endMs - waiting.occurredAtMs > limitMs)
          hits.push(
            hitOn(rule.id, waiting, `unanswered for ${formatHours((endMs - waiting.occurredAtMs) / 1000)}`),
          );
      };
      let waiting: CheckEvent | null = null;
      for (const event of events) {
        if (isCustomerMessage(event)) waiting ??= event;
        else if (isAgentReply(event) && waiting !== null) {
          check(waiting, event.occurredAtMs);
          waiting = null;
        }
      }
      if (waiting !== null) {
        // Never answered: the wait lasted until the contact's last event (closed without a
        // reply), or, when the customer's message is the last thing that happened, until now.
        const lastMs = events[events.length - 1]?.occurredAtMs ?? waiting.occurredAtMs;
        check(waiting, lastMs > waiting.occurredAtMs ? lastMs : options.nowMs);
      }
      return hits;
    }
  }
}

/** Every enabled rule's hits on one contact. */
export function runContactChecks(
  rules: readonly CheckRule[],
  contact: CheckContact,
  options: CheckOptions,
): CheckHit[] {
  return rules.filter((r) => r.enabled).flatMap((rule) => runRule(rule, contact, options));
}

/** A rule's stored settings read and checked; the reason names the field when they do not fit. */
export function parseCheckSettings<K extends CheckKind>(
  kind: K,
  settings: unknown,
): { ok: true; settings: CheckSettings[K] } | { ok: false; issues: { path: string; message: string }[] } {
  const parsed = CHECK_SETTINGS[kind].safeParse(settings);
  if (parsed.success) return { ok: true, settings: parsed.data as CheckSettings[K] };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: ['settings', ...i.path].join('.'), message: i.message })),
  };
}
