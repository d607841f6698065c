/**
 * The ledger's run store: the partition of the text into runs, kept in leaves of at most
 * {@link runStoreTuning}`.leafMax` runs, with a Fenwick tree over the leaf lengths. Finding an offset is a
 * descent of the tree (O(log leaves)) and a scan of one leaf; an edit changes one or two
 * leaves in place, so its cost does not grow with the script's history. The tree is rebuilt
 * (O(leaves)) only when a leaf splits or empties, about once every few dozen edits.
 * Adjacent runs with the same origin and insertion are always merged, across leaves too.
 */

/** `[length, originId, insertionId]`, the run form used in snapshots. */
export type RunTriple = [number, number, number];

/**
 * Leaf sizes: a leaf is split when it holds more than `leafMax` runs; leaves built in bulk
 * or split hold about `leafFill`. Tests shrink them to exercise leaf boundaries.
 */
export const runStoreTuning = { leafMax: 128, leafFill: 64 };

interface Leaf {
  len: number[];
  org: number[];
  ins: number[];
  total: number;
}

function leafOf(len: number[], org: number[], ins: number[]): Leaf {
  let total = 0;
  for (let i = 0; i < len.length; i++) total += len[i];
  return { len, org, ins, total };
}

/** Cuts parallel arrays into leaves of about `leafFill` runs. */
function cutLeaves(len: number[], org: number[], ins: number[]): Leaf[] {
  const n = len.length;
  if (n === 0) return [];
  if (n <= runStoreTuning.leafMax) return [leafOf(len, org, ins)];
  const count = Math.ceil(n / runStoreTuning.leafFill);
  const out: Leaf[] = [];
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    out.push(leafOf(len.slice(from, to), org.slice(from, to), ins.slice(from, to)));
  }
  return out;
}

export class RunStore {
  private leaves: Leaf[] = [];
  /** Fenwick tree (1-based) over the leaf totals. */
  private tree = new Float64Array(1);
  /** Highest power of two not above the leaf count, for the tree descent. */
  private topBit = 0;
  private size = 0;
  private runs = 0;

  constructor(triples: Iterable<RunTriple> = []) {
    const len: number[] = [];
    const org: number[] = [];
    const ins: number[] = [];
    for (const [l, o, i] of triples) {
      if (l <= 0) continue;
      const last = len.length - 1;
      if (last >= 0 && org[last] === o && ins[last] === i) len[last] += l;
      else {
        len.push(l);
        org.push(o);
        ins.push(i);
      }
    }
    this.reset(len, org, ins);
  }

  /**
   * A store from the first `count` runs of `flat` (length, originId, insertionId, length, …),
   * already merged (no two neighbours equal) and of positive lengths.
   */
  static fromMerged(flat: ArrayLike<number>, count: number): RunStore {
    const store = new RunStore();
    const leaves: Leaf[] = [];
    const per = count <= runStoreTuning.leafMax ? 1 : Math.ceil(count / runStoreTuning.leafFill);
    let size = 0;
    for (let b = 0; b < per && count > 0; b++) {
      const from = Math.floor((b * count) / per);
      const to = Math.floor(((b + 1) * count) / per);
      const l: number[] = [];
      const o: number[] = [];
      const i: number[] = [];
      let total = 0;
      for (let r = 3 * from; r < 3 * to; r += 3) {
        l.push(flat[r]);
        o.push(flat[r + 1]);
        i.push(flat[r + 2]);
        total += flat[r];
      }
      leaves.push({ len: l, org: o, ins: i, total });
      size += total;
    }
    store.leaves = leaves;
    store.size = size;
    store.runs = count;
    store.rebuild();
    return store;
  }

  private reset(len: number[], org: number[], ins: number[]): void {
    this.leaves = cutLeaves(len, org, ins);
    let size = 0;
    for (const leaf of this.leaves) size += leaf.total;
    this.size = size;
    this.runs = len.length;
    this.rebuild();
  }

  private rebuild(): void {
    const leaves = this.leaves;
    const n = leaves.length;
    const tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i] += leaves[i - 1].total;
      const j = i + (i & -i);
      if (j <= n) tree[j] += tree[i];
    }
    this.tree = tree;
    let bit = 1;
    while (bit * 2 <= n) bit *= 2;
    this.topBit = n > 0 ? bit : 0;
  }

  private add(leaf: number, delta: number): void {
    const tree = this.tree;
    const n = this.leaves.length;
    for (let i = leaf + 1; i <= n; i += i & -i) tree[i] += delta;
  }

  /** The leaf holding `offset` (the first ending after it, else the last) and its start. */
  private locate(offset: number): [number, number] {
    const tree = this.tree;
    const n = this.leaves.length;
    let pos = 0;
    let rem = offset;
    for (let step = this.topBit; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && tree[next] <= rem) {
        pos = next;
        rem -= tree[next];
      }
    }
    if (pos >= n) {
      pos = n - 1;
      return [pos, this.size - this.leaves[pos].total];
    }
    return [pos, offset - rem];
  }

  /**
   * The run holding `offset` as [leaf, index, run start]. At the end of the text: the last
   * leaf, its run count and the text length. The store must not be empty.
   */
  private find(offset: number): [number, number, number] {
    const [b, start] = this.locate(offset);
    const len = this.leaves[b].len;
    let acc = start;
    for (let r = 0; r < len.length; r++) {
      const end = acc + len[r];
      if (offset < end) return [b, r, acc];
      acc = end;
    }
    return [b, len.length, acc];
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

  private remove(start: number, end: number): RunTriple[] {
    const removed: RunTriple[] = [];
    let [b, r, rs] = this.find(start);
    let into = start - rs;
    let remaining = end - start;
    let emptied = false;
    while (remaining > 0 && b < this.leaves.length) {
      const leaf = this.leaves[b];
      if (r >= leaf.len.length) {
        b++;
        r = 0;
        into = 0;
        continue;
      }
      const len = leaf.len[r];
      const take = Math.min(len - into, remaining);
      removed.push([take, leaf.org[r], leaf.ins[r]]);
      if (take === len) {
        leaf.len.splice(r, 1);
        leaf.org.splice(r, 1);
        leaf.ins.splice(r, 1);
        this.runs--;
      } else {
        // Cutting the middle or one end of a run leaves one run.
        leaf.len[r] = len - take;
        r++;
      }
      into = 0;
      leaf.total -= take;
      this.add(b, -take);
      this.size -= take;
      remaining -= take;
      if (leaf.total === 0) emptied = true;
    }
    if (emptied) {
      this.leaves = this.leaves.filter((leaf) => leaf.total > 0);
      this.rebuild();
    }
    return removed;
  }

  private insert(offset: number, triples: readonly RunTriple[], inserted: number): void {
    if (this.leaves.length === 0) {
      const store = new RunStore(triples);
      this.leaves = store.leaves;
      this.size = store.size;
      this.runs = store.runs;
      this.rebuild();
      return;
    }
    let [b, r, rs] = this.find(offset);
    let leaf = this.leaves[b];
    if (triples.length === 1) {
      const [, org, ins] = triples[0];
      // Inside, or at the end of, a run of the same origin and insertion: it just grows.
      if (rs < offset && leaf.org[r] === org && leaf.ins[r] === ins) return this.grow(b, r, inserted);
      if (rs === offset) {
        if (r > 0 && leaf.org[r - 1] === org && leaf.ins[r - 1] === ins) return this.grow(b, r - 1, inserted);
        if (r === 0 && b > 0) {
          const prev = this.leaves[b - 1];
          const p = prev.len.length - 1;
          if (prev.org[p] === org && prev.ins[p] === ins) return this.grow(b - 1, p, inserted);
        }
      }
    }
    const len: number[] = [];
    const org: number[] = [];
    const ins: number[] = [];
    for (const [l, o, i] of triples) {
      if (l <= 0) continue;
      const last = len.length - 1;
      if (last >= 0 && org[last] === o && ins[last] === i) len[last] += l;
      else {
        len.push(l);
        org.push(o);
        ins.push(i);
      }
    }
    const split = r < leaf.len.length && rs < offset;
    if (split) {
      // Split the run at `offset`; the new runs go between its halves.
      const head = offset - rs;
      len.push(leaf.len[r] - head);
      org.push(leaf.org[r]);
      ins.push(leaf.ins[r]);
      leaf.len[r] = head;
      r++;
    }
    if (len.length === 2) {
      leaf.len.splice(r, 0, len[0], len[1]);
      leaf.org.splice(r, 0, org[0], org[1]);
      leaf.ins.splice(r, 0, ins[0], ins[1]);
    } else {
      leaf.len.splice(r, 0, ...len);
      leaf.org.splice(r, 0, ...org);
      leaf.ins.splice(r, 0, ...ins);
    }
    leaf.total += inserted;
    this.size += inserted;
    this.runs += len.length;
    if (leaf.len.length > runStoreTuning.leafMax) {
      this.leaves.splice(b, 1, ...cutLeaves(leaf.len, leaf.org, leaf.ins));
      this.rebuild();
    } else this.add(b, inserted);
    // One run put inside another (and not equal to it, or it would have grown) merges with
    // neither half; otherwise the edges may meet equal runs.
    if (split && triples.length === 1) return;
    this.mergeAt(offset + inserted);
    if (!(triples.length === 1 && !split)) this.mergeAt(offset);
  }

  private grow(b: number, r: number, by: number): void {
    this.leaves[b].len[r] += by;
    this.leaves[b].total += by;
    this.add(b, by);
    this.size += by;
  }

  /** Merges the run ending at `offset` with the run starting there when they are equal. */
  private mergeAt(offset: number): void {
    if (offset <= 0 || offset >= this.size) return;
    const [b, r, rs] = this.find(offset);
    if (rs !== offset) return;
    const leaf = this.leaves[b];
    let pb = b;
    let pr = r - 1;
    if (pr < 0) {
      if (b === 0) return;
      pb = b - 1;
      pr = this.leaves[pb].len.length - 1;
    }
    const prev = this.leaves[pb];
    if (prev.org[pr] !== leaf.org[r] || prev.ins[pr] !== leaf.ins[r]) return;
    const len = leaf.len[r];
    prev.len[pr] += len;
    prev.total += len;
    leaf.len.splice(r, 1);
    leaf.org.splice(r, 1);
    leaf.ins.splice(r, 1);
    leaf.total -= len;
    this.runs--;
    if (pb !== b) {
      if (leaf.total === 0) {
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
    let [b, acc] = this.locate(start);
    for (; b < leaves.length && acc < end; b++) {
      const leaf = leaves[b];
      let pos = acc;
      for (let r = 0; r < leaf.len.length && pos < end; r++) {
        const runEnd = pos + leaf.len[r];
        if (runEnd > start) fn(pos > start ? pos : start, runEnd < end ? runEnd : end, leaf.org[r], leaf.ins[r]);
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
      for (let r = 0; r < leaf.len.length; r++) {
        len.push(leaf.len[r]);
        org.push(leaf.org[r]);
        ins.push(leaf.ins[r]);
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
    const [b, r, rs] = this.find(offset);
    const leaf = this.leaves[b];
    return { start: rs, end: rs + leaf.len[r], originId: leaf.org[r], insertionId: leaf.ins[r] };
  }
}
