/**
 * A duration typed the way a reader thinks of it — `90 min`, `1 h 30 min`, `1:30`, `2 d`, `45 s`,
 * `1,5 uur`, `1 год 30 хв`, `1小时30分钟` — read back as seconds. The unit words come from the
 * locale's own Intl names (long, short and narrow), so what `formatDurationExact` writes is read
 * back in every language, plus the common English abbreviations everywhere.
 */
export type DurationUnit = 'day' | 'hour' | 'minute' | 'second';

const UNIT_SECONDS: Record<DurationUnit, number> = { day: 86_400, hour: 3600, minute: 60, second: 1 };

const ENGLISH_WORDS: Record<DurationUnit, readonly string[]> = {
  day: ['d', 'day', 'days'],
  hour: ['h', 'hr', 'hrs', 'hour', 'hours'],
  minute: ['m', 'min', 'mins', 'minute', 'minutes'],
  second: ['s', 'sec', 'secs', 'second', 'seconds'],
};

/** Words the Intl names leave out but a reader types: Chinese `分`, `时`, `日`. */
const EXTRA_WORDS: Record<DurationUnit, readonly string[]> = {
  day: ['日'],
  hour: ['时', '小時'],
  minute: ['分', '分鐘'],
  second: [],
};

/** Words between the parts of a duration: `1 h and 30 min`, `1 год і 30 хв`. */
const CONNECTORS = new Set(['and', 'en', 'och', 'і', 'й', 'та', '和', '又']);

const wordCache = new Map<string, Map<string, DurationUnit>>();

function normalWord(word: string): string {
  return word.toLocaleLowerCase().replace(/\.$/, '');
}

/** Every word that names a unit in `locale` or in English, to its unit. */
export function unitWords(locale: string): Map<string, DurationUnit> {
  const cached = wordCache.get(locale);
  if (cached) return cached;
  const words = new Map<string, DurationUnit>();
  const add = (word: string, unit: DurationUnit) => {
    const w = normalWord(word.trim());
    if (w && !words.has(w)) words.set(w, unit);
  };
  for (const unit of Object.keys(UNIT_SECONDS) as DurationUnit[]) {
    for (const w of ENGLISH_WORDS[unit]) add(w, unit);
    for (const w of EXTRA_WORDS[unit]) add(w, unit);
    for (const unitDisplay of ['long', 'short', 'narrow'] as const) {
      // Plural forms differ by number (Ukrainian 1 година, 2 години, 5 годин).
      for (const n of [0, 1, 2, 5, 1.5]) {
        const parts = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay }).formatToParts(n);
        for (const p of parts) if (p.type === 'unit') add(p.value, unit);
      }
    }
  }
  wordCache.set(locale, words);
  return words;
}

export type DurationParse =
  | { ok: true; seconds: number }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'negative' }
  | { ok: false; reason: 'no_unit'; number: string }
  | { ok: false; reason: 'unknown_unit'; unit: string }
  | { ok: false; reason: 'not_a_duration' };

const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;
const SEPARATOR = /^[\s,;+]+/u;
const PART = /^(\d+(?:[.,]\d+)?)\s*([^\d\s,;+]*)/u;

/** Reads `text` as a duration in seconds (to the millisecond), or says what is wrong with it. */
export function parseDuration(locale: string, text: string): DurationParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (/^[-−]/.test(trimmed)) return { ok: false, reason: 'negative' };
  const clock = CLOCK.exec(trimmed);
  if (clock) {
    const [, h, m, s] = clock;
    return { ok: true, seconds: Number(h) * 3600 + Number(m) * 60 + Number(s ?? 0) };
  }
  const words = unitWords(locale);
  let rest = trimmed;
  let seconds = 0;
  let parts = 0;
  while (rest.length > 0) {
    rest = rest.replace(SEPARATOR, '');
    const connector = /^(\p{L}+)\s+/u.exec(rest);
    if (connector && CONNECTORS.has(connector[1]?.toLocaleLowerCase() ?? '')) {
      rest = rest.slice(connector[0].length);
      continue;
    }
    if (rest.length === 0) break;
    const part = PART.exec(rest);
    if (!part) return { ok: false, reason: 'not_a_duration' };
    const [whole, number = '', word = ''] = part;
    if (word === '') return { ok: false, reason: 'no_unit', number };
    const unit = words.get(normalWord(word));
    if (!unit) return { ok: false, reason: 'unknown_unit', unit: word };
    seconds += Number(number.replace(',', '.')) * UNIT_SECONDS[unit];
    parts += 1;
    rest = rest.slice(whole.length);
  }
  if (parts === 0) return { ok: false, reason: 'not_a_duration' };
  return { ok: true, seconds: Math.round(seconds * 1000) / 1000 };
}
