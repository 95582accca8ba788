/**
 * The team's own tone model: multinomial naive Bayes over the terms of survey comments, labelled
 * by the survey's score (a comment with a low CSAT is a negative comment). Small, fast to train
 * and to apply, and it learns the team's vocabulary in every language, Chinese included, where no
 * lexicon exists. The model is plain JSON so it can be stored in tone_models and read back.
 */
import type { Tone } from '../../services/words/contract.js';

export type ToneLabel = 'positive' | 'neutral' | 'negative';
export const TONE_LABELS: readonly ToneLabel[] = ['positive', 'neutral', 'negative'];

export interface ToneModel {
  kind: 'multinomial-naive-bayes';
  /** The labels seen in training; a label without examples cannot be predicted. */
  labels: ToneLabel[];
  /** log P(label), per label. */
  logPriors: number[];
  vocabulary: string[];
  /** log P(term | label), Laplace-smoothed: logLikelihoods[label][term index]. */
  logLikelihoods: number[][];
  trainN: number;
}

/** Terms seen fewer times than this in all training texts are noise, not vocabulary. */
const MIN_TERM_COUNT = 2;
const MAX_VOCABULARY = 20_000;
const SMOOTHING = 1;

export function trainToneModel(
  examples: readonly { terms: readonly string[]; label: ToneLabel }[],
): ToneModel {
  const totals = new Map<string, number>();
  for (const example of examples)
    for (const term of example.terms) totals.set(term, (totals.get(term) ?? 0) + 1);
  const vocabulary = [...totals.entries()]
    .filter(([, n]) => n >= MIN_TERM_COUNT)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_VOCABULARY)
    .map(([term]) => term);
  const index = new Map(vocabulary.map((term, i) => [term, i]));
  const labels = TONE_LABELS.filter((label) => examples.some((e) => e.label === label));
  const counts = labels.map(() => new Array<number>(vocabulary.length).fill(0));
  const docs = labels.map(() => 0);
  for (const example of examples) {
    const l = labels.indexOf(example.label);
    docs[l] = (docs[l] as number) + 1;
    const row = counts[l] as number[];
    for (const term of example.terms) {
      const i = index.get(term);
      if (i !== undefined) row[i] = (row[i] as number) + 1;
    }
  }
  const logPriors = docs.map((n) => Math.log(n / examples.length));
  const logLikelihoods = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0) + SMOOTHING * vocabulary.length;
    return row.map((n) => round(Math.log((n + SMOOTHING) / total)));
  });
  return {
    kind: 'multinomial-naive-bayes',
    labels,
    logPriors,
    vocabulary,
    logLikelihoods,
    trainN: examples.length,
  };
}

/** Six decimals keep a stored model small without changing a prediction. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

const indexes = new WeakMap<ToneModel, Map<string, number>>();

function indexOf(model: ToneModel): Map<string, number> {
  let index = indexes.get(model);
  if (!index) {
    index = new Map(model.vocabulary.map((term, i) => [term, i]));
    indexes.set(model, index);
  }
  return index;
}

export interface TonePrediction {
  label: ToneLabel;
  /** The posterior probability of the label. */
  confidence: number;
  /** P(positive) − P(negative), −1..1. */
  score: number;
  /** How many of the terms the model knows; with none it has no evidence and says so. */
  known: number;
}

/**
 * The most probable label. Terms the model never saw are ignored; a text with none of its terms
 * gets even odds (confidence 1/labels, score 0) rather than the priors, so that it reads as unsure.
 */
export function predictTone(model: ToneModel, terms: readonly string[]): TonePrediction {
  const index = indexOf(model);
  const logs = model.logPriors.slice();
  let known = 0;
  for (const term of terms) {
    const i = index.get(term);
    if (i === undefined) continue;
    known++;
    for (let l = 0; l < logs.length; l++)
      logs[l] = (logs[l] as number) + ((model.logLikelihoods[l] as number[])[i] as number);
  }
  if (known === 0 || model.labels.length === 0) {
    return {
      label: model.labels[0] ?? 'neutral',
      confidence: 1 / Math.max(1, model.labels.length),
      score: 0,
      known,
    };
  }
  const max = Math.max(...logs);
  const weights = logs.map((x) => Math.exp(x - max));
  const sum = weights.reduce((a, b) => a + b, 0);
  const posterior = weights.map((w) => w / sum);
  let best = 0;
  for (let l = 1; l < posterior.length; l++)
    if ((posterior[l] as number) > (posterior[best] as number)) best = l;
  const p = (label: ToneLabel) => {
    const l = model.labels.indexOf(label);
    return l < 0 ? 0 : (posterior[l] as number);
  };
  return {
    label: model.labels[best] as ToneLabel,
    confidence: posterior[best] as number,
    score: p('positive') - p('negative'),
    known,
  };
}

/**
 * The training label a survey score gives its comment. CSAT and CES (higher is easier, see
 * docs/kpis.md) by the position on their scale: the top two of five (the top three of seven, the
 * top of three) positive, the middle neutral, the rest negative; NPS 9–10 positive, 7–8 neutral,
 * 0–6 negative (another scale mapped onto 0–10 first). Other kinds, or a score off the scale, give
 * no label.
 */
export function labelFromSurvey(
  kind: string,
  score: number,
  scaleMin: number,
  scaleMax: number,
): ToneLabel | null {
  if (!Number.isFinite(score) || !(scaleMax > scaleMin) || score < scaleMin || score > scaleMax) return null;
  const position = (score - scaleMin) / (scaleMax - scaleMin);
  if (kind === 'nps') {
    const onTen = position * 10;
    if (onTen >= 9 - 1e-9) return 'positive';
    if (onTen >= 7 - 1e-9) return 'neutral';
    return 'negative';
  }
  if (kind !== 'csat' && kind !== 'ces') return null;
  if (Math.abs(position - 0.5) < 1e-9) return 'neutral';
  return position > 0.5 ? 'positive' : 'negative';
}

/** FNV-1a, 32 bits: the same key is held out on every machine and in every run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One comment in five is kept back from training to measure the model on. */
export function isHeldOut(itemKey: string): boolean {
  return fnv1a(itemKey) % 5 === 0;
}

/** Lexicon scores at or beyond this read as positive or negative; between them, neutral. */
export const LEXICON_THRESHOLD = 0.1;

/**
 * The tone of one text: the team's model when there is one (unsure below minConfidence), else the
 * lexicon; a text neither can read is unsure. `score` is null whenever the tone is unsure.
 */
/** A lexicon score at least this far from 0 settles a text the model is unsure about. */
const CLEAR_LEXICON = 0.4;

export function readTone(input: {
  model: ToneModel | null;
  terms: readonly string[];
  lexicon: number | null;
  minConfidence: number;
}): { tone: Tone; score: number | null; confidence: number | null; modelScore: number | null } {
  if (input.model) {
    const prediction = predictTone(input.model, input.terms);
    if (prediction.known === 0 || prediction.confidence < input.minConfidence) {
      // Words the team's comments never used ("dented", "terrible") leave the model guessing; a
      // lexicon that reads them clearly decides instead. Anything less stays unsure.
      if (input.lexicon !== null && Math.abs(input.lexicon) >= CLEAR_LEXICON)
        return {
          tone: input.lexicon > 0 ? 'positive' : 'negative',
          score: input.lexicon,
          confidence: null,
          modelScore: prediction.score,
        };
      return { tone: 'unsure', score: null, confidence: prediction.confidence, modelScore: prediction.score };
    }
    return {
      tone: prediction.label,
      score: prediction.score,
      confidence: prediction.confidence,
      modelScore: prediction.score,
    };
  }
  if (input.lexicon === null) return { tone: 'unsure', score: null, confidence: null, modelScore: null };
  const tone: Tone =
    input.lexicon >= LEXICON_THRESHOLD
      ? 'positive'
      : input.lexicon <= -LEXICON_THRESHOLD
        ? 'negative'
        : 'neutral';
  return { tone, score: input.lexicon, confidence: null, modelScore: null };
}
