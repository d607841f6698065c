/**
 * The ledger and reconciliation on big-fish.fountain: 100,000 typing edits spread over the
 * script, and reconciling a 10% scattered rewrite against plain `diffChars` / `diffLines`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffChars, diffLines } from 'diff';
import { Ledger } from '../server/src/provenance/ledger';
import { reconcile } from '../server/src/provenance/reconcile';
import type { Origin } from '../server/src/provenance/types';
import { type BenchFigure, type BenchSuite, corpusDir, median, medianMs } from './measure';
import { random } from '../test/random';

const at = '2026-03-01T10:00:00.000Z';
const imported: Origin = { kind: 'imported', channel: 'import', at };
const writer: Origin = { kind: 'human', channel: 'typing', at, writer: { name: 'Mara Okafor' } };
const external: Origin = { kind: 'external', channel: 'reconcile', at };


/** Rewrites about `share` of the lines (scattered): words replaced, inserted or dropped. */
export function scatteredRewrite(text: string, share: number, seed: number): string {
  const next = random(seed);
  const words = ['quietly', 'the', 'rain', 'Edward', 'river', 'laughs', 'again', 'NIGHT', 'door', 'never'];
  return text
    .split('\n')
    .map((line) => {
      if (next() >= share) return line;
      const parts = line.split(' ');
      const edits = 1 + Math.floor(next() * 3);
      for (let k = 0; k < edits; k++) {
        const i = Math.floor(next() * (parts.length + 1));
        const word = words[Math.floor(next() * words.length)];
        const what = next();
        if (what < 0.4 && i < parts.length) parts[i] = word;
        else if (what < 0.8) parts.splice(i, 0, word);
        else if (parts.length > 1) parts.splice(Math.min(i, parts.length - 1), 1);
      }
      return parts.join(' ');
    })
    .join('\n');
}

/**
 * `edits` one-character insertions in bursts of `burst` keystrokes, each burst at a random
 * place (burst 1: every keystroke somewhere else, the worst case for the run structure).
 */
function typing(text: string, edits: number, seed: number, burst: number): { total: number; cpu: number; firstTenth: number; lastTenth: number; runs: number } {
  const next = random(seed);
  const ledger = Ledger.create(text, imported);
  const tenth = edits / 10;
  let firstTenth = 0;
  let offset = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let mark = t0;
  for (let i = 0; i < edits; i++) {
    offset = i % burst === 0 ? Math.floor(next() * (ledger.length + 1)) : offset + 1;
    ledger.applyEdit({ offset, deleteLength: 0, insertText: 'e', origin: { ...writer } });
    if (i === tenth - 1) {
      firstTenth = Number(process.hrtime.bigint() - t0) / 1e6;
      mark = process.hrtime.bigint();
    } else if (i === edits - tenth - 1) mark = process.hrtime.bigint();
  }
  const end = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  return { total: Number(end - t0) / 1e6, cpu: (cpu.user + cpu.system) / 1000, firstTenth, lastTenth: Number(end - mark) / 1e6, runs: ledger.runCount };
}

export const suite: BenchSuite = {
  name: 'ledger and reconciliation (big-fish.fountain)',
  async run(): Promise<BenchFigure[]> {
    const dir = corpusDir();
    const path = dir && join(dir, 'big-fish.fountain');
    if (!path || !existsSync(path)) {
      console.log('no corpus (big-fish.fountain): ledger benchmarks skipped');
      return [];
    }
    const text = readFileSync(path, 'utf8');
    const figures: BenchFigure[] = [];

    const rewritten = scatteredRewrite(text, 0.1, 7);
    const base = Ledger.create(text, imported);
    const pool: Ledger[] = [];
    const ITER = 15;
    for (let i = 0; i < ITER + 3; i++) pool.push(base.clone());
    let changed = 0;
    const ours = medianMs(() => {
      const result = reconcile(pool.pop()!, rewritten, external);
      changed = result.changed.length;
    }, ITER, 3);
    const chars = medianMs(() => diffChars(text, rewritten), 3, 0);
    const lines = medianMs(() => diffLines(text, rewritten), ITER, 3);
    figures.push({
      key: 'reconcile_10pct',
      label: 'reconcile a 10% scattered line rewrite',
      median_ms: ours,
      anchor: 'diff.diffChars on the same pair',
      anchor_median_ms: chars,
      ratio: ours / chars,
      goal: 'ratio <= 1/30 (0.0333)',
      extra: { changed_ranges: changed, chars: text.length },
    });
    figures.push({
      key: 'reconcile_10pct_vs_lines',
      label: 'reconcile a 10% scattered line rewrite',
      median_ms: ours,
      anchor: 'diff.diffLines on the same pair',
      anchor_median_ms: lines,
      ratio: ours / lines,
      goal: 'ratio <= 3',
    });
    const EDITS = 100_000;
    for (const [key, burst, label] of [
      ['ledger_typing_100k', 1, '100,000 one-character typing edits, each at a random place'],
      ['ledger_typing_100k_bursts', 20, '100,000 typing edits in 20-keystroke bursts at random places'],
    ] as const) {
      const rounds = [1, 2, 3].map((seed) => typing(text, EDITS, seed, burst));
      const total = median(rounds.map((r) => r.total));
      figures.push({
        key,
        label,
        median_ms: total,
        extra: {
          per_edit_us: Number(((total / EDITS) * 1000).toFixed(3)),
          cpu_ms: Number(median(rounds.map((r) => r.cpu)).toFixed(1)),
          first_10k_ms: Number(median(rounds.map((r) => r.firstTenth)).toFixed(1)),
          last_10k_ms: Number(median(rounds.map((r) => r.lastTenth)).toFixed(1)),
          runs_after: rounds[0].runs,
        },
      });
    }
    return figures;
  },
};
