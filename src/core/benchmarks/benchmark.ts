import type { BenchmarkKind } from '../schema.js';

/** A figure to compare the team with, in the indicator's own unit (fraction, seconds, score). */
export interface Benchmark {
  id: string;
  kind: BenchmarkKind;
  kpiId: string;
  value: number;
  /** The study or publisher of a published figure; the competitor of a competitor figure. */
  name: string;
  year: number;
  industry: string | null;
  region: string | null;
  channel: string | null;
  source: string | null;
  sourceUrl: string | null;
  note: string | null;
  /** `shipped`: one of the published figures that come with servicemeter; `stored`: imported or entered. */
  origin: 'shipped' | 'stored';
}

export interface BenchmarkContext {
  channel?: string | null;
  industry?: string | null;
  region?: string | null;
}

/** Ids of the shipped figures start with this, so they never collide with a team's own ids. */
export const PUBLISHED_PREFIX = 'published:';

/**
 * The figure that fits best: one of the same channel before one for every channel, one of the same
 * industry/region before a general one, and among equals the newest year. A figure for another channel,
 * industry or region than asked never fits. Competitor figures are left out: they are shown by name.
 */
export function benchmarkFor(
  list: readonly Benchmark[],
  kpi: string,
  context: BenchmarkContext = {},
): Benchmark | null {
  let best: { benchmark: Benchmark; score: number } | null = null;
  for (const benchmark of list) {
    if (benchmark.kind !== 'published' || benchmark.kpiId !== kpi) continue;
    const score = fitScore(benchmark, context);
    if (score === null) continue;
    if (
      best === null ||
      score > best.score ||
      (score === best.score && benchmark.year > best.benchmark.year) ||
      (score === best.score &&
        benchmark.year === best.benchmark.year &&
        betterOrigin(benchmark, best.benchmark))
    ) {
      best = { benchmark, score };
    }
  }
  return best?.benchmark ?? null;
}

/** A team's own imported figure wins over a shipped one of the same standing. */
function betterOrigin(candidate: Benchmark, current: Benchmark): boolean {
  return candidate.origin === 'stored' && current.origin === 'shipped';
}

/** Channel weighs most, then industry, then region; null when the figure is about something else. */
function fitScore(benchmark: Benchmark, context: BenchmarkContext): number | null {
  let score = 0;
  const parts: [keyof BenchmarkContext, 'channel' | 'industry' | 'region', number][] = [
    ['channel', 'channel', 4],
    ['industry', 'industry', 2],
    ['region', 'region', 1],
  ];
  for (const [key, field, weight] of parts) {
    const wanted = normalise(context[key]);
    const has = normalise(benchmark[field]);
    if (has === null) continue;
    if (wanted === null || wanted !== has) return null;
    score += weight;
  }
  return score;
}

function normalise(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/** Shipped figures first overridden by stored rows of the same id, then the stored ones, sorted. */
export function mergeBenchmarks(shipped: readonly Benchmark[], stored: readonly Benchmark[]): Benchmark[] {
  const byId = new Map<string, Benchmark>();
  for (const benchmark of shipped) byId.set(benchmark.id, benchmark);
  for (const benchmark of stored) byId.set(benchmark.id, benchmark);
  return [...byId.values()].sort(
    (a, b) =>
      a.kpiId.localeCompare(b.kpiId) ||
      a.kind.localeCompare(b.kind) ||
      b.year - a.year ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}
