/**
 * Counting characters by origin over parts of the script, each count labelled with how it is
 * known. Works on the ledger's runs clipped to the counted text (title page and boneyard
 * excluded, as RULES.md says), so each part costs a binary search plus its own runs.
 */
import { lineColumn } from '../fountain/lines';
import { countedRangesOf, type Counting } from '../disclosure/shares';
import type { Script, TextRange } from '../fountain/types';
import type { Origin, OriginKind, Run } from '../provenance/types';
import type { Evidence, Place, ShareRow, ShareTable } from './types';

export const ORIGIN_KINDS: OriginKind[] = [
  'human',
  'ai',
  'pasted',
  'quoted',
  'furnished',
  'prior',
  'imported',
  'external',
  'unattributed',
];

const EVIDENCE: Evidence[] = ['observed', 'declared', 'unknown'];

/** How an origin's characters are known (see `Evidence`). */
export function evidenceOf(origin: Origin): Evidence {
  if (origin.kind === 'external' || origin.kind === 'unattributed' || origin.kind === 'imported') return 'unknown';
  // A client's or writer's statement afterwards (format 2 marks it), whatever channel it names.
  if (origin.evidence === 'declared') return 'declared';
  if (origin.channel === 'attestation' || origin.kind === 'quoted' || origin.kind === 'furnished' || origin.kind === 'prior') return 'declared';
  return 'observed';
}

/** The counted parts of the text: everything but the title page and boneyards, unless the project counts them. */
export function countedRanges(script: Script, counting?: Counting): TextRange[] {
  return countedRangesOf(script, counting ?? { titlePage: false, boneyard: false });
}

/** Runs clipped to the counted ranges, in text order. */
export function countedRuns(runs: Run[], counted: TextRange[]): Run[] {
  const out: Run[] = [];
  let i = 0;
  for (const run of runs) {
    while (i < counted.length && counted[i].end <= run.start) i++;
    for (let j = i; j < counted.length && counted[j].start < run.end; j++) {
      const start = Math.max(run.start, counted[j].start);
      const end = Math.min(run.end, counted[j].end);
      if (end > start) out.push({ ...run, start, end });
    }
  }
  return out;
}

/** Index of the first run whose end is after `offset`. */
function firstRunAfter(runs: Run[], offset: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit` with each run's overlap with [start, end). */
export function eachOverlap(runs: Run[], start: number, end: number, visit: (run: Run, chars: number) => void): void {
  for (let i = firstRunAfter(runs, start); i < runs.length && runs[i].start < end; i++) {
    const r = runs[i];
    const chars = Math.min(end, r.end) - Math.max(start, r.start);
    if (chars > 0) visit(r, chars);
  }
}

/** An empty table to add to. */
export function newCounts(): Map<string, number> {
  return new Map();
}

/** Adds the counted characters of [start, end) to `counts` (key `kind/evidence`). */
export function addRange(counts: Map<string, number>, runs: Run[], start: number, end: number): void {
  eachOverlap(runs, start, end, (run, chars) => {
    const key = `${run.origin.kind}/${evidenceOf(run.origin)}`;
    counts.set(key, (counts.get(key) ?? 0) + chars);
    // Furnished material declared AI-generated is AI-origin text too (RULES.md, Shares).
    if (run.origin.kind === 'furnished' && run.origin.aiOrigin === 'yes') counts.set(FURNISHED_AI, (counts.get(FURNISHED_AI) ?? 0) + chars);
  });
}

/** The counts key of furnished characters declared AI-generated (not a `kind/evidence` row). */
const FURNISHED_AI = '#furnished-ai';

/** Each `kind/evidence` key's place in a table's rows: kinds in ORIGIN_KINDS order, then evidence in EVIDENCE order. */
const ROW_RANK = new Map<string, number>(ORIGIN_KINDS.flatMap((kind, k) => EVIDENCE.map((evidence, e) => [`${kind}/${evidence}`, k * EVIDENCE.length + e] as [string, number])));

/**
 * Turns counts into a share table. Made for every scene of the figures (13,680 on a 10 MB
 * script), so the rows come from the counts present, put in order, rather than from looking
 * up all 27 kind and evidence pairs (about 70 ms a call there); the same table either way.
 */
export function shareTable(counts: Map<string, number>): ShareTable {
  // Literals in ORIGIN_KINDS and EVIDENCE order (the report's JSON keeps that key order).
  const byKind: Record<OriginKind, number> = { human: 0, ai: 0, pasted: 0, quoted: 0, furnished: 0, prior: 0, imported: 0, external: 0, unattributed: 0 };
  const byEvidence: Record<Evidence, number> = { observed: 0, declared: 0, unknown: 0 };
  let total = 0;
  const present: Array<[number, OriginKind, Evidence, number]> = [];
  for (const [key, chars] of counts) {
    if (key === FURNISHED_AI) continue;
    const [kind, evidence] = key.split('/') as [OriginKind, Evidence];
    byKind[kind] += chars;
    byEvidence[evidence] += chars;
    total += chars;
    const rank = ROW_RANK.get(key);
    if (rank !== undefined && chars > 0) present.push([rank, kind, evidence, chars]);
  }
  if (present.length > 1) present.sort((a, b) => a[0] - b[0]);
  const ratio = (n: number): number => (total === 0 ? 0 : n / total);
  const rows: ShareRow[] = [];
  for (const [, kind, evidence, chars] of present) rows.push({ kind, evidence, chars, share: ratio(chars) });
  return {
    total,
    rows,
    byKind,
    byEvidence,
    aiShare: ratio(byKind.ai),
    aiOriginShare: ratio(byKind.ai + (counts.get(FURNISHED_AI) ?? 0)),
    humanShare: ratio(byKind.human),
    unknownShare: ratio(byEvidence.unknown),
  };
}

/** Share table of [start, end) of the counted runs. */
export function tally(runs: Run[], start: number, end: number): ShareTable {
  const counts = newCounts();
  addRange(counts, runs, start, end);
  return shareTable(counts);
}

/** 1-based line and UTF-16 column of an offset. */
export function lineColumnOf(lineStarts: number[], offset: number): { line: number; column: number } {
  const { line, column } = lineColumn(lineStarts, offset);
  return { line: line + 1, column: column + 1 };
}

/** A located range: start and end as 1-based lines and columns (the end is exclusive). */
export function placeOf(lineStarts: number[], start: number, end: number): Place {
  const a = lineColumnOf(lineStarts, start);
  const b = lineColumnOf(lineStarts, Math.max(start, end));
  return { start, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
