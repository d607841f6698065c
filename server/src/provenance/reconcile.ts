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

/** The `note` of the external origin merge.ts gives the conflict markers it writes. */
export const MERGE_MARKER_NOTE = 'merge conflict marker';

/** A changed stretch: `[oldStart, oldEnd)` of the old text became `[newStart, newEnd)` of the new. */
export interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

interface Part {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** Unchanged stretches of at most this many characters between two changed lines join them... */
const JOIN_GAP = 16;
/** ...as long as the joined group stays under this many characters on each side. */
const JOIN_LIMIT = 1024;
/** Above this size a changed group of as many new lines as old is diffed line by line. */
const PAIR_LINES_ABOVE = 8192;
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

/** Lines with their line breaks (`\r\n` stays whole, as `diffLines` keeps it). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
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
  if (size > PAIR_LINES_ABOVE) {
    // A big group where every line changed (a find-and-replace): pair the lines in order.
    const a = splitLines(old.slice(o0, o1));
    const b = splitLines(neu.slice(n0, n1));
    if (a.length > 1 && a.length === b.length) {
      for (let k = 0; k < a.length; k++) {
        charHunks(old, neu, o0, o0 + a[k].length, n0, n0 + b[k].length, out);
        o0 += a[k].length;
        n0 += b[k].length;
      }
      return;
    }
  }
  const maxEditLength = Math.max(16, Math.floor(CHAR_DIFF_BUDGET / size));
  const a = old.slice(o0, o1);
  const b = neu.slice(n0, n1);
  const parts = maxEditLength >= size ? diffChars(a, b) : diffChars(a, b, { maxEditLength });
  if (!parts) {
    out.push({ oldStart: o0, oldEnd: o1, newStart: n0, newEnd: n1 });
    return;
  }
  walk(parts, o0, n0, (h) => out.push(h));
}

/** Walks diff parts from `(o, n)`, handing each group of removed and added parts to `flush`. */
function walk(parts: ReadonlyArray<Part>, o: number, n: number, flush: (h: Hunk) => void): void {
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

/** Indexes (into `pairs`) of a longest run of pairs increasing in their second member. */
function longestIncreasing(pairs: ReadonlyArray<[number, number]>): number[] {
  const tails: number[] = [];
  const previous = new Array<number>(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const value = pairs[k][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: number[] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) out.push(k);
  return out.reverse();
}

/**
 * A line diff of two texts as `diffLines` parts. Lines that occur exactly once in each text
 * and keep their order anchor the texts (as in patience diff); `diffLines` then runs only
 * on the short stretches between anchors, so the cost follows the size of the changes.
 */
function lineParts(old: string, neu: string): Part[] {
  const a = splitLines(old);
  const b = splitLines(neu);
  const seen = new Map<string, [number, number, number, number]>();
  a.forEach((line, i) => {
    const entry = seen.get(line);
    if (entry) entry[0]++;
    else seen.set(line, [1, i, 0, -1]);
  });
  b.forEach((line, j) => {
    const entry = seen.get(line);
    if (entry) {
      entry[2]++;
      entry[3] = j;
    }
  });
  const pairs: Array<[number, number]> = [];
  for (const [inOld, i, inNew, j] of seen.values()) if (inOld === 1 && inNew === 1) pairs.push([i, j]);
  pairs.sort((x, y) => x[0] - y[0]);
  const parts: Part[] = [];
  let i = 0;
  let j = 0;
  const gap = (i1: number, j1: number): void => {
    if (i === i1 && j === j1) return;
    const oldSeg = a.slice(i, i1).join('');
    const newSeg = b.slice(j, j1).join('');
    if (oldSeg === newSeg) parts.push({ value: oldSeg });
    else if (!oldSeg) parts.push({ value: newSeg, added: true });
    else if (!newSeg) parts.push({ value: oldSeg, removed: true });
    else for (const part of diffLines(oldSeg, newSeg) ?? [{ value: oldSeg, removed: true }, { value: newSeg, added: true }]) parts.push(part);
  };
  for (const k of longestIncreasing(pairs)) {
    const [ai, bj] = pairs[k];
    gap(ai, bj);
    parts.push({ value: a[ai] });
    i = ai + 1;
    j = bj + 1;
  }
  gap(a.length, b.length);
  return parts;
}

/**
 * The changed stretches between `old` and `neu`, in text order, separated by unchanged
 * text: common prefix and suffix first, then a line diff of the middle, then a character
 * diff inside each changed group of lines (pairing the removed lines with the added ones;
 * groups separated by at most {@link JOIN_GAP} unchanged characters count as one).
 */
export function diffHunks(old: string, neu: string): Hunk[] {
  if (old === neu) return [];
  const p = commonPrefix(old, neu, 0, 0, Math.min(old.length, neu.length));
  const s = commonSuffix(old, neu, old.length, neu.length, Math.min(old.length, neu.length) - p);
  const o1 = old.length - s;
  const n1 = neu.length - s;
  if (p === o1 || p === n1) return [{ oldStart: p, oldEnd: o1, newStart: p, newEnd: n1 }];
  const lineHunks: Hunk[] = [];
  walk(lineParts(old.slice(p, o1), neu.slice(p, n1)), p, p, (h) => {
    const last = lineHunks[lineHunks.length - 1];
    // A short unchanged stretch between two changes (often a blank line the line diff
    // matched elsewhere) joins them, so the character diff can pair what was really edited.
    if (last && h.oldStart - last.oldEnd <= JOIN_GAP && h.oldEnd - last.oldStart <= JOIN_LIMIT && h.newEnd - last.newStart <= JOIN_LIMIT) {
      last.oldEnd = h.oldEnd;
      last.newEnd = h.newEnd;
    } else lineHunks.push({ ...h });
  });
  const hunks: Hunk[] = [];
  for (const h of lineHunks) {
    if (h.oldStart === h.oldEnd || h.newStart === h.newEnd) hunks.push(h);
    else charHunks(old, neu, h.oldStart, h.oldEnd, h.newStart, h.newEnd, hunks);
  }
  // Hunks that touch become one, so every edit is separated from the next by unchanged text.
  const out: Hunk[] = [];
  for (const h of hunks) {
    const last = out[out.length - 1];
    if (last && last.oldEnd === h.oldStart) {
      last.oldEnd = h.oldEnd;
      last.newEnd = h.newEnd;
    } else out.push({ ...h });
  }
  return out;
}

/**
 * Brings `ledger` in step with `newText`: diffs the ledger's text against it (lines first,
 * then characters inside changed lines), applies the differences to the ledger in place as
 * edits of `origin` (normally `external`, channel `reconcile`), and returns the edits in the
 * order they were applied (each offset is in the text as it was at that point, which is the
 * new text's coordinates up to the edit) and the changed ranges of the new text (empty
 * ranges where text was only deleted). Unchanged characters keep their origins.
 * Never throws: if the diff fails, the whole differing middle is replaced in one edit; a
 * `newText` that is not a string changes nothing.
 */
export function reconcile(ledger: Ledger, newText: string, origin: Origin): { edits: TextEdit[]; changed: TextRange[] } {
  const edits: TextEdit[] = [];
  const changed: TextRange[] = [];
  if (typeof newText !== 'string') return { edits, changed };
  const target = newText;
  const apply = (edit: TextEdit): void => {
    ledger.applyEdit({ ...edit, origin });
    edits.push(edit);
    const last = changed[changed.length - 1];
    const end = edit.offset + edit.insertText.length;
    if (last && last.end >= edit.offset) last.end = Math.max(last.end, end);
    else changed.push({ start: edit.offset, end });
  };
  try {
    // A merge that waited for its conflicts (merge.ts): once the text holds no conflict marker,
    // the marker lines go first, so no marker character survives into the resolution.
    if (!/^<{7} /m.test(target)) {
      const markers = ledger.runs().filter((r) => r.origin.kind === 'external' && r.origin.note === MERGE_MARKER_NOTE);
      for (let i = markers.length - 1; i >= 0; i--) {
        const edit = { offset: markers[i].start, deleteLength: markers[i].end - markers[i].start, insertText: '' };
        ledger.applyEdit({ ...edit, origin });
        edits.push(edit);
      }
    }
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
