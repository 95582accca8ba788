/**
 * Which of the five languages a text is written in. The script decides first: Han is Chinese,
 * Cyrillic is Ukrainian unless it is plainly Russian (then `other`: the pipeline does not read
 * it). Latin-script texts go to franc, limited to a handful of languages so that a Dutch text is
 * not taken for Afrikaans; franc is weak on short texts ("Great help, thanks" comes out Dutch),
 * so below SHORT_TEXT letters the hint (the customer's language as the source knows it) wins.
 */
import { createRequire } from 'node:module';
import { francAll } from 'franc';
import { type TextLanguage, WORDS_LANGUAGES, type WordsLanguage } from '../../services/words/contract.js';

/** Below this many letters franc's trigram statistics are too thin to overrule a hint. */
const SHORT_TEXT = 25;

/** The Latin-script languages franc weighs: ours, and the neighbours most often confused with them. */
const LATIN_CANDIDATES = [
  'eng',
  'nld',
  'swe',
  'deu',
  'dan',
  'nob',
  'afr',
  'fra',
  'spa',
  'ita',
  'por',
  'fin',
  'pol',
];
const FROM_ISO3: Record<string, WordsLanguage> = { eng: 'en', nld: 'nl', swe: 'sv' };

/** Normalises a language tag (`nl`, `zh-CN`, `en-GB`, `sv_SE`, `UK`, `nld`) to one of the five, or null. */
export function languageFromHint(hint: string | null | undefined): WordsLanguage | null {
  if (!hint) return null;
  const primary = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const iso3: Record<string, WordsLanguage> = {
    eng: 'en',
    nld: 'nl',
    dut: 'nl',
    swe: 'sv',
    ukr: 'uk',
    zho: 'zh',
    chi: 'zh',
    cmn: 'zh',
  };
  if ((WORDS_LANGUAGES as readonly string[]).includes(primary)) return primary as WordsLanguage;
  return iso3[primary] ?? null;
}

const HAN = /\p{Script=Han}/gu;
const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LATIN = /\p{Script=Latin}/gu;
/** Letters only Ukrainian (of the two) writes, and letters only Russian writes. */
const UKRAINIAN_LETTERS = /[іїєґІЇЄҐ]/u;
const RUSSIAN_LETTERS = /[ыэёъЫЭЁЪ]/u;

const require = createRequire(import.meta.url);

const count = (text: string, script: RegExp) => text.match(script)?.length ?? 0;

/** Links, addresses and handles are in Latin letters whatever the language around them. */
const NOT_LANGUAGE =
  /\b(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,255}|@[\p{L}\p{N}_]+/gu;
/** franc's verdict settles within the first lines; a long e-mail costs no more than that. */
const SAMPLE_LENGTH = 1_000;

export function detectLanguage(rawText: string, hint?: string | null): TextLanguage {
  const text = rawText
    .slice(0, SAMPLE_LENGTH * 2)
    .replace(NOT_LANGUAGE, ' ')
    .slice(0, SAMPLE_LENGTH);
  const hinted = languageFromHint(hint);
  const han = count(text, HAN);
  const cyrillic = count(text, CYRILLIC);
  const latin = count(text, LATIN);
  if (han + cyrillic + latin === 0) return hinted ?? 'other';
  // A Chinese message with a product name in Latin letters is still Chinese: two Han characters
  // carry about as much as five Latin letters.
  if (han > 0 && han * 2.5 >= latin && han >= cyrillic) return 'zh';
  if (cyrillic > latin) return readCyrillic(text, cyrillic, hinted);
  return readLatin(text, latin, hinted, !hinted && !!hint?.trim());
}

function readCyrillic(text: string, letters: number, hinted: WordsLanguage | null): TextLanguage {
  const ukrainian = UKRAINIAN_LETTERS.test(text);
  const russian = RUSSIAN_LETTERS.test(text);
  if (ukrainian && !russian) return 'uk';
  if (russian && !ukrainian) return 'other';
  // Without the telling letters a customer known to write Ukrainian wrote Ukrainian: franc leans to
  // Russian on a sentence that is both ("Доставку чекав занадто довго").
  if (hinted === 'uk') return 'uk';
  // Neither (or both) of the telling letters: let franc choose between the two, and only call
  // the text Russian when franc is clear about it.
  if (letters < SHORT_TEXT) return hinted === null ? 'uk' : 'other';
  const [best] = francAll(text, { only: ['ukr', 'rus', 'bel', 'bul'], minLength: 1 });
  return best && best[0] === 'rus' ? 'other' : 'uk';
}

function readLatin(
  text: string,
  letters: number,
  hinted: WordsLanguage | null,
  foreignHint: boolean,
): TextLanguage {
  const short = letters < SHORT_TEXT;
  if (short && hinted) return hinted;
  // A short text from a customer known to write another language ("Danke schön", hint de) is
  // theirs, not a poor match among ours.
  if (short && foreignHint) return 'other';
  const ranked = francAll(text, { only: short ? ['eng', 'nld', 'swe'] : LATIN_CANDIDATES, minLength: 1 });
  const hintedCode = hinted ? TO_ISO3[hinted] : undefined;
  const allowed = orthography(text);
  const plausible = ranked
    .filter(([code, score]) => (score >= CLOSE_CALL || code === hintedCode) && allowed(code))
    .map(([code]) => code);
  const best = plausible.length > 1 ? byFunctionWords(text, plausible, hintedCode) : (plausible[0] ?? 'und');
  return FROM_ISO3[best] ?? 'other';
}

/**
 * franc's trigrams barely tell Dutch from Afrikaans or German, or Swedish from Danish, Norwegian
 * and even Finnish, on a sentence or two. Two cheaper signs do: letters (ä and ö are not Danish,
 * Norwegian, Dutch or English; æ and ø are not Swedish) and the small words ("naar", "nog", "geen"
 * against "für", "die", "hat"). Among the languages franc finds likely enough, and the hinted one,
 * those the letters allow stay, and the one whose stop words the text uses most wins; on a tie,
 * the hint, else franc's order.
 */
const CLOSE_CALL = 0.6;
const TO_ISO3: Record<WordsLanguage, string> = { en: 'eng', nl: 'nld', sv: 'swe', uk: 'ukr', zh: 'zho' };
const NO_A_O_UMLAUT = new Set(['dan', 'nob', 'nld', 'afr', 'eng', 'fra', 'spa', 'ita', 'por', 'pol']);

function orthography(text: string): (code: string) => boolean {
  const umlaut = /[äöÄÖ]/u.test(text);
  const danish = /[æøÆØ]/u.test(text);
  return (code) => !(umlaut && !danish && NO_A_O_UMLAUT.has(code)) && !(danish && code === 'swe');
}

const functionWordSets = new Map<string, ReadonlySet<string>>();

function functionWords(code: string): ReadonlySet<string> {
  let set = functionWordSets.get(code);
  if (!set) {
    const lists = require('stopword') as Record<string, string[] | undefined>;
    set = new Set((lists[code] ?? []).map((w) => w.toLowerCase()));
    functionWordSets.set(code, set);
  }
  return set;
}

function byFunctionWords(
  text: string,
  candidates: readonly string[],
  hintedCode: string | undefined,
): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = candidates.map((code) => {
    const set = functionWords(code);
    return words.filter((w) => set.has(w)).length;
  });
  const most = Math.max(...hits);
  const leaders = candidates.filter((_, i) => hits[i] === most);
  if (hintedCode && leaders.includes(hintedCode)) return hintedCode;
  return leaders[0] as string;
}
