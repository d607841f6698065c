/**
 * Comparing ledger snapshots and origin tables: how replay checks that a checkpoint says
 * what the events before it built.
 */
import { canonicalJson } from './journal';
import { unpackRuns } from './ledgerPack';
import { originKey } from './origin';
import type { LedgerSnapshot, Origin } from './types';

/** Runs of a snapshot as triples, packed or not (undefined when the packed form is bad). */
function runTriples(s: LedgerSnapshot): Array<[number, number, number]> | undefined {
  if (typeof s.packedRuns !== 'string') return s.runs;
  try {
    const { runs, count } = unpackRuns(s.packedRuns);
    const out: Array<[number, number, number]> = [];
    for (let i = 0; i < count; i++) out.push([runs[3 * i], runs[3 * i + 1], runs[3 * i + 2]]);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * A comparable form of a snapshot: origins by key, adjacent equal runs merged, and only AI
 * text by insertion (text of other origins carried insertion ids of its own in journals
 * written before it shared one per origin; they mean nothing).
 */
export function normalizeSnapshot(s: LedgerSnapshot): string {
  const keys = s.origins.map((o) => (o ? originKey(o) : ''));
  const key = (id: number): string => keys[id] || `#${id}`;
  const ai = (id: number): boolean => s.origins[id]?.kind === 'ai';
  const runs: Array<[number, string, number]> = [];
  for (const [len, id, ins] of runTriples(s) ?? []) {
    if (len <= 0) continue;
    const k = key(id);
    const i = ai(id) ? ins : -1;
    const last = runs[runs.length - 1];
    if (last && last[1] === k && last[2] === i) last[0] += len;
    else runs.push([len, k, i]);
  }
  const insertions = s.insertions
    .filter(([, id]) => ai(id))
    .map(([ins, id, len]) => [ins, key(id), len])
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  return JSON.stringify({ runs, insertions, next: s.nextInsertionId, packedOk: runTriples(s) !== undefined });
}

/** True when two snapshots describe the same runs and insertions (origins compared by key). */
export function sameSnapshot(a: LedgerSnapshot, b: LedgerSnapshot): boolean {
  // Replay interns origins in the order the live ledger did, so the plain form usually matches.
  const plain =
    a.nextInsertionId === b.nextInsertionId &&
    a.origins.length === b.origins.length &&
    (JSON.stringify(a.origins) === JSON.stringify(b.origins) || a.origins.every((o, i) => b.origins[i] && originKey(o) === originKey(b.origins[i]))) &&
    a.packedRuns === b.packedRuns &&
    JSON.stringify(a.runs) === JSON.stringify(b.runs) &&
    JSON.stringify(a.insertions) === JSON.stringify(b.insertions) &&
    JSON.stringify(a.shared ?? []) === JSON.stringify(b.shared ?? []);
  return plain || normalizeSnapshot(a) === normalizeSnapshot(b);
}

/** True when two origin tables have the same canonical JSON; the same plain JSON is enough when neither has holes. */
export function sameOrigins(a: readonly Origin[], b: readonly Origin[]): boolean {
  let holes = false;
  for (let i = 0; i < a.length && !holes; i++) holes = a[i] === undefined || b[i] === undefined;
  if (!holes && JSON.stringify(a) === JSON.stringify(b)) return true;
  return canonicalJson(a) === canonicalJson(b);
}
