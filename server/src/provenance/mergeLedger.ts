/**
 * The three-way merge of two branches of a script's record (the git merge driver, see
 * docs/writers-room.md): the texts are merged line by line as `git merge-file` does, and the
 * ledger of the merged text gives every character the origin it had on the branch it came
 * from. Pure functions over ledgers: no files, no git. Never throws on any input.
 */
import { diffArrays } from 'diff';
import { Ledger } from './ledger';
import { originKey } from './origin';
import type { LedgerSnapshot, Origin } from './types';

/** One edit of a merge: `deleteLength` at `offset` (in the text as edited so far) replaced by `insertText` of `origin`. */
export interface MergeEdit {
  offset: number;
  deleteLength: number;
  insertText: string;
  origin: Origin;
}

export interface TextMergeResult {
  text: string;
  /** Turn ours' text into `text`, in application order (ascending, non-overlapping). */
  edits: MergeEdit[];
  /** Conflicting regions (left in the text between git-style markers). */
  conflicts: number;
}

/** Lines with their line breaks. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lineStarts(lines: readonly string[]): number[] {
  const out = new Array<number>(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    out[i] = at;
    at += lines[i].length;
  }
  out[lines.length] = at;
  return out;
}

export interface Hunk {
  side: 'a' | 'b';
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

/** Above this many differing lines the line diff is left to the `diff` package (Myers's trace would grow as its square). */
const MAX_TRACED_EDITS = 2000;

/**
 * Changed line stretches of `x` against `o`: Myers's O(ND) diff over interned line numbers
 * after the common start and end are cut, so a long script with scattered changes costs
 * milliseconds; very different texts go to the `diff` package.
 */
export function hunksOf(o: readonly string[], x: readonly string[], side: 'a' | 'b'): Hunk[] {
  let p = 0;
  while (p < o.length && p < x.length && o[p] === x[p]) p++;
  let q = 0;
  while (q < o.length - p && q < x.length - p && o[o.length - 1 - q] === x[x.length - 1 - q]) q++;
  const n = o.length - p - q;
  const m = x.length - p - q;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) return [{ side, oStart: p, oEnd: p + n, xStart: p, xEnd: p + m }];
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const a = new Int32Array(n);
  const b = new Int32Array(m);
  for (let i = 0; i < n; i++) a[i] = intern(o[p + i]);
  for (let j = 0; j < m; j++) b[j] = intern(x[p + j]);
  const snakes = myersSnakes(a, b);
  if (!snakes) return hunksByPackage(o, x, side);
  const out: Hunk[] = [];
  let pa = 0;
  let pb = 0;
  for (let i = snakes.length - 3; i >= 0; i -= 3) {
    const sa = snakes[i];
    const sb = snakes[i + 1];
    const len = snakes[i + 2];
    if (sa > pa || sb > pb) out.push({ side, oStart: p + pa, oEnd: p + sa, xStart: p + pb, xEnd: p + sb });
    pa = sa + len;
    pb = sb + len;
  }
  if (pa < n || pb < m) out.push({ side, oStart: p + pa, oEnd: p + n, xStart: p + pb, xEnd: p + m });
  return out;
}

/**
 * The common stretches of `a` and `b` on a shortest edit path (Myers 1986), as
 * `[aStart, bStart, length]` triples from the end backwards; undefined past {@link MAX_TRACED_EDITS}.
 */
function myersSnakes(a: Int32Array, b: Int32Array): number[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_TRACED_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let xx = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let yy = xx - k;
      while (xx < n && yy < m && a[xx] === b[yy]) {
        xx++;
        yy++;
      }
      v[off + k] = xx;
      if (xx >= n && yy >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(off - d - 1, off + d + 2));
  }
  if (found < 0) return undefined;
  // Back from (n, m): each step's move, then the diagonal (a snake) that followed it.
  const snakes: number[] = [];
  let xx = n;
  let yy = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]; // index k + d (the slice starts at k = -(d - 1) - 1)
    const at = (k: number): number => prev[k + d];
    const k = xx - yy;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const pk = down ? k + 1 : k - 1;
    const px = at(pk);
    const py = px - pk;
    const mx = down ? px : px + 1;
    const my = down ? py + 1 : py;
    if (xx > mx) snakes.push(mx, my, xx - mx);
    xx = px;
    yy = py;
  }
  if (xx > 0) snakes.push(0, 0, xx);
  return snakes;
}

/** The same hunks through the `diff` package (for texts too different to trace). */
export function hunksByPackage(o: readonly string[], x: readonly string[], side: 'a' | 'b'): Hunk[] {
  const out: Hunk[] = [];
  let oi = 0;
  let xi = 0;
  let open: Hunk | undefined;
  for (const part of diffArrays(o as string[], x as string[])) {
    const n = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      if (open) out.push(open);
      open = undefined;
      oi += n;
      xi += n;
      continue;
    }
    if (!open) open = { side, oStart: oi, oEnd: oi, xStart: xi, xEnd: xi };
    if (part.removed) {
      oi += n;
      open.oEnd = oi;
    } else {
      xi += n;
      open.xEnd = xi;
    }
  }
  if (open) out.push(open);
  return out;
}

/** Labels of the conflict markers: git's `HEAD` and the merged branch's name where known. */
export interface ConflictLabels {
  ours: string;
  theirs: string;
}

/** Marker lines written into a conflicting region, as `git merge-file` writes them. */
export function conflictMarkers(labels: ConflictLabels = { ours: 'ours', theirs: 'theirs' }): { ours: string; middle: string; theirs: string } {
  const clean = (s: string): string => s.replace(/[\r\n]+/g, ' ');
  return { ours: `<<<<<<< ${clean(labels.ours)}\n`, middle: '=======\n', theirs: `>>>>>>> ${clean(labels.theirs)}\n` };
}

/**
 * Merges `ours` and `theirs` against `base` line by line and builds the edits that turn ours
 * into the merged text: stretches only theirs changed come with the origins theirs' ledger
 * gives them; unchanged text whose origin only theirs changed (an attestation) takes theirs'
 * origin; conflicts keep both sides between markers of `markerOrigin`.
 */
export function mergeTexts(base: Ledger, ours: Ledger, theirs: Ledger, markerOrigin: Origin, labels?: ConflictLabels): TextMergeResult {
  const CONFLICT_MARKERS = conflictMarkers(labels);
  const oText = base.text;
  const aText = ours.text;
  const bText = theirs.text;
  const o = splitLines(oText);
  const a = splitLines(aText);
  const b = splitLines(bText);
  const oAt = lineStarts(o);
  const aAt = lineStarts(a);
  const bAt = lineStarts(b);
  const hunks = [...hunksOf(o, a, 'a'), ...hunksOf(o, b, 'b')].sort((x, y) => x.oStart - y.oStart || x.oEnd - y.oEnd);
  const edits: MergeEdit[] = [];
  let out = 0; // where ours' text now stands in the merged text, minus ours' own offset
  let conflicts = 0;
  let deltaA = 0;
  let deltaB = 0;
  let oLine = 0;
  const merged: string[] = [];

  // Pushes theirs' runs over [bs, be) as insertions at `at` (the first one also deletes `del`).
  const insertTheirs = (at: number, del: number, bs: number, be: number): number => {
    let first = true;
    let pos = at;
    for (const run of theirs.runs(bs, be)) {
      edits.push({ offset: pos, deleteLength: first ? del : 0, insertText: bText.slice(run.start, run.end), origin: run.origin });
      pos += run.end - run.start;
      first = false;
    }
    if (first && del > 0) edits.push({ offset: at, deleteLength: del, insertText: '', origin: markerOrigin });
    return pos - at;
  };

  // Unchanged on both sides: ours' text, with theirs' origin where only theirs changed it.
  const unchanged = (oFrom: number, oTo: number): void => {
    if (oTo <= oFrom) return;
    const as = aAt[oFrom + deltaA];
    const ae = aAt[oTo + deltaA];
    const bs = bAt[oFrom + deltaB];
    const os = oAt[oFrom];
    merged.push(aText.slice(as, ae));
    relabelWhereTheirsChanged(as, ae, bs, os);
  };

  const relabelWhereTheirsChanged = (as: number, ae: number, bs: number, os: number): void => {
    const len = ae - as;
    if (len <= 0) return;
    const ar = ours.runs(as, ae);
    const br = theirs.runs(bs, bs + len);
    const or = base.runs(os, os + len);
    // Without an ancestor there is nothing to tell who changed a label: ours stands.
    if (or.length === 0 || br.length === 0 || ar.length === 0) return;
    if (br.length === ar.length && br.every((r, i) => r.end - bs === ar[i].end - as && originKey(r.origin) === originKey(ar[i].origin))) return;
    let i = 0;
    let j = 0;
    let k = 0;
    let p = 0;
    while (p < len) {
      while (i < ar.length - 1 && ar[i].end - as <= p) i++;
      while (j < br.length - 1 && br[j].end - bs <= p) j++;
      while (k < or.length - 1 && or[k].end - os <= p) k++;
      const end = Math.max(p + 1, Math.min(ar[i].end - as, br[j].end - bs, or[k].end - os, len));
      const ak = originKey(ar[i].origin);
      const bk = originKey(br[j].origin);
      if (ak !== bk && originKey(or[k].origin) === ak) {
        const last = edits[edits.length - 1];
        const at = as + out + p;
        if (last && last.origin === br[j].origin && last.offset + last.insertText.length === at && last.deleteLength === last.insertText.length) {
          last.insertText += aText.slice(as + p, as + end);
          last.deleteLength += end - p;
        } else edits.push({ offset: at, deleteLength: end - p, insertText: aText.slice(as + p, as + end), origin: br[j].origin });
      }
      p = end;
    }
  };

  let h = 0;
  while (h < hunks.length) {
    const first = hunks[h];
    let regionStart = first.oStart;
    let regionEnd = first.oEnd;
    const region: Hunk[] = [first];
    h++;
    // Hunks that overlap or touch make one region (as diff3 and git do: adjacent changes conflict).
    while (h < hunks.length && hunks[h].oStart <= regionEnd) {
      regionEnd = Math.max(regionEnd, hunks[h].oEnd);
      region.push(hunks[h]);
      h++;
    }
    regionStart = Math.min(...region.map((x) => x.oStart));
    unchanged(oLine, regionStart);
    const range = (side: 'a' | 'b', delta: number): [number, number] => {
      const mine = region.filter((x) => x.side === side);
      if (mine.length === 0) return [regionStart + delta, regionEnd + delta];
      const lo = Math.min(...mine.map((x) => x.xStart)) + (regionStart - Math.min(...mine.map((x) => x.oStart)));
      const hi = Math.max(...mine.map((x) => x.xEnd)) + (regionEnd - Math.max(...mine.map((x) => x.oEnd)));
      return [lo, hi];
    };
    const [a0, a1] = range('a', deltaA);
    const [b0, b1] = range('b', deltaB);
    const hasA = region.some((x) => x.side === 'a');
    const hasB = region.some((x) => x.side === 'b');
    const as = aAt[a0];
    const ae = aAt[a1];
    const bs = bAt[b0];
    const be = bAt[b1];
    const aPart = aText.slice(as, ae);
    const bPart = bText.slice(bs, be);
    if (!hasB || aPart === bPart) {
      merged.push(aPart); // ours' change (or the same change on both sides)
    } else if (!hasA) {
      merged.push(bPart);
      const inserted = insertTheirs(as + out, ae - as, bs, be);
      out += inserted - (ae - as);
    } else {
      conflicts++;
      const nl = (s: string): string => (s.length > 0 && !s.endsWith('\n') ? '\n' : '');
      const head = CONFLICT_MARKERS.ours;
      edits.push({ offset: as + out, deleteLength: 0, insertText: head, origin: markerOrigin });
      out += head.length;
      const middle = nl(aPart) + CONFLICT_MARKERS.middle;
      edits.push({ offset: ae + out, deleteLength: 0, insertText: middle, origin: markerOrigin });
      out += middle.length;
      out += insertTheirs(ae + out, 0, bs, be);
      const tail = nl(bPart) + CONFLICT_MARKERS.theirs;
      edits.push({ offset: ae + out, deleteLength: 0, insertText: tail, origin: markerOrigin });
      out += tail.length;
      merged.push(head, aPart, middle, bPart, tail);
    }
    deltaA = a1 - regionEnd;
    deltaB = b1 - regionEnd;
    oLine = regionEnd;
  }
  unchanged(oLine, o.length);
  return { text: merged.join(''), edits, conflicts };
}

/**
 * Applies merge edits to a ledger as plain replacements: inserted text takes exactly the
 * origin given (the ledger's undo memory is not consulted, and the merged ledger starts with
 * none). AI text gets an insertion of its own per edit; other text joins its origin's shared
 * insertion. Returns a new ledger; `ledger` is not changed. Edits out of range are clamped.
 */
export function applyMergeEdits(ledger: Ledger, edits: readonly MergeEdit[]): Ledger {
  const snap = ledger.toSnapshot();
  const origins: Origin[] = snap.origins;
  const ids = new Map<string, number>();
  origins.forEach((o, i) => {
    const key = originKey(o);
    if (!ids.has(key)) ids.set(key, i);
  });
  const inserted = new Map<number, [number, number]>(); // insertion id -> [originId, inserted]
  for (const [id, originId, count] of snap.insertions) inserted.set(id, [originId, count]);
  const shared = new Map<number, number>(snap.shared ?? []);
  let next = snap.nextInsertionId;
  const intern = (origin: Origin): number => {
    const key = originKey(origin);
    let id = ids.get(key);
    if (id === undefined) {
      id = origins.length;
      origins.push(JSON.parse(JSON.stringify(origin)) as Origin);
      ids.set(key, id);
    }
    return id;
  };
  const insertionFor = (originId: number, length: number): number => {
    if (origins[originId].kind !== 'ai') {
      let sid = shared.get(originId);
      if (sid === undefined) {
        sid = next++;
        shared.set(originId, sid);
        inserted.set(sid, [originId, 0]);
      }
      const rec = inserted.get(sid) ?? [originId, 0];
      rec[1] += length;
      inserted.set(sid, rec);
      return sid;
    }
    const id = next++;
    inserted.set(id, [originId, length]);
    return id;
  };

  // Runs as [length, originId, insertionId]; the text as pieces, edited in one pass when the
  // edits are ascending (as mergeTexts makes them), else one by one.
  let runs: Array<[number, number, number]> = snap.runs.map((r) => [r[0], r[1], r[2]]);
  let text = ledger.text;
  const ascending = edits.every((e, i) => i === 0 || e.offset >= edits[i - 1].offset + edits[i - 1].insertText.length);
  if (ascending) {
    const outRuns: Array<[number, number, number]> = [];
    const pieces: string[] = [];
    let srcPos = 0; // position in the old text
    let ri = 0;
    let riUsed = 0; // characters of runs[ri] already consumed
    let shift = 0; // new offset minus old offset so far
    const copy = (n: number): void => {
      // copies n old characters (text and runs)
      if (n <= 0) return;
      pieces.push(text.slice(srcPos, srcPos + n));
      srcPos += n;
      let left = n;
      while (left > 0 && ri < runs.length) {
        const avail = runs[ri][0] - riUsed;
        const take = Math.min(avail, left);
        pushRun(outRuns, take, runs[ri][1], runs[ri][2]);
        left -= take;
        riUsed += take;
        if (riUsed === runs[ri][0]) {
          ri++;
          riUsed = 0;
        }
      }
    };
    const skip = (n: number): void => {
      srcPos += n;
      let left = n;
      while (left > 0 && ri < runs.length) {
        const avail = runs[ri][0] - riUsed;
        const take = Math.min(avail, left);
        left -= take;
        riUsed += take;
        if (riUsed === runs[ri][0]) {
          ri++;
          riUsed = 0;
        }
      }
    };
    for (const e of edits) {
      const oldOffset = Math.max(srcPos, Math.min(text.length, e.offset - shift));
      copy(oldOffset - srcPos);
      const del = Math.max(0, Math.min(e.deleteLength, text.length - srcPos));
      skip(del);
      const ins = typeof e.insertText === 'string' ? e.insertText : '';
      if (ins.length > 0) {
        const originId = intern(e.origin);
        pieces.push(ins);
        pushRun(outRuns, ins.length, originId, insertionFor(originId, ins.length));
      }
      shift += ins.length - del;
    }
    copy(text.length - srcPos);
    text = pieces.join('');
    runs = outRuns;
  } else {
    for (const e of edits) {
      const offset = Math.max(0, Math.min(text.length, e.offset));
      const del = Math.max(0, Math.min(e.deleteLength, text.length - offset));
      const ins = typeof e.insertText === 'string' ? e.insertText : '';
      text = text.slice(0, offset) + ins + text.slice(offset + del);
      const before: Array<[number, number, number]> = [];
      const after: Array<[number, number, number]> = [];
      let at = 0;
      for (const r of runs) {
        const s = at;
        const end = at + r[0];
        at = end;
        if (end <= offset) before.push(r);
        else if (s >= offset + del) after.push(r);
        else {
          if (s < offset) before.push([offset - s, r[1], r[2]]);
          if (end > offset + del) after.push([end - (offset + del), r[1], r[2]]);
        }
      }
      const mid: Array<[number, number, number]> = [];
      if (ins.length > 0) {
        const originId = intern(e.origin);
        mid.push([ins.length, originId, insertionFor(originId, ins.length)]);
      }
      runs = [];
      for (const r of [...before, ...mid, ...after]) pushRun(runs, r[0], r[1], r[2]);
    }
  }
  const live = new Set(runs.map((r) => r[2]));
  const insertions: Array<[number, number, number]> = [];
  for (const [id, [originId, count]] of inserted) {
    if (origins[originId]?.kind === 'ai' || live.has(id) || [...shared.values()].includes(id)) insertions.push([id, originId, count]);
  }
  insertions.sort((x, y) => x[0] - y[0]);
  const snapshot: LedgerSnapshot = {
    origins,
    runs,
    insertions,
    nextInsertionId: next,
    shared: [...shared].filter(([, id]) => insertions.some((x) => x[0] === id)).sort((x, y) => x[0] - y[0]),
    memory: { deletions: [] },
  };
  try {
    return Ledger.fromSnapshot(text, snapshot);
  } catch {
    // Cannot happen for runs built above; a ledger of the text keeps the engine going.
    return Ledger.create(text, { kind: 'external', channel: 'reconcile', at: new Date(0).toISOString(), note: 'merge could not be applied' });
  }
}

function pushRun(out: Array<[number, number, number]>, len: number, originId: number, id: number): void {
  if (len <= 0) return;
  const last = out[out.length - 1];
  if (last && last[1] === originId && last[2] === id) last[0] += len;
  else out.push([len, originId, id]);
}
