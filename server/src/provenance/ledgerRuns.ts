/**
 * The ledger's run store: the partition of the text into runs, kept as a list of blocks of
 * about 64 runs, each block with the sum of its lengths. Finding an offset walks the block
 * sums (one number per 64 runs); an edit rewrites only the blocks it touches and their two
 * neighbours, so its cost does not grow with the script's history.
 * Adjacent runs with the same origin and insertion are always merged, within a block and
 * across block boundaries (an edit rewrites its blocks together with both neighbours).
 */

/** `[length, originId, insertionId]`, the run form used in snapshots. */
export type RunTriple = [number, number, number];

const BLOCK = 64;

interface Block {
  len: number[];
  org: number[];
  ins: number[];
  total: number;
}

function pushRun(block: Block, len: number, org: number, ins: number): void {
  if (len <= 0) return;
  const last = block.len.length - 1;
  if (last >= 0 && block.org[last] === org && block.ins[last] === ins) block.len[last] += len;
  else {
    block.len.push(len);
    block.org.push(org);
    block.ins.push(ins);
  }
  block.total += len;
}

function emptyBlock(): Block {
  return { len: [], org: [], ins: [], total: 0 };
}

/** Cuts a merged flat block into blocks of about BLOCK runs. */
function chunk(flat: Block): Block[] {
  const n = flat.len.length;
  if (n === 0) return [];
  if (n <= BLOCK + (BLOCK >> 1)) return [flat];
  const count = Math.round(n / BLOCK);
  const out: Block[] = [];
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    const len = flat.len.slice(from, to);
    let total = 0;
    for (const l of len) total += l;
    out.push({ len, org: flat.org.slice(from, to), ins: flat.ins.slice(from, to), total });
  }
  return out;
}

export class RunStore {
  private blocks: Block[];
  private size = 0;
  /** A block index and its start offset, kept from the last edit: edits cluster. */
  private hintIndex = 0;
  private hintStart = 0;

  constructor(triples: Iterable<RunTriple> = []) {
    const flat = emptyBlock();
    for (const [len, org, ins] of triples) pushRun(flat, len, org, ins);
    this.blocks = chunk(flat);
    this.size = flat.total;
  }

  /**
   * The block holding `offset` (the first block ending after it, else the last block) and
   * its start, walking from the last place looked at.
   */
  private seek(offset: number): [number, number] {
    const blocks = this.blocks;
    let b = this.hintIndex < blocks.length ? this.hintIndex : 0;
    let acc = b === this.hintIndex ? this.hintStart : 0;
    while (b > 0 && acc > offset) acc -= blocks[--b].total;
    while (b < blocks.length - 1 && acc + blocks[b].total <= offset) acc += blocks[b++].total;
    this.hintIndex = b;
    this.hintStart = acc;
    return [b, acc];
  }

  /** The sum of the run lengths (the text length). */
  get total(): number {
    return this.size;
  }

  /** Number of runs (after merging). */
  get count(): number {
    let n = 0;
    for (const b of this.blocks) n += b.len.length;
    return n;
  }

  /**
   * Replaces the runs over `[start, end)` with `triples` (placed at `start`), merging equal
   * neighbours, and returns the runs that were removed, clipped to the range.
   * The caller keeps `0 <= start <= end <= total`.
   */
  replace(start: number, end: number, triples: readonly RunTriple[]): RunTriple[] {
    const removed: RunTriple[] = [];
    if (start === end && start > 0 && triples.length === 1 && this.grow(start, triples[0])) return removed;
    const blocks = this.blocks;
    if (blocks.length === 0) {
      const flat = emptyBlock();
      for (const [len, org, ins] of triples) pushRun(flat, len, org, ins);
      this.blocks = chunk(flat);
      this.size = flat.total;
      return removed;
    }
    const [bi0, acc0] = this.seek(start);
    let bi1 = bi0;
    let acc1 = acc0;
    while (bi1 < blocks.length - 1 && acc1 + blocks[bi1].total < end) acc1 += blocks[bi1++].total;
    const lo = bi0 > 0 ? bi0 - 1 : 0;
    const hi = bi1 < blocks.length - 1 ? bi1 + 1 : bi1;
    const base = lo < bi0 ? acc0 - blocks[lo].total : acc0;
    const s = start - base;
    const e = end - base;
    const flat = emptyBlock();
    let pos = 0;
    let placed = false;
    const place = (): void => {
      for (const [len, org, ins] of triples) pushRun(flat, len, org, ins);
      placed = true;
    };
    for (let b = lo; b <= hi; b++) {
      const block = blocks[b];
      for (let r = 0; r < block.len.length; r++) {
        const len = block.len[r];
        const org = block.org[r];
        const ins = block.ins[r];
        const runEnd = pos + len;
        if (runEnd <= s || pos >= e) {
          if (!placed && pos >= s) place();
          pushRun(flat, len, org, ins);
        } else {
          if (pos < s) pushRun(flat, s - pos, org, ins);
          const cutFrom = Math.max(pos, s);
          const cutTo = Math.min(runEnd, e);
          if (cutTo > cutFrom) removed.push([cutTo - cutFrom, org, ins]);
          if (!placed) place();
          if (runEnd > e) pushRun(flat, runEnd - e, org, ins);
        }
        pos = runEnd;
      }
    }
    if (!placed) place();
    let insertedTotal = 0;
    for (const t of triples) if (t[0] > 0) insertedTotal += t[0];
    let removedTotal = 0;
    for (const t of removed) removedTotal += t[0];
    blocks.splice(lo, hi - lo + 1, ...chunk(flat));
    this.size += insertedTotal - removedTotal;
    // Blocks before `lo` did not move, so `lo` still starts at `base`.
    this.hintIndex = lo < blocks.length ? lo : 0;
    this.hintStart = lo < blocks.length ? base : 0;
    return removed;
  }

  /** Typing at the end of a run of the same origin and insertion just lengthens that run. */
  private grow(offset: number, [len, org, ins]: RunTriple): boolean {
    const [b, start] = this.seek(offset - 1);
    const block = this.blocks[b];
    let acc = start;
    for (let r = 0; r < block.len.length; r++) {
      acc += block.len[r];
      if (acc < offset) continue;
      if (acc !== offset || block.org[r] !== org || block.ins[r] !== ins) return false;
      block.len[r] += len;
      block.total += len;
      this.size += len;
      return true;
    }
    return false;
  }

  /** The runs over `[start, end)`, clipped, as `(start, end, originId, insertionId)`. */
  forEach(start: number, end: number, fn: (runStart: number, runEnd: number, originId: number, insertionId: number) => void): void {
    if (end <= start || this.blocks.length === 0) return;
    const blocks = this.blocks;
    let [b, acc] = this.seek(start);
    for (; b < blocks.length && acc < end; b++) {
      const block = blocks[b];
      let pos = acc;
      for (let r = 0; r < block.len.length && pos < end; r++) {
        const runEnd = pos + block.len[r];
        if (runEnd > start) fn(Math.max(pos, start), Math.min(runEnd, end), block.org[r], block.ins[r]);
        pos = runEnd;
      }
      acc += block.total;
    }
  }

  /** The runs over `[start, end)` as triples, clipped. */
  slice(start: number, end: number): RunTriple[] {
    const out: RunTriple[] = [];
    this.forEach(start, end, (s, e, org, ins) => out.push([e - s, org, ins]));
    return out;
  }

  /** The whole run (not clipped) that contains `offset`, or undefined past the end. */
  runAt(offset: number): { start: number; end: number; originId: number; insertionId: number } | undefined {
    if (offset < 0 || offset >= this.size) return undefined;
    const [b, start] = this.seek(offset);
    const block = this.blocks[b];
    let acc = start;
    for (let r = 0; r < block.len.length; r++) {
      const runEnd = acc + block.len[r];
      if (offset < runEnd) return { start: acc, end: runEnd, originId: block.org[r], insertionId: block.ins[r] };
      acc = runEnd;
    }
    return undefined;
  }
}
