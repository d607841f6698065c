/**
 * The ledger's text, kept as a list of chunks of at most 512 UTF-16 code units with a
 * Fenwick tree over their lengths, so an edit finds its chunk in O(log chunks) and rewrites
 * one chunk (rarely two) instead of the whole script. The full string is joined lazily and
 * cached until the next edit.
 */
const MAX = 512;
const MIN = 64;

function cut(text: string): string[] {
  if (text.length === 0) return [];
  if (text.length <= MAX) return [text];
  const count = Math.ceil(text.length / (MAX >> 1));
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    out.push(text.slice(Math.floor((c * text.length) / count), Math.floor(((c + 1) * text.length) / count)));
  }
  return out;
}

export class TextStore {
  private chunks: string[];
  private size: number;
  private joined: string | undefined;
  /** Fenwick tree (1-based) over the chunk lengths. */
  private tree = new Float64Array(1);
  private topBit = 0;

  constructor(text: string) {
    this.chunks = cut(text);
    this.size = text.length;
    this.joined = text;
    this.rebuild();
  }

  private rebuild(): void {
    const chunks = this.chunks;
    const n = chunks.length;
    const tree = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i] += chunks[i - 1].length;
      const j = i + (i & -i);
      if (j <= n) tree[j] += tree[i];
    }
    this.tree = tree;
    let bit = 1;
    while (bit * 2 <= n) bit *= 2;
    this.topBit = n > 0 ? bit : 0;
  }

  /** The chunk holding `offset` (the first ending after it, else the last) and its start. */
  private seek(offset: number): [number, number] {
    const tree = this.tree;
    const n = this.chunks.length;
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
      return [pos, this.size - this.chunks[pos].length];
    }
    return [pos, offset - rem];
  }

  get length(): number {
    return this.size;
  }

  /** The whole text (joined once per change). */
  get text(): string {
    if (this.joined === undefined) this.joined = this.chunks.join('');
    return this.joined;
  }

  /** The text of `[start, end)`; the caller keeps `0 <= start <= end <= length`. */
  slice(start: number, end: number): string {
    if (end <= start) return '';
    if (this.joined !== undefined) return this.joined.slice(start, end);
    const parts: string[] = [];
    let [c, acc] = this.seek(start);
    for (; c < this.chunks.length && acc < end; c++) {
      const chunk = this.chunks[c];
      parts.push(chunk.slice(Math.max(0, start - acc), Math.min(chunk.length, end - acc)));
      acc += chunk.length;
    }
    return parts.join('');
  }

  /** Replaces `[start, end)` with `insert` and returns the text that was there. */
  replace(start: number, end: number, insert: string): string {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      this.chunks = cut(insert);
      this.size = insert.length;
      this.joined = undefined;
      this.rebuild();
      return '';
    }
    const [c0, acc0] = this.seek(start);
    const first = chunks[c0];
    const s = start - acc0;
    const e = end - acc0;
    this.joined = undefined;
    const grown = first.length - (e - s) + insert.length;
    if (e <= first.length && grown <= MAX && (grown >= MIN || grown >= first.length)) {
      // The common case: the edit stays inside one chunk, which keeps a fair size.
      const removed = e > s ? first.slice(s, e) : '';
      chunks[c0] = first.slice(0, s) + insert + first.slice(e);
      const delta = insert.length - removed.length;
      this.size += delta;
      if (delta !== 0) for (let i = c0 + 1, n = chunks.length; i <= n; i += i & -i) this.tree[i] += delta;
      return removed;
    }
    let c1 = c0;
    let acc1 = acc0;
    while (c1 < chunks.length - 1 && acc1 + chunks[c1].length < end) acc1 += chunks[c1++].length;
    let combined = c0 === c1 ? first : chunks.slice(c0, c1 + 1).join('');
    const removed = combined.slice(s, e);
    combined = combined.slice(0, s) + insert + combined.slice(e);
    let hi = c1;
    if (combined.length < MIN && hi + 1 < chunks.length) combined += chunks[++hi];
    chunks.splice(c0, hi - c0 + 1, ...cut(combined));
    this.size += insert.length - removed.length;
    this.rebuild();
    return removed;
  }
}
