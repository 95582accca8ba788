/**
 * The words of a message as contact_events.body keeps them: plain text (HTML bodies of e-mails,
 * Intercom parts and help-desk replies turned into lines), without control characters, and at most
 * MESSAGE_TEXT_LIMIT characters. Transcripts show it; the automatic quality checks read it.
 */

/** Characters kept of one message: a long e-mail thread quoted in full says nothing more after that. */
export const MESSAGE_TEXT_LIMIT = 20_000;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Tags after which the text goes on on a new line. */
const BLOCK_TAGS = /<\s*(br|\/p|\/div|\/li|\/h[1-6]|\/tr|\/blockquote|hr)\b[^>]*>/gi;

/** Whether a text looks like HTML rather than plain text that happens to hold a `<`. */
export function looksLikeHtml(text: string): boolean {
  return /<\s*\/?\s*(p|br|div|span|a|b|i|strong|em|ul|ol|li|table|img|h[1-6]|blockquote)\b[^>]*>/i.test(text);
}

/** HTML as the plain text a reader sees: scripts and styles dropped, blocks on their own lines. */
export function htmlToText(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\s*(script|style|head)\b[\s\S]*?<\s*\/\s*\1\s*>/gi, '');
  // Line breaks in HTML source are spaces; only the tags break lines, one break per boundary.
  const lined = withoutHidden
    .replace(/\s+/g, ' ')
    .replace(BLOCK_TAGS, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '\n- ')
    .replace(/<[^>]*>/g, '')
    .replace(/ *\n[\n ]*/g, '\n');
  return decodeEntities(lined);
}

// Tab, line feed and carriage return stay; every other control character would be refused by the
// store and means nothing to a reader.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/g;

/**
 * A message's body as stored: HTML (when `html` is true, or 'detect' and it looks like HTML)
 * turned into text, whitespace tidied, cut at MESSAGE_TEXT_LIMIT characters; null when nothing
 * is left or the value is not a string.
 */
export function messageText(value: unknown, html: boolean | 'detect' = 'detect'): string | null {
  if (typeof value !== 'string') return null;
  const asHtml = html === 'detect' ? looksLikeHtml(value) : html;
  const plain = (asHtml ? htmlToText(value) : value)
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (plain === '') return null;
  if (plain.length <= MESSAGE_TEXT_LIMIT) return plain;
  // Never cut a surrogate pair in two.
  const end = /[\ud800-\udbff]/.test(plain[MESSAGE_TEXT_LIMIT - 1] ?? '')
    ? MESSAGE_TEXT_LIMIT - 1
    : MESSAGE_TEXT_LIMIT;
  return plain.slice(0, end);
}
