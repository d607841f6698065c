/**
 * AI shares as the rules and the statement count them: characters whose origin is AI over
 * all characters of the counted text (title page and boneyard left out unless the project
 * counts them).
 */
import type { Script, TextRange } from '../fountain/types';
import type { AiOrigin, Run } from '../provenance/types';
import type { Ledger } from '../provenance/ledger';
import type { Project } from './project';
import { textOf } from '../fountain/parser';
import { lineEndOf } from '../fountain/lines';

/** What the counted text includes besides the script proper (the project file's `counting`). */
export interface Counting {
  titlePage: boolean;
  boneyard: boolean;
}

/**
 * The parts of `[start, end)` that count toward shares, in order: everything but the title
 * page and boneyards, unless `counting` includes them. The one definition that the rules, the
 * statement, the reports and the editor's status bar share.
 */
export function countedRangesOf(script: Script, counting: Counting, start = 0, end = textOf(script).length): TextRange[] {
  const excluded: TextRange[] = [];
  if (!counting.titlePage && script.titlePageRange) excluded.push(script.titlePageRange);
  if (!counting.boneyard) excluded.push(...script.boneyards);
  excluded.sort((a, b) => a.start - b.start);
  const out: TextRange[] = [];
  let at = start;
  for (const x of excluded) {
    if (x.end <= at) continue;
    if (x.start >= end) break;
    if (x.start > at) out.push({ start: at, end: x.start });
    at = Math.max(at, x.end);
  }
  if (at < end) out.push({ start: at, end });
  return out;
}

/** The parts of `[start, end)` that count toward shares under the project's policy. */
export function countedRanges(script: Script, project: Project, start = 0, end = textOf(script).length): TextRange[] {
  return countedRangesOf(script, project.counting, start, end);
}

/** The ledger's runs clipped to the counted text. */
export function countedRuns(script: Script, ledger: Ledger, project: Project, start = 0, end = textOf(script).length): Run[] {
  const runs: Run[] = [];
  // One push per run: spreading the runs of a huge script as arguments overflows the stack.
  for (const r of countedRanges(script, project, start, end)) for (const run of ledger.runs(r.start, r.end)) runs.push(run);
  return runs;
}

export interface AiShare {
  /** Characters counted. */
  total: number;
  /** Of them, characters whose origin is AI. */
  ai: number;
  /** ai / total, 0 for an empty range. */
  share: number;
}

/** The AI share of `[start, end)` (default: the whole script). */
export function aiShare(script: Script, ledger: Ledger, project: Project, start = 0, end = textOf(script).length): AiShare {
  let total = 0;
  let ai = 0;
  for (const run of countedRuns(script, ledger, project, start, end)) {
    const n = run.end - run.start;
    total += n;
    if (run.origin.kind === 'ai') ai += n;
  }
  return { total, ai, share: total === 0 ? 0 : ai / total };
}

/** "gpt-4o via vscode-lm", "an unrecorded model". */
export function modelLabel(origin: AiOrigin): string {
  const model = origin.model ? (origin.version ? `${origin.model} ${origin.version}` : origin.model) : 'an unrecorded model';
  return origin.tool ? `${model} via ${origin.tool}` : model;
}

/** Every AI run of the whole text (counted or not). */
export function aiRuns(ledger: Ledger): Array<Run & { origin: AiOrigin }> {
  // Only the AI runs are made into objects (all of them were, on every keystroke).
  return ledger.runs(0, ledger.length, (o) => o.kind === 'ai') as Array<Run & { origin: AiOrigin }>;
}

/** One AI insertion and where its surviving text is now, fragments in text order (adjacent runs merged). */
export interface AiInsertionFragments {
  insertionId: number;
  origin: AiOrigin;
  fragments: TextRange[];
}

/** Every AI insertion with surviving text, in order of its first fragment. */
export function aiInsertionsOf(ledger: Ledger): AiInsertionFragments[] {
  // Keyed by insertion and origin: part of an insertion relabelled to another model is another entry.
  const byId = new Map<string, AiInsertionFragments>();
  for (const run of aiRuns(ledger)) {
    const key = `${run.insertionId}:${run.originId}`;
    let entry = byId.get(key);
    if (!entry) {
      entry = { insertionId: run.insertionId, origin: run.origin, fragments: [] };
      byId.set(key, entry);
    }
    const last = entry.fragments[entry.fragments.length - 1];
    if (last && last.end === run.start) last.end = run.end;
    else entry.fragments.push({ start: run.start, end: run.end });
  }
  return [...byId.values()];
}

/** True when `name` matches `pattern` (case-insensitive; a trailing `*` matches any ending). */
export function matchesPattern(pattern: string, name: string | undefined): boolean {
  if (!name) return false;
  const p = pattern.trim().toLowerCase();
  const n = name.trim().toLowerCase();
  return p.endsWith('*') ? n.startsWith(p.slice(0, -1)) : n === p;
}

/** Milliseconds of a `YYYY-MM-DD` (or ISO) date; `endOfDay` makes a bare date inclusive. */
export function dateMs(date: string, endOfDay = false): number {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const ms = Date.parse(bare ? `${date}T00:00:00Z` : date);
  return bare && endOfDay ? ms + 86_400_000 - 1 : ms;
}

/** A finding range for script-wide findings: the title page, else the first line. */
export function documentAnchor(script: Script): TextRange {
  if (script.titlePageRange && script.titlePage.length > 0) {
    const first = script.titlePage[0];
    return { start: first.start, end: first.end };
  }
  // The first line's end, from the parser's line starts (no whole text to search on a keystroke).
  const text = textOf(script);
  if (Array.isArray(script.lineStarts) && script.lineStarts.length > 0) return { start: 0, end: lineEndOf(text, script.lineStarts, 0) };
  const nl = script.text.search(/\r|\n/);
  return { start: 0, end: nl < 0 ? text.length : nl };
}
