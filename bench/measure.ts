/**
 * Step timing and memory measurement for the benchmarks.
 *
 * Peak RSS of a step is measured two ways: an interval sampling `process.memoryUsage().rss` every
 * 50 ms (what the brief asks; it can miss short spikes and is late while the event loop is busy), and,
 * on Linux, the kernel's high-water mark VmHWM, reset at the start of the step through
 * /proc/self/clear_refs (exact, includes DuckDB's native memory like the sampler does). That reset
 * also resets getrusage's maxRSS, so the process peak is accumulated in `processPeakRssBytes`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface StepStats {
  seconds: number;
  /** Highest sampled RSS during the step, bytes. */
  peakRssBytes: number;
  /** Kernel high-water mark of RSS during the step (Linux), bytes; null when unavailable. */
  hwmBytes: number | null;
  /** RSS right after the step, bytes. */
  endRssBytes: number;
  samples: number;
  /** Longest gap between two samples, ms: shows when the event loop was blocked. */
  maxSampleGapMs: number;
  /** 1-minute load average when the step started (2 cores: above ~2 means something else ran). */
  loadBefore: number;
}

const SAMPLE_MS = 50;

function statusKb(field: string): number | null {
  try {
    const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

let hwmResettable: boolean | null = null;
/** getrusage's maxRSS seen before each reset: on Linux the reset also resets what getrusage reports. */
let maxRssBeforeResets = 0;

/**
 * Peak RSS of the whole process so far, bytes: `process.resourceUsage().maxRSS`, combined with the
 * values it had before each per-step reset (clear_refs resets the counter getrusage reads, too).
 */
export function processPeakRssBytes(): number {
  return Math.max(maxRssBeforeResets, process.resourceUsage().maxRSS * 1024);
}

/** Resets the kernel's RSS high-water mark to the current RSS; false when not possible. */
function resetHwm(): boolean {
  if (hwmResettable === false) return false;
  maxRssBeforeResets = processPeakRssBytes();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    hwmResettable = true;
  } catch {
    hwmResettable = false;
  }
  return hwmResettable;
}

/** One RSS sample: `at` is `performance.now()`. */
export interface RssSample {
  at: number;
  rss: number;
}

export async function measureStep<T>(
  work: () => Promise<T>,
): Promise<{ result: T; stats: StepStats; timeline: RssSample[] }> {
  globalThis.gc?.();
  const hwm = resetHwm();
  const loadBefore = loadavg()[0] ?? 0;
  let peak = process.memoryUsage().rss;
  let samples = 0;
  let last = performance.now();
  let maxGap = 0;
  const timeline: RssSample[] = [{ at: last, rss: peak }];
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    samples++;
    const rss = process.memoryUsage().rss;
    timeline.push({ at: now, rss });
    if (rss > peak) peak = rss;
  }, SAMPLE_MS);
  const started = performance.now();
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  const endRss = process.memoryUsage().rss;
  peak = Math.max(peak, endRss);
  const hwmKb = hwm ? statusKb('VmHWM') : null;
  return {
    result,
    timeline,
    stats: {
      seconds,
      peakRssBytes: peak,
      hwmBytes: hwmKb === null ? null : hwmKb * 1024,
      endRssBytes: endRss,
      samples,
      maxSampleGapMs: Math.round(Math.max(maxGap, performance.now() - last)),
      loadBefore,
    },
  };
}

/** Times one call, seconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const MB = 1024 * 1024;
export const GB = 1024 * MB;

export const fmtMb = (bytes: number | null): string =>
  bytes === null ? 'n/a' : `${(bytes / MB).toFixed(0)} MB`;
export const fmtS = (seconds: number): string => `${seconds.toFixed(seconds < 10 ? 3 : 1)} s`;
export const fmtRate = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;
