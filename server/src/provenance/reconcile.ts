/**
 * Reconciliation: the text on disk no longer matches the ledger (edited in another app, a
 * git pull or merge). The difference is found line by line first and character by character
 * only inside the changed lines, then applied to the ledger as edits of one origin, so
 * unchanged text keeps its origins.
 */
import { diffChars, diffLines } from 'diff';
import type { TextEdit, TextRange } from '../fountain/types';
import type { Ledger } from './ledger';
import type { Origin } from './types';

/** A changed stretch: `[oldStart, oldEnd)` of the old text became `[newStart, newEnd)` of the new. */
interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Work budget of one character diff (roughly characters times edit length). */
const CHAR_DIFF_BUDGET = 4_000_000;

function commonPrefix(a: string, b: string, aFrom: number, bFrom: number, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(aFrom + n) === b.charCodeAt(bFrom + n)) n++;
  return n;
}

function commonSuffix(a: string, b: string, aTo: number, bTo: number, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(aTo - 1 - n) === b.charCodeAt(bTo - 1 - n)) n++;
  return n;
}

/** Appends the hunks of a character diff of `old[o0, o1)` against `neu[n0, n1)`. */
function charHunks(old: string, neu: string, o0: number, o1: number, n0: number, n1: number, out: Hunk[]): void {
  const p = commonPrefix(old, neu, o0, n0, Math.min(o1 - o0, n1 - n0));
  o0 += p;
  n0 += p;
  const s = commonSuffix(old, neu, o1, n1, Math.min(o1 - o0, n1 - n0));
  o1 -= s;
  n1 -= s;
  if (o0 === o1 && n0 === n1) return;
  if (o0 === o1 || n0 === n1) {
    out.push({ oldStart: o0, oldEnd: o1, newStart: n0, newEnd: n1 });
    return;
  }
  const size = o1 - o0 + (n1 - n0);
  const maxEditLength = Math.max(16, Math.floor(CHAR_DIFF_BUDGET / size));
  const parts = maxEditLength >= size ? diffChars(old.slice(o0, o1), neu.slice(n0, n1)) : diffChars(old.slice(o0, o1), neu.slice(n0, n1), { maxEditLength });
  if (!parts) {
    out.push({ oldStart: o0, oldEnd: o1, newStart: n0, newEnd: n1 });
    return;
  }
  walk(parts, o0, n0, (h) => out.push(h));
}

/**
 * Walks diff parts from `(o, n)`, grouping consecutive removed and added parts into one
 * hunk handed to `flush`.
 */
function walk(
  parts: ReadonlyArray<{ value: string; added?: boolean; removed?: boolean }>,
  o: number,
  n: number,
  flush: (h: Hunk) => void,
): void {
  let pending: Hunk | undefined;
  for (const part of parts) {
    const len = part.value.length;
    if (part.added) {
      pending ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n };
      n += len;
      pending.newEnd = n;
    } else if (part.removed) {
      pending ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n };
      o += len;
      pending.oldEnd = o;
    } else {
      if (pending) flush(pending);
      pending = undefined;
      o += len;
      n += len;
    }
  }
  if (pending) flush(pending);
}

/**
 * The changed stretches between `old` and `neu`, in text order, separated by unchanged
 * text: common prefix and suffix first, then a line diff of the middle, then a character
 * diff inside each changed group of lines (pairing the removed lines with the added ones).
 */
export function diffHunks(old: string, neu: string): Hunk[] {
  const out: Hunk[] = [];
  if (old === neu) return out;
  const p = commonPrefix(old, neu, 0, 0, Math.min(old.length, neu.length));
  const s = commonSuffix(old, neu, old.length, neu.length, Math.min(old.length, neu.length) - p);
  const o1 = old.length - s;
  const n1 = neu.length - s;
  if (p === o1 || p === n1) {
    out.push({ oldStart: p, oldEnd: o1, newStart: p, newEnd: n1 });
    return out;
  }
  const parts = diffLines(old.slice(p, o1), neu.slice(p, n1));
  if (!parts) {
    charHunks(old, neu, p, o1, p, n1, out);
    return out;
  }
  walk(parts, p, p, (h) => {
    if (h.oldStart === h.oldEnd || h.newStart === h.newEnd) out.push(h);
    else charHunks(old, neu, h.oldStart, h.oldEnd, h.newStart, h.newEnd, out);
  });
  return out;
}

/**
 * Brings `ledger` in step with `newText`: diffs the ledger's text against it (lines first,
 * then characters inside changed lines), applies the differences to the ledger in place as
 * edits of `origin` (normally `external`, channel `reconcile`), and returns the edits in the
 * order they were applied (each offset is in the text as it was at that point, which is the
 * new text's coordinates up to the edit) and the changed ranges of the new text (empty
 * ranges where text was only deleted). Unchanged characters keep their origins.
 * Never throws: if the diff fails, the whole differing middle is replaced in one edit.
 */
export function reconcile(ledger: Ledger, newText: string, origin: Origin): { edits: TextEdit[]; changed: TextRange[] } {
  const edits: TextEdit[] = [];
  const changed: TextRange[] = [];
  const target = typeof newText === 'string' ? newText : '';
  const apply = (edit: TextEdit): void => {
    ledger.applyEdit({ ...edit, origin });
    edits.push(edit);
    const last = changed[changed.length - 1];
    const end = edit.offset + edit.insertText.length;
    if (last && last.end >= edit.offset) last.end = Math.max(last.end, end);
    else changed.push({ start: edit.offset, end });
  };
  try {
    const old = ledger.text;
    for (const h of diffHunks(old, target)) {
      apply({ offset: h.newStart, deleteLength: h.oldEnd - h.oldStart, insertText: target.slice(h.newStart, h.newEnd) });
    }
  } catch {
    // Fall through: whatever was applied is kept, the rest is replaced below.
  }
  try {
    const now = ledger.text;
    if (now !== target) {
      const p = commonPrefix(now, target, 0, 0, Math.min(now.length, target.length));
      const s = commonSuffix(now, target, now.length, target.length, Math.min(now.length, target.length) - p);
      apply({ offset: p, deleteLength: now.length - s - p, insertText: target.slice(p, target.length - s) });
      changed.sort((a, b) => a.start - b.start);
    }
  } catch {
    // The ledger never throws on an edit; nothing more can be done here.
  }
  return { edits, changed };
}
