/**
 * Personal data out of a text before anyone sees it: e-mail addresses, phone numbers and order
 * numbers become [e-mail], [phone] and [order]. Ordinary numbers stay: "3 days", "10 %", a date
 * (2026-03-01) or a time (14:30) has too few digits, or the wrong separators, to be taken for one.
 */

/** Parts bounded as in the standard, which also keeps a long run of letters from costing quadratic time. */
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,}/gu;

/**
 * The words that announce an order number, in the five languages; the number after them is
 * masked, the word stays ("order [order]"), so the sentence still reads.
 */
const ORDER_WORDS = [
  'order(?:\\s*(?:number|no\\.?|nr\\.?|id))?',
  'ordernummer',
  'ordernr\\.?',
  'bestelling',
  'bestelnummer',
  'bestelnr\\.?',
  'beställning(?:snummer)?',
  'номер\\s+замовлення',
  'замовлення',
  '订单号',
  '订单编号',
  '订单',
  '单号',
].join('|');
/** An order identifier: an optional letter prefix, at least three digits. */
const ORDER_ID = '[A-Za-z]{0,4}[-‐]?\\d{3,}(?:[-‐]\\d+)*';
const ORDER_AFTER_WORD = new RegExp(
  `(?<![\\p{L}])(${ORDER_WORDS})(\\s*(?:[:：#№]|no\\.?|nr\\.?)?\\s*)(${ORDER_ID})(?![\\p{L}\\p{N}])`,
  'giu',
);
/** #12345, № 12345, No. 12345 on their own. */
const ORDER_MARK = /(?<![\p{L}\p{N}#])(?:#|№\s?)[A-Za-z]{0,3}\d{3,}(?![\p{L}\p{N}])/gu;

/**
 * A phone number: an optional +country, an optional (area code), then groups of digits joined by
 * single spaces, dashes or dots. Only taken for a phone number with 9 to 15 digits in all (8 with
 * a + in front), which a date (8 digits) or an amount never reaches.
 */
const PHONE =
  /(?<![\p{N}A-Za-z+])(\+\s?\d{1,3}[\s.-]?)?(\(\d{1,5}\)[\s.-]?)?\d{1,11}(?:[\s.-]\d{1,8}){0,5}(?![\p{N}A-Za-z]|:\d)/gu;
/** A run of six or more digits with nothing around it: an order, invoice or customer number. */
const LONG_DIGITS = /(?<![\p{N}A-Za-z])\d{6,}(?![\p{N}A-Za-z])/gu;

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  const international = candidate.trimStart().startsWith('+');
  const separated = /[\s.()-]/.test(candidate.trim());
  if (international) return digits >= 8 && digits <= 15;
  if (!separated) {
    // An unbroken run is a phone number only in the shapes phone numbers take: a national number
    // starting with 0 (0612345678) or a Chinese mobile number (13800138000).
    return /^0\d{8,10}$/.test(candidate) || /^1[3-9]\d{9}$/.test(candidate);
  }
  // A date inside the run (2026-03-01 14, 01.03.2026) is a date and a time, not a number to call.
  if (/\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}/.test(candidate)) return false;
  return digits >= 9 && digits <= 15;
}

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, '[e-mail]')
    .replace(ORDER_AFTER_WORD, (_match, word: string) => `${word} [order]`)
    .replace(ORDER_MARK, '[order]')
    .replace(PHONE, (match: string) => {
      const trimmed = match.trimEnd();
      return looksLikePhone(trimmed) ? `[phone]${match.slice(trimmed.length)}` : match;
    })
    .replace(LONG_DIGITS, '[order]');
}
