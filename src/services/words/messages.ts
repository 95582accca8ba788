/**
 * The messages behind a topic, a theme, a brand attribute or a tone: the texts themselves, read back
 * from where they were imported (the survey comment, the event's body), with e-mail addresses, phone
 * numbers and order numbers masked, and the words asked for marked. Newest first.
 */
import type { Engine, Row } from '../../core/engine.js';
import { toNumberOrNull } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { maskPersonalData } from '../../core/words/mask.js';
import { highlightRanges } from '../../core/words/match.js';
import type { Tokenizer } from '../../core/words/tokenize.js';
import { isoInstant } from '../audit.js';
import { spreadsheetLine } from '../spreadsheet-csv.js';
import { attributeTermsOf, listAttributes, wordsTokenizer } from './attributes.js';
import {
  type TermFilters,
  type TextKind,
  type TextLanguage,
  TONES,
  type Tone,
  WORDS_LANGUAGES,
  type WordsLanguage,
  type WordsMessage,
  type WordsProblem,
} from './contract.js';
import { invalid, SqlParams, textWhere, type WordsVisibility } from './filters.js';
import { getTheme } from './themes.js';

export const MESSAGES_LIMIT = 200;
export const DEFAULT_MESSAGES = 50;
/** An export stops here; a narrower period or filter gives the rest. */
export const EXPORT_LIMIT = 50_000;
const EXPORT_PAGE = 1000;

export interface MessagesQuery {
  filters: TermFilters;
  term?: string;
  theme?: string;
  attribute?: string;
  tone?: string;
  limit?: number;
  offset?: number;
}

/** What to select and what to mark: the terms per language of the term, theme or attribute asked. */
interface Selection {
  where: string;
  params: SqlParams;
  marked: (language: WordsLanguage) => ReadonlySet<string>;
}

async function selection(
  engine: Engine,
  query: MessagesQuery,
  visibility: WordsVisibility,
): Promise<Result<{ selection: Selection; tokenizer: Tokenizer | null }, WordsProblem>> {
  const params = new SqlParams(engine);
  const conditions = [textWhere(params, query.filters, visibility)];
  const asked = [query.term, query.theme, query.attribute].filter((v) => v !== undefined && v !== '');
  if (asked.length > 1) return err(invalid('term', 'ask for one of term, theme or attribute'));
  let marked: (language: WordsLanguage) => ReadonlySet<string> = () => new Set();
  if (query.tone !== undefined && query.tone !== '') {
    if (!(TONES as readonly string[]).includes(query.tone))
      return err(invalid('tone', `${query.tone} is not one of ${TONES.join(', ')}`));
    conditions.push(`i.tone = ${params.add(query.tone)}`);
  }
  if (query.term) {
    const term = query.term.trim().toLowerCase();
    if (term === '' || term.length > 60) return err(invalid('term', 'a term of 1–60 characters'));
    conditions.push(
      `EXISTS (SELECT 1 FROM text_terms t WHERE t.item_key = i.item_key AND t.term = ${params.add(term)})`,
    );
    const terms = new Set([term]);
    marked = () => terms;
  }
  if (query.theme) {
    const theme = await getTheme(engine, query.theme);
    if (!theme.ok) return theme;
    const terms = new Set(theme.data.terms);
    conditions.push(
      `EXISTS (SELECT 1 FROM text_terms t WHERE t.item_key = i.item_key AND t.term IN (${params.list([...terms])}))`,
    );
    marked = () => terms;
  }
  let tokenizer: Tokenizer | null = null;
  if (query.attribute) {
    const attribute = (await listAttributes(engine)).find((a) => a.id === query.attribute);
    if (!attribute) return err({ kind: 'not_found', what: `brand attribute ${query.attribute}` });
    tokenizer = await wordsTokenizer(engine);
    const terms = (await attributeTermsOf(engine, [attribute], tokenizer)).get(attribute.id);
    conditions.push(
      `EXISTS (SELECT 1 FROM text_attribute_hits h WHERE h.item_key = i.item_key AND h.attribute_id = ${params.add(attribute.id)})`,
    );
    const perLanguage = new Map(WORDS_LANGUAGES.map((l) => [l, new Set(terms?.get(l) ?? [])]));
    marked = (language) => perLanguage.get(language) ?? new Set();
  }
  return ok({ selection: { where: conditions.join(' AND '), params, marked }, tokenizer });
}

/** The texts are where they were imported: the comment of the answer, the body of the event. */
const TEXT_OF = `CASE WHEN i.kind = 'survey_comment'
    THEN (SELECT r.comment FROM survey_responses r WHERE r.source = i.source AND r.external_id = i.external_id)
    ELSE (SELECT e.body FROM contact_events e WHERE e.source = i.source AND e.external_id = i.external_id) END`;

async function page(
  engine: Engine,
  where: string,
  params: SqlParams,
  limit: number,
  offset: number,
): Promise<Row[]> {
  return engine.all(
    `SELECT i.item_key, i.kind, i.occurred_at, i.channel, i.agent_id, i.contact_key, i.language, i.tone,
       i.sentiment_score, i.survey_score, ${TEXT_OF} AS text
     FROM text_items i WHERE ${where}
     ORDER BY i.occurred_at DESC, i.item_key
     LIMIT ${limit} OFFSET ${offset}`,
    params.values,
  );
}

function messageOf(
  row: Row,
  marked: (language: WordsLanguage) => ReadonlySet<string>,
  tokenizer: Tokenizer | null,
): WordsMessage {
  const language = String(row.language ?? 'other') as TextLanguage;
  const text = maskPersonalData(String(row.text ?? ''));
  const terms = language === 'other' ? new Set<string>() : marked(language);
  return {
    itemKey: String(row.item_key),
    kind: String(row.kind) as TextKind,
    occurredAt: isoInstant(row.occurred_at) ?? '',
    channel: row.channel == null ? null : String(row.channel),
    agentId: row.agent_id == null ? null : String(row.agent_id),
    contactKey: row.contact_key == null ? null : String(row.contact_key),
    language,
    tone: (row.tone == null ? 'unsure' : String(row.tone)) as Tone,
    sentimentScore: toNumberOrNull(row.sentiment_score),
    text,
    // Marked on the masked text, so the ranges point into what is shown.
    highlights:
      terms.size > 0 && tokenizer ? highlightRanges(text, language as WordsLanguage, terms, tokenizer) : [],
    surveyScore: toNumberOrNull(row.survey_score),
  };
}

export async function listMessages(
  engine: Engine,
  query: MessagesQuery,
  visibility: WordsVisibility,
): Promise<Result<{ messages: WordsMessage[]; total: number }, WordsProblem>> {
  const limit = query.limit ?? DEFAULT_MESSAGES;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MESSAGES_LIMIT)
    return err(invalid('limit', `a whole number 1–${MESSAGES_LIMIT}`));
  if (!Number.isInteger(offset) || offset < 0) return err(invalid('offset', 'a whole number ≥ 0'));
  const chosen = await selection(engine, query, visibility);
  if (!chosen.ok) return chosen;
  const { where, params, marked } = chosen.data.selection;
  const [count] = await engine.all(`SELECT COUNT(*) AS n FROM text_items i WHERE ${where}`, params.values);
  const rows = await page(engine, where, params, limit, offset);
  const tokenizer = chosen.data.tokenizer ?? (rows.length > 0 ? await wordsTokenizer(engine) : null);
  return ok({
    messages: rows.map((row) => messageOf(row, marked, tokenizer)),
    total: Number(count?.n ?? 0),
  });
}

export const MESSAGES_CSV_HEADER = [
  'item_key',
  'kind',
  'occurred_at',
  'channel',
  'agent_id',
  'contact_key',
  'language',
  'tone',
  'sentiment_score',
  'survey_score',
  'text',
];

/** The same messages as CSV (RFC 4180, a header line), masked like on screen; at most EXPORT_LIMIT. */
export async function exportMessagesCsv(
  engine: Engine,
  query: Omit<MessagesQuery, 'limit' | 'offset'>,
  visibility: WordsVisibility,
): Promise<Result<string, WordsProblem>> {
  const chosen = await selection(engine, query, visibility);
  if (!chosen.ok) return chosen;
  const { where, params } = chosen.data.selection;
  const lines = [spreadsheetLine(MESSAGES_CSV_HEADER)];
  for (let offset = 0; offset < EXPORT_LIMIT; offset += EXPORT_PAGE) {
    const rows = await page(engine, where, params, EXPORT_PAGE, offset);
    for (const row of rows) {
      const m = messageOf(row, () => new Set(), null);
      lines.push(
        spreadsheetLine([
          m.itemKey,
          m.kind,
          m.occurredAt,
          m.channel,
          m.agentId,
          m.contactKey,
          m.language,
          m.tone,
          m.sentimentScore,
          m.surveyScore,
          m.text,
        ]),
      );
    }
    if (rows.length < EXPORT_PAGE) break;
  }
  return ok(lines.join(''));
}
