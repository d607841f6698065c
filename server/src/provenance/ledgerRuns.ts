/**
 * The ledger's run store: the partition of the text into runs, kept in leaves of at most
 * {@link LeafSizes}`.leafMax` runs, with a Fenwick tree over the leaf lengths. Finding
 * an offset is a descent of the tree (O(log leaves)) and a scan of one leaf; an edit changes
 * one or two leaves in place, so its cost does not grow with the script's history. The tree
 * is rebuilt (O(leaves)) only when a leaf splits or empties, about once every few dozen edits.
 * Adjacent runs with the same origin and insertion are always merged, across leaves too.
 *
 * A leaf keeps its runs in a typed array (length, originId, insertionId per run) with room
 * to grow; leaves built in bulk (a checkpoint load) share one buffer, so loading a hundred
 * thousand runs allocates a few objects rather than hundreds of thousands.
 */
import { LengthIndex } from './lengthIndex';

/** `[length, originId, insertionId]`, the run form used in snapshots. */
export type RunTriple = [number, number, number];

/**
 * Leaf sizes: a leaf is split when it holds more than `leafMax` runs; leaves built in bulk
 * or split hold about `leafFill`. Tests pass small ones to exercise leaf boundaries.
 */
export interface LeafSizes {
  readonly leafMax: number;
  readonly leafFill: number;
}

/** The leaf sizes a store has unless told otherwise. */
export const DEFAULT_LEAF_SIZES: LeafSizes = Object.freeze({ leafMax: 128, leafFill: 64 });

interface Leaf {
  /** Run i is `r[3i]` characters of origin `r[3i + 1]` and insertion `r[3i + 2]`. */
  r: Uint32Array;
  n: number;
  total: number;
}

/** Room a leaf has beyond `leafMax` runs, so one edit never overflows it before it splits. */
const SLACK = 4;

/** Leaves of about `leafFill` runs from the first `count` runs of `flat`, in one buffer. */
function cutLeaves(flat: ArrayLike<number>, count: number, sizes: LeafSizes): Leaf[] {
  if (count === 0) return [];
  const { leafMax, leafFill } = sizes;
  const per = count <= leafMax ? 1 : Math.ceil(count / leafFill);
  const most = Math.ceil(count / per);
  const cap = 3 * (Math.max(most, leafMax) + SLACK);
  const buffer = new ArrayBuffer(per * cap * 4);
  const leaves: Leaf[] = [];
  const typed = flat instanceof Uint32Array ? flat : undefined;
  for (let b = 0; b < per; b++) {
    const from = Math.floor((b * count) / per);
    const to = Math.floor(((b + 1) * count) / per);
    const r = new Uint32Array(buffer, b * cap * 4, cap);
    let total = 0;
    if (typed) r.set(typed.subarray(3 * from, 3 * to));
    else for (let k = 3 * from; k < 3 * to; k++) r[k - 3 * from] = flat[k];
    for (let k = 0; k < to - from; k++) total += r[3 * k];
    leaves.push({ r, n: to - from, total });
  }
  return leaves;
}

export class RunStore {
  private leaves: Leaf[] = [];
  /** Fenwick tree over the leaf totals. */
  private readonly index = new LengthIndex();
  private size = 0;
  private runs = 0;

  constructor(
    triples: Iterable<RunTriple> = [],
    private readonly sizes: LeafSizes = DEFAULT_LEAF_SIZES,
  ) {
    const flat: number[] = [];
    for (const [l, o, i] of triples) {
      if (l <= 0) continue;
      const w = flat.length;
      if (w > 0 && flat[w - 2] === o && flat[w - 1] === i) flat[w - 3] += l;
      else flat.push(l, o, i);
    }
    this.reset(cutLeaves(flat, flat.length / 3, sizes), flat.length / 3);
  }

  /**
   * A store from the first `count` runs of `flat` (length, originId, insertionId, length, …),
   * already merged (no two neighbours equal) and of positive lengths.
   */
  static fromMerged(flat: ArrayLike<number>, count: number, sizes: LeafSizes = DEFAULT_LEAF_SIZES): RunStore {
    const store = new RunStore([], sizes);
    store.reset(cutLeaves(flat, count, sizes), count);
    return store;
  }

  private reset(leaves: Leaf[], runs: number): void {
    this.leaves = leaves;
    let size = 0;
    for (const leaf of leaves) size += leaf.total;
    this.size = size;
    this.runs = runs;
    this.rebuild();
  }

  private rebuild(): void {
    const leaves = this.leaves;
    this.index.rebuild(leaves.length, (i) => leaves[i].total);
  }

  private add(leaf: number, delta: number): void {
    this.index.add(leaf, delta);
  }

  /** Where `locate` and `find` leave their answer (no tuple per call on the edit path). */
  private atLeaf = 0;
  private atStart = 0;
  private atIndex = 0;
  private atRunStart = 0;

  /** Sets `atLeaf` to the leaf holding `offset` (the first ending after it, else the last) and `atStart` to its start. */
  private locate(offset: number): void {
    const index = this.index;
    index.find(offset);
    this.atLeaf = index.piece;
    this.atStart = index.pieceStart;
  }


  /**
   * Sets `atLeaf`, `atIndex`, `atRunStart` to the run holding `offset`. At the end of the
   * text: the last leaf, its run count and the text length. The store must not be empty.
   */
  private find(offset: number): void {
    this.locate(offset);
    const leaf = this.leaves[this.atLeaf];
    const r = leaf.r;
    let acc = this.atStart;
    let i = 0;
    for (; i < leaf.n; i++) {
      const end = acc + r[3 * i];
      if (offset < end) break;
      acc = end;
    }
    this.atIndex = i;
    this.atRunStart = acc;
  }

  /** The sum of the run lengths (the text length). */
  get total(): number {
    return this.size;
  }

  /** Number of runs (after merging). */
  get count(): number {
    return this.runs;
  }

  /**
   * Replaces the runs over `[start, end)` with `triples` (placed at `start`), merging equal
   * neighbours, and returns the runs that were removed, clipped to the range.
   * The caller keeps `0 <= start <= end <= total`.
   */
  replace(start: number, end: number, triples: readonly RunTriple[]): RunTriple[] {
    const removed = end > start ? this.remove(start, end) : [];
    let inserted = 0;
    for (const t of triples) if (t[0] > 0) inserted += t[0];
    if (inserted > 0) {
      this.insert(start, triples, inserted);
      // The inserted runs may have grown the run before them into an equal run after them.
      if (removed.length > 0) this.mergeAt(start + inserted);
    } else if (removed.length > 0) this.mergeAt(start);
    return removed;
  }

  /**
   * Inserts one run of `len` characters at `offset`: the same as
   * `replace(offset, offset, [[len, originId, insertionId]])`, with one descent of the tree
   * and no allocation unless a leaf must grow or split (the typing path).
   */
  insertOne(offset: number, len: number, originId: number, insertionId: number): void {
    if (len <= 0) return;
    if (this.leaves.length === 0) {
      this.reset(cutLeaves([len, originId, insertionId], 1, this.sizes), 1);
      return;
    }
    this.find(offset);
    const b = this.atLeaf;
    const rs = this.atRunStart;
    const i = this.atIndex;
    const leaf = this.leaves[b];
    let r = leaf.r;
    const n = leaf.n;
    // Inside, at the end of, or at the start of a run of the same origin and insertion: it just grows.
    if (i < n && r[3 * i + 1] === originId && r[3 * i + 2] === insertionId) return this.grow(b, i, len);
    if (rs === offset) {
      if (i > 0 && r[3 * i - 2] === originId && r[3 * i - 1] === insertionId) return this.grow(b, i - 1, len);
      if (i === 0 && b > 0) {
        const prev = this.leaves[b - 1];
        const p = 3 * prev.n;
        if (prev.r[p - 2] === originId && prev.r[p - 1] === insertionId) return this.grow(b - 1, prev.n - 1, len);
      }
    }
    const split = i < n && rs < offset;
    const k = split ? 2 : 1;
    if (3 * (n + k) > r.length) {
      const wider = new Uint32Array(3 * (Math.max(n, this.sizes.leafMax) + SLACK + k));
      wider.set(r.subarray(0, 3 * n));
      leaf.r = r = wider;
    }
    const at = 3 * i;
    if (split) {
      // The new run goes between the two halves of the run it lands in, and merges with neither.
      const head = offset - rs;
      const tail = r[at] - head;
      r.copyWithin(at + 9, at + 3, 3 * n);
      r[at] = head;
      r[at + 3] = len;
      r[at + 4] = originId;
      r[at + 5] = insertionId;
      r[at + 6] = tail;
      r[at + 7] = r[at + 1];
      r[at + 8] = r[at + 2];
    } else {
      // At a run boundary: both neighbours differ from it (checked above), so nothing merges.
      r.copyWithin(at + 3, at, 3 * n);
      r[at] = len;
      r[at + 1] = originId;
      r[at + 2] = insertionId;
    }
    leaf.n = n + k;
    leaf.total += len;
    this.size += len;
    this.runs += k;
    if (leaf.n > this.sizes.leafMax) {
      this.leaves.splice(b, 1, ...cutLeaves(leaf.r, leaf.n, this.sizes));
      this.rebuild();
    } else this.add(b, len);
  }

  /** Removes run `i` of a leaf (not its total). */
  private static cut(leaf: Leaf, i: number): void {
    leaf.r.copyWithin(3 * i, 3 * i + 3, 3 * leaf.n);
    leaf.n--;
  }

  private remove(start: number, end: number): RunTriple[] {
    const removed: RunTriple[] = [];
    this.find(start);
    let b = this.atLeaf;
    let i = this.atIndex;
    let into = start - this.atRunStart;
    let remaining = end - start;
    let emptied = false;
    while (remaining > 0 && b < this.leaves.length) {
      const leaf = this.leaves[b];
      if (i >= leaf.n) {
        b++;
        i = 0;
        into = 0;
        continue;
      }
      const r = leaf.r;
      const len = r[3 * i];
      const take = Math.min(len - into, remaining);
      removed.push([take, r[3 * i + 1], r[3 * i + 2]]);
      if (take === len) {
        RunStore.cut(leaf, i);
        this.runs--;
      } else {
        // Cutting the middle or one end of a run leaves one run.
        r[3 * i] = len - take;
        i++;
      }
      into = 0;
      leaf.total -= take;
      this.add(b, -take);
      this.size -= take;
      remaining -= take;
      if (leaf.n === 0) emptied = true;
    }
    if (emptied) {
      this.leaves = this.leaves.filter((leaf) => leaf.n > 0);
      this.rebuild();
    }
    return removed;
  }

  private insert(offset: number, triples: readonly RunTriple[], inserted: number): void {
    if (this.leaves.length === 0) {
      const store = new RunStore(triples, this.sizes);
      this.reset(store.leaves, store.runs);
      return;
    }
    this.find(offset);
    const b = this.atLeaf;
    const rs = this.atRunStart;
    let i = this.atIndex;
    const leaf = this.leaves[b];
    const r = leaf.r;
    if (triples.length === 1) {
      const org = triples[0][1];
      const ins = triples[0][2];
      // Inside, or at the end of, a run of the same origin and insertion: it just grows.
      if (rs < offset && r[3 * i + 1] === org && r[3 * i + 2] === ins) return this.grow(b, i, inserted);
      if (rs === offset) {
        if (i > 0 && r[3 * i - 2] === org && r[3 * i - 1] === ins) return this.grow(b, i - 1, inserted);
        if (i === 0 && b > 0) {
          const prev = this.leaves[b - 1];
          const p = 3 * prev.n;
          if (prev.r[p - 2] === org && prev.r[p - 1] === ins) return this.grow(b - 1, prev.n - 1, inserted);
        }
      }
    }
    const add: number[] = [];
    for (const [l, o, id] of triples) {
      if (l <= 0) continue;
      const w = add.length;
      if (w > 0 && add[w - 2] === o && add[w - 1] === id) add[w - 3] += l;
      else add.push(l, o, id);
    }
    const split = i < leaf.n && rs < offset;
    if (split) {
      // Split the run at `offset`; the new runs go between its halves.
      const head = offset - rs;
      add.push(r[3 * i] - head, r[3 * i + 1], r[3 * i + 2]);
      r[3 * i] = head;
      i++;
    }
    const k = add.length / 3;
    this.size += inserted;
    this.runs += k;
    if (leaf.n + k <= r.length / 3) {
      r.copyWithin(3 * (i + k), 3 * i, 3 * leaf.n);
      for (let j = 0; j < add.length; j++) r[3 * i + j] = add[j];
      leaf.n += k;
      leaf.total += inserted;
    } else {
      // Too many runs for the leaf's room: lay them out afresh.
      const flat = [...r.subarray(0, 3 * i), ...add, ...r.subarray(3 * i, 3 * leaf.n)];
      leaf.n += k;
      leaf.r = new Uint32Array(flat);
      leaf.total += inserted;
    }
    if (leaf.n > this.sizes.leafMax) {
      this.leaves.splice(b, 1, ...cutLeaves(leaf.r, leaf.n, this.sizes));
      this.rebuild();
    } else this.add(b, inserted);
    // One run put inside another (and not equal to it, or it would have grown) merges with
    // neither half; otherwise the edges may meet equal runs.
    if (split && triples.length === 1) return;
    this.mergeAt(offset + inserted);
    if (!(triples.length === 1 && !split)) this.mergeAt(offset);
  }

  private grow(b: number, i: number, by: number): void {
    const leaf = this.leaves[b];
    leaf.r[3 * i] += by;
    leaf.total += by;
    this.add(b, by);
    this.size += by;
  }

  /** Merges the run ending at `offset` with the run starting there when they are equal. */
  private mergeAt(offset: number): void {
    if (offset <= 0 || offset >= this.size) return;
    this.find(offset);
    const b = this.atLeaf;
    const i = this.atIndex;
    if (this.atRunStart !== offset) return;
    const leaf = this.leaves[b];
    let pb = b;
    let pi = i - 1;
    if (pi < 0) {
      if (b === 0) return;
      pb = b - 1;
      pi = this.leaves[pb].n - 1;
    }
    const prev = this.leaves[pb];
    if (prev.r[3 * pi + 1] !== leaf.r[3 * i + 1] || prev.r[3 * pi + 2] !== leaf.r[3 * i + 2]) return;
    const len = leaf.r[3 * i];
    prev.r[3 * pi] += len;
    prev.total += len;
    RunStore.cut(leaf, i);
    leaf.total -= len;
    this.runs--;
    if (pb !== b) {
      if (leaf.n === 0) {
        this.leaves.splice(b, 1);
        this.rebuild();
      } else {
        this.add(pb, len);
        this.add(b, -len);
      }
    }
  }

  /** The runs over `[start, end)`, clipped, as `(start, end, originId, insertionId)`. */
  forEach(start: number, end: number, fn: (runStart: number, runEnd: number, originId: number, insertionId: number) => void): void {
    if (end <= start || this.leaves.length === 0) return;
    const leaves = this.leaves;
    this.locate(start);
    let b = this.atLeaf;
    let acc = this.atStart;
    for (; b < leaves.length && acc < end; b++) {
      const leaf = leaves[b];
      const r = leaf.r;
      let pos = acc;
      for (let i = 0; i < leaf.n && pos < end; i++) {
        const runEnd = pos + r[3 * i];
        if (runEnd > start) fn(pos > start ? pos : start, runEnd < end ? runEnd : end, r[3 * i + 1], r[3 * i + 2]);
        pos = runEnd;
      }
      acc += leaf.total;
    }
  }

  /** Every run in text order as parallel arrays (copies). */
  arrays(): { len: number[]; org: number[]; ins: number[] } {
    const len: number[] = [];
    const org: number[] = [];
    const ins: number[] = [];
    for (const leaf of this.leaves) {
      const r = leaf.r;
      for (let i = 0; i < leaf.n; i++) {
        len.push(r[3 * i]);
        org.push(r[3 * i + 1]);
        ins.push(r[3 * i + 2]);
      }
    }
    return { len, org, ins };
  }

  /** The runs over `[start, end)` as triples, clipped. */
  slice(start: number, end: number): RunTriple[] {
    const out: RunTriple[] = [];
    this.forEach(start, end, (s, e, org, ins) => out.push([e - s, org, ins]));
    return out;
  }

  /** The whole run (not clipped) that contains `offset`, or undefined past the end. */
  runAt(offset: number): { start: number; end: number; originId: number; insertionId: number } | undefined {
    if (!(offset >= 0 && offset < this.size)) return undefined;
    this.find(offset);
    const r = this.leaves[this.atLeaf].r;
    const i = this.atIndex;
    const rs = this.atRunStart;
    return { start: rs, end: rs + r[3 * i], originId: r[3 * i + 1], insertionId: r[3 * i + 2] };
  }
}
