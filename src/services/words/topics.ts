/**
 * Topics: the terms and phrases that stand out in a group of texts (a channel, a team, low survey
 * scores, …) against the other texts of the period, and how often a term came up over time. The
 * counting is done in SQL (texts per term and group); the statistic, weighted log-odds with an
 * informative prior, is src/core/words/distinctive.ts, so a rare word does not come out on top.
 */
import { type Engine, toNumberOrNull } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { weightedLogOdds } from '../../core/words/distinctive.js';
import {
  type DistinctiveTerm,
  TEXT_KINDS,
  type TermFilters,
  type TermTrendPoint,
  TONES,
  type TopicFocus,
  WORDS_LANGUAGES,
  type WordsProblem,
} from './contract.js';
import {
  invalid,
  periodsTable,
  previousPeriod,
  SqlParams,
  type TrendGrain,
  textWhere,
  trendPeriods,
  type WordsVisibility,
} from './filters.js';
import { themeOfTerm } from './themes.js';

/** A term in fewer texts than this is not a topic, whatever its statistic. */
export const MIN_TEXTS_PER_TERM = 3;
/** The most frequent terms the statistic is computed on; the long tail cannot stand out anyway. */
const TERMS_COMPARED = 3000;
export const DEFAULT_TOPICS = 40;
export const MAX_TOPICS = 200;

const FOCUS_COLUMNS = {
  channel: 'channel',
  team: 'team_id',
  agent: 'agent_id',
  topic: 'topic',
  language: 'language',
  kind: 'kind',
  tone: 'tone',
} as const;

/** `all`, `channel:chat`, `score:low`, … as a focus, checked. */
export function topicFocusFrom(text: string | undefined): Result<TopicFocus, WordsProblem> {
  if (text === undefined || text === '' || text === 'all') return ok({ by: 'all' });
  const colon = text.indexOf(':');
  const by = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (by === 'score') {
    if (value === 'low' || value === 'high') return ok({ by, value });
    return err(invalid('focus', 'score:low or score:high'));
  }
  if (!(by in FOCUS_COLUMNS))
    return err(
      invalid(
        'focus',
        `${by} is not one of all, score, ${Object.keys(FOCUS_COLUMNS).join(', ')} (e.g. channel:chat)`,
      ),
    );
  if (value === '') return err(invalid('focus', `${by} needs a value, e.g. ${by}:…`));
  const known: Partial<Record<string, readonly string[]>> = {
    language: [...WORDS_LANGUAGES, 'other'],
    kind: TEXT_KINDS,
    tone: TONES,
  };
  const allowed = known[by];
  if (allowed && !allowed.includes(value))
    return err(invalid('focus', `${by}: ${value} is not one of ${allowed.join(', ')}`));
  return ok({ by: by as keyof typeof FOCUS_COLUMNS, value });
}

/**
 * The texts compared, each marked in the focus group or not. `all` sets the period against the
 * period of the same length before it; `score` compares survey comments only.
 */
function comparedTexts(
  params: SqlParams,
  filters: TermFilters,
  focus: TopicFocus,
  visibility: WordsVisibility,
): string {
  if (focus.by === 'all') {
    const now = textWhere(params, filters, visibility);
    const before = textWhere(params, previousPeriod(filters), visibility);
    return `SELECT i.item_key, i.tone, CASE WHEN ${now} THEN 1 ELSE 0 END AS in_focus
      FROM text_items i WHERE (${now}) OR (${before})`;
  }
  const where = textWhere(params, filters, visibility);
  if (focus.by === 'score') {
    const test = focus.value === 'low' ? 'i.survey_score <= 0.5' : 'i.survey_score > 0.5';
    return `SELECT i.item_key, i.tone, CASE WHEN ${test} THEN 1 ELSE 0 END AS in_focus
      FROM text_items i WHERE ${where} AND i.kind = 'survey_comment' AND i.survey_score IS NOT NULL`;
  }
  const column = FOCUS_COLUMNS[focus.by];
  return `SELECT i.item_key, i.tone,
      CASE WHEN i.${column} = ${params.add(focus.value)} THEN 1 ELSE 0 END AS in_focus
    FROM text_items i WHERE ${where}`;
}

export interface DistinctiveTerms {
  texts: { focus: number; rest: number };
  terms: DistinctiveTerm[];
}

export async function distinctiveTerms(
  engine: Engine,
  filters: TermFilters,
  focus: TopicFocus,
  options: { limit?: number },
  visibility: WordsVisibility,
): Promise<DistinctiveTerms> {
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_TOPICS), MAX_TOPICS);
  const params = new SqlParams(engine);
  const compared = comparedTexts(params, filters, focus, visibility);
  const [totals] = await engine.all(
    `WITH compared AS (${compared})
     SELECT COALESCE(SUM(in_focus), 0) AS focus, COUNT(*) - COALESCE(SUM(in_focus), 0) AS rest FROM compared`,
    params.values,
  );
  const texts = { focus: Number(totals?.focus ?? 0), rest: Number(totals?.rest ?? 0) };
  if (texts.focus === 0) return { texts, terms: [] };

  const counted = await engine.all(
    `WITH compared AS (${compared})
     SELECT t.term,
       COUNT(DISTINCT CASE WHEN c.in_focus = 1 THEN t.item_key END) AS in_focus,
       COUNT(DISTINCT CASE WHEN c.in_focus = 0 THEN t.item_key END) AS in_rest,
       COUNT(DISTINCT CASE WHEN c.in_focus = 1 AND c.tone = 'negative' THEN t.item_key END) AS negative,
       COUNT(DISTINCT CASE WHEN c.in_focus = 1 AND c.tone IN ('positive', 'neutral', 'negative') THEN t.item_key END) AS toned
     FROM text_terms t JOIN compared c ON c.item_key = t.item_key
     GROUP BY t.term
     HAVING COUNT(DISTINCT t.item_key) >= ${MIN_TEXTS_PER_TERM}
     ORDER BY COUNT(DISTINCT t.item_key) DESC, t.term
     LIMIT ${TERMS_COMPARED}`,
    params.values,
  );
  const rows = counted.map((r) => ({
    term: String(r.term),
    focus: Number(r.in_focus),
    rest: Number(r.in_rest),
    negative: Number(r.negative),
    toned: Number(r.toned),
  }));
  const byTerm = new Map(rows.map((r) => [r.term, r]));
  const scored = weightedLogOdds(
    rows.map(({ term, focus, rest }) => ({ term, focus, rest })),
    texts,
  )
    .filter((s) => (byTerm.get(s.term)?.focus ?? 0) > 0)
    .sort((a, b) => b.z - a.z || a.term.localeCompare(b.term))
    .slice(0, limit);

  const labels = await surfaces(
    engine,
    scored.map((s) => s.term),
    compared,
    params.values,
  );
  const themes = await themeOfTerm(engine);
  return {
    texts,
    terms: scored.map(({ term, z }) => {
      const row = byTerm.get(term);
      return {
        term,
        label: labels.get(term) ?? term,
        inFocus: row?.focus ?? 0,
        inRest: row?.rest ?? 0,
        z,
        negativeShare: row && row.toned > 0 ? row.negative / row.toned : null,
        themeId: themes.get(term) ?? null,
      };
    }),
  };
}

/** The form customers wrote each term in most often, among the texts compared. */
async function surfaces(
  engine: Engine,
  terms: readonly string[],
  compared: string,
  comparedParams: readonly unknown[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (terms.length === 0) return labels;
  const params = new SqlParams(engine);
  for (const value of comparedParams) params.add(value);
  const rows = await engine.all(
    `WITH compared AS (${compared})
     SELECT t.term, t.surface, SUM(t.n) AS uses
     FROM text_terms t JOIN compared c ON c.item_key = t.item_key
     WHERE t.term IN (${params.list(terms)})
     GROUP BY t.term, t.surface`,
    params.values,
  );
  const best = new Map<string, number>();
  for (const row of rows) {
    const term = String(row.term);
    const uses = toNumberOrNull(row.uses) ?? 0;
    const surface = String(row.surface ?? term);
    const current = best.get(term);
    if (current === undefined || uses > current || (uses === current && surface < (labels.get(term) ?? ''))) {
      best.set(term, uses);
      labels.set(term, surface);
    }
  }
  return labels;
}

/** Per period of the grain: the texts read and those holding the term. */
export async function termTrend(
  engine: Engine,
  filters: TermFilters,
  term: string,
  grain: TrendGrain,
  visibility: WordsVisibility,
): Promise<Result<TermTrendPoint[], WordsProblem>> {
  const periods = trendPeriods(filters, grain);
  if (!periods.ok) return periods;
  const params = new SqlParams(engine);
  const where = textWhere(params, filters, visibility);
  const rows = await engine.all(
    `SELECT p.period, COUNT(*) AS texts,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM text_terms t WHERE t.item_key = i.item_key AND t.term = ${params.add(term)})
           THEN 1 ELSE 0 END) AS with_term
     FROM text_items i JOIN ${periodsTable(engine, periods.data)} p
       ON i.occurred_at >= p.start_at AND i.occurred_at < p.end_at
     WHERE ${where}
     GROUP BY p.period`,
    params.values,
  );
  const found = new Map(rows.map((r) => [String(r.period), r]));
  return ok(
    periods.data.map((p) => {
      const row = found.get(p.key);
      return { period: p.key, texts: Number(row?.texts ?? 0), withTerm: Number(row?.with_term ?? 0) };
    }),
  );
}
