/** Shared helpers for benchmarks: run a function many times and take the median. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface BenchFigure {
  /** Stable key, e.g. `parse_full`. */
  key: string;
  /** What was measured, for the table. */
  label: string;
  median_ms: number;
  /** The anchor's median in the same run, where the issue names one. */
  anchor_median_ms?: number;
  /** median_ms / anchor_median_ms. */
  ratio?: number;
  /** The anchor's name, e.g. `fountain-js full parse`. */
  anchor?: string;
  /** The goal as written in the issue, e.g. `ratio <= 0.25`. */
  goal?: string;
  /** Other figures (counts, sizes, percentiles). */
  extra?: Record<string, number | string>;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}

/** Median of the times of `iterations` calls after `warmup` untimed calls. */
export function medianMs(fn: () => unknown, iterations = 20, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** The corpus folder (FOUNTAIN_CORPUS, default ../shared/corpus), or undefined when absent. */
export function corpusDir(): string | undefined {
  const dir = resolve(process.env.FOUNTAIN_CORPUS ?? resolve(__dirname, '..', '..', 'shared', 'corpus'));
  return existsSync(dir) ? dir : undefined;
}
