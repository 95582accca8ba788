/**
 * Which terms stand out in a group of texts against the rest, and which of them belong together.
 *
 * Standing out is measured with the weighted log-odds of Monroe, Colaresi & Quinn (2008, "Fightin'
 * Words"): the log-odds ratio of a term in the focus group against the rest, smoothed with an
 * informative Dirichlet prior taken from both groups together, divided by its standard error. The
 * prior pulls a term seen a handful of times towards the overall rate, so one lucky mention does
 * not outrank a term many customers wrote.
 */

export interface LogOddsOptions {
  /** Weight of the prior, in counts (a0). More smooths harder. */
  priorStrength?: number;
}

const DEFAULT_PRIOR_STRENGTH = 500;

/**
 * The z-score of each term, highest first. `focus` and `rest` count the texts of each group that
 * hold the term; `totals` are the numbers of texts in the groups. The prior of a term is a0 × its
 * share of all texts (alpha_w = a0 · (focus + rest)_w ÷ N, N = totals.focus + totals.rest), a0
 * being 500 texts or, for a smaller corpus, its size:
 *   delta = log((y_f + α) ÷ (n_f + a0 − y_f − α)) − log((y_r + α) ÷ (n_r + a0 − y_r − α))
 *   z = delta ÷ √(1 ÷ (y_f + α) + 1 ÷ (y_r + α))
 */
export function weightedLogOdds(
  rows: readonly { term: string; focus: number; rest: number }[],
  totals: { focus: number; rest: number },
  options: LogOddsOptions = {},
): { term: string; z: number }[] {
  const nFocus = Math.max(totals.focus, 0);
  const nRest = Math.max(totals.rest, 0);
  const texts = nFocus + nRest;
  if (texts === 0) return rows.map((row) => ({ term: row.term, z: 0 }));
  const a0 = options.priorStrength ?? Math.min(DEFAULT_PRIOR_STRENGTH, texts);
  return rows
    .map((row) => {
      const alpha = (a0 * (row.focus + row.rest)) / texts;
      if (alpha === 0) return { term: row.term, z: 0 };
      const inFocus = row.focus + alpha;
      const inRest = row.rest + alpha;
      // max(…, alpha) keeps the odds finite for counts above their group's size (bad input).
      const outFocus = Math.max(nFocus + a0 - inFocus, alpha);
      const outRest = Math.max(nRest + a0 - inRest, alpha);
      const delta = Math.log(inFocus / outFocus) - Math.log(inRest / outRest);
      const variance = 1 / inFocus + 1 / inRest;
      return { term: row.term, z: delta / Math.sqrt(variance) };
    })
    .sort((a, b) => b.z - a.z || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

/** |A ∩ B| ÷ |A ∪ B|; two empty sets share nothing. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const item of small) if (large.has(item)) both++;
  return both / (a.size + b.size - both);
}

/**
 * Themes suggested from terms that occur in the same texts. Greedy, in the order given (best
 * first): each term not yet taken seeds a group and takes every later free term whose texts
 * overlap its own by at least minJaccard. A term is in one group at most; groups of one are
 * dropped.
 */
export function suggestThemes(
  terms: readonly string[],
  textsOf: (term: string) => ReadonlySet<string>,
  options: { minJaccard?: number; maxThemes?: number; maxTerms?: number } = {},
): string[][] {
  const minJaccard = options.minJaccard ?? 0.3;
  const maxThemes = options.maxThemes ?? 12;
  // A theme is something a person names at a glance; a run of one repeated sentence's phrases is
  // not, so a suggestion stops at a handful of terms (the rest stay free for other themes).
  const maxTerms = options.maxTerms ?? 8;
  const unique = [...new Set(terms)];
  const sets = new Map(unique.map((term) => [term, textsOf(term)]));
  const taken = new Set<string>();
  const themes: string[][] = [];
  for (let i = 0; i < unique.length && themes.length < maxThemes; i++) {
    const seed = unique[i] as string;
    if (taken.has(seed)) continue;
    const seedTexts = sets.get(seed) as ReadonlySet<string>;
    const group = [seed];
    for (let j = i + 1; j < unique.length && group.length < maxTerms; j++) {
      const candidate = unique[j] as string;
      if (taken.has(candidate)) continue;
      if (jaccard(seedTexts, sets.get(candidate) as ReadonlySet<string>) >= minJaccard) group.push(candidate);
    }
    if (group.length < 2) continue;
    for (const term of group) taken.add(term);
    themes.push(group);
  }
  return themes;
}
