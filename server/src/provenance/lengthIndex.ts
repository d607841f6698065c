/**
 * A Fenwick tree over the lengths of consecutive pieces (the ledger's run leaves, the text's
 * chunks): finds the piece holding an offset and changes one piece's length in O(log pieces).
 */
export class LengthIndex {
  /** 1-based tree over the lengths. */
  private tree = new Float64Array(1);
  private count = 0;
  /** Highest power of two not above the piece count, for the descent. */
  private topBit = 0;
  /** Where {@link find} leaves its answer (no tuple per call on the edit path). */
  piece = 0;
  pieceStart = 0;

  /** Rebuilds over `count` pieces whose lengths `lengthOf` gives. */
  rebuild(count: number, lengthOf: (piece: number) => number): void {
    // The tree keeps its room between rebuilds: a split adds one entry, and allocating anew
    // each time cost more than the rebuild itself.
    let tree = this.tree;
    if (tree.length < count + 1) tree = new Float64Array(count + 1 + (count >> 2) + 16);
    else tree.fill(0, 0, count + 1);
    for (let i = 1; i <= count; i++) {
      tree[i] += lengthOf(i - 1);
      const j = i + (i & -i);
      if (j <= count) tree[j] += tree[i];
    }
    this.tree = tree;
    this.count = count;
    let bit = 1;
    while (bit * 2 <= count) bit *= 2;
    this.topBit = count > 0 ? bit : 0;
  }

  /** Adds `delta` to the length of `piece`. */
  add(piece: number, delta: number): void {
    const tree = this.tree;
    const count = this.count;
    for (let i = piece + 1; i <= count; i += i & -i) tree[i] += delta;
  }

  /**
   * Sets `piece` to the piece holding `offset` (the first ending after it; past the end, the
   * last piece) and `pieceStart` to its start. There must be at least one piece.
   */
  find(offset: number): void {
    const tree = this.tree;
    const count = this.count;
    let pos = 0;
    let rem = offset;
    for (let step = this.topBit; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= count && tree[next] <= rem) {
        pos = next;
        rem -= tree[next];
      }
    }
    if (pos < count) {
      this.piece = pos;
      this.pieceStart = offset - rem;
      return;
    }
    // At or past the end: the last piece, whose start is the sum of the lengths before it.
    let start = 0;
    for (let i = count - 1; i > 0; i -= i & -i) start += tree[i];
    this.piece = count - 1;
    this.pieceStart = start;
  }
}
