/**
 * Tone: how the texts of a period read, counted by tone, per language with the mean score, and over
 * time, next to how well each language's tone model reads held-back comments. Texts the reading was
 * unsure about are counted apart and left out of the means and shares.
 */
import { type Engine, toNumberOrNull } from '../../core/engine.js';
import { ok, type Result } from '../../core/result.js';
import {
  type TermFilters,
  type TextLanguage,
  TONES,
  type Tone,
  type ToneModelView,
  type WordsProblem,
} from './contract.js';
import {
  periodsTable,
  SqlParams,
  type TrendGrain,
  textWhere,
  trendPeriods,
  type WordsVisibility,
} from './filters.js';
import { listToneModels } from './models.js';

export interface ToneByLanguage {
  language: TextLanguage;
  texts: number;
  positive: number;
  neutral: number;
  negative: number;
  unsure: number;
  meanScore: number | null;
}

export interface ToneTrendPoint {
  period: string;
  texts: number;
  meanScore: number | null;
  negativeShare: number | null;
}

export interface ToneSummary {
  counts: Record<Tone, number>;
  byLanguage: ToneByLanguage[];
  trend: ToneTrendPoint[];
  models: ToneModelView[];
}

const TONE_COUNTS = `COUNT(*) AS texts,
  SUM(CASE WHEN i.tone = 'positive' THEN 1 ELSE 0 END) AS positive,
  SUM(CASE WHEN i.tone = 'neutral' THEN 1 ELSE 0 END) AS neutral,
  SUM(CASE WHEN i.tone = 'negative' THEN 1 ELSE 0 END) AS negative,
  SUM(CASE WHEN i.tone = 'unsure' OR i.tone IS NULL THEN 1 ELSE 0 END) AS unsure,
  AVG(CASE WHEN i.tone IN ('positive', 'neutral', 'negative') THEN i.sentiment_score END) AS mean_score`;

export async function toneSummary(
  engine: Engine,
  filters: TermFilters,
  grain: TrendGrain,
  visibility: WordsVisibility,
): Promise<Result<ToneSummary, WordsProblem>> {
  const periods = trendPeriods(filters, grain);
  if (!periods.ok) return periods;
  const params = new SqlParams(engine);
  const where = textWhere(params, filters, visibility);
  const languages = await engine.all(
    `SELECT i.language, ${TONE_COUNTS} FROM text_items i WHERE ${where} GROUP BY i.language ORDER BY COUNT(*) DESC, i.language`,
    params.values,
  );
  const trend = await engine.all(
    `SELECT p.period, ${TONE_COUNTS}
     FROM text_items i JOIN ${periodsTable(engine, periods.data)} p
       ON i.occurred_at >= p.start_at AND i.occurred_at < p.end_at
     WHERE ${where} GROUP BY p.period`,
    params.values,
  );
  const counts = Object.fromEntries(TONES.map((t) => [t, 0])) as Record<Tone, number>;
  const byLanguage = languages.map((row) => {
    const view: ToneByLanguage = {
      language: String(row.language ?? 'other') as TextLanguage,
      texts: Number(row.texts),
      positive: Number(row.positive),
      neutral: Number(row.neutral),
      negative: Number(row.negative),
      unsure: Number(row.unsure),
      meanScore: toNumberOrNull(row.mean_score),
    };
    for (const tone of TONES) counts[tone] += view[tone];
    return view;
  });
  const found = new Map(trend.map((row) => [String(row.period), row]));
  return ok({
    counts,
    byLanguage,
    trend: periods.data.map((p) => {
      const row = found.get(p.key);
      const texts = Number(row?.texts ?? 0);
      const toned = texts - Number(row?.unsure ?? 0);
      return {
        period: p.key,
        texts,
        meanScore: toNumberOrNull(row?.mean_score),
        negativeShare: toned > 0 ? Number(row?.negative ?? 0) / toned : null,
      };
    }),
    models: await listToneModels(engine),
  });
}
