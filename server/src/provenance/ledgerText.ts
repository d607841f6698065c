/**
 * The ledger's text, kept as a list of chunks of at most 2,048 UTF-16 code units so an edit
 * copies one or two chunks instead of the whole script. The full string is joined lazily
 * and cached until the next edit.
 */
const MAX = 2048;
const MIN = 256;

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
  /** A chunk index and its start offset, kept from the last edit: edits cluster. */
  private hintIndex = 0;
  private hintStart = 0;

  constructor(text: string) {
    this.chunks = cut(text);
    this.size = text.length;
    this.joined = text;
  }

  /** The chunk holding `offset` (the first ending after it, else the last) and its start. */
  private seek(offset: number): [number, number] {
    const chunks = this.chunks;
    let c = this.hintIndex < chunks.length ? this.hintIndex : 0;
    let acc = c === this.hintIndex ? this.hintStart : 0;
    while (c > 0 && acc > offset) acc -= chunks[--c].length;
    while (c < chunks.length - 1 && acc + chunks[c].length <= offset) acc += chunks[c++].length;
    this.hintIndex = c;
    this.hintStart = acc;
    return [c, acc];
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
      return '';
    }
    const [c0, acc0] = this.seek(start);
    let c1 = c0;
    let acc1 = acc0;
    while (c1 < chunks.length - 1 && acc1 + chunks[c1].length < end) acc1 += chunks[c1++].length;
    let combined = c0 === c1 ? chunks[c0] : chunks.slice(c0, c1 + 1).join('');
    const s = start - acc0;
    const e = end - acc0;
    const removed = combined.slice(s, e);
    combined = combined.slice(0, s) + insert + combined.slice(e);
    let hi = c1;
    if (combined.length < MIN && hi + 1 < chunks.length) combined += chunks[++hi];
    chunks.splice(c0, hi - c0 + 1, ...cut(combined));
    this.size += insert.length - removed.length;
    this.hintIndex = c0 < chunks.length ? c0 : 0;
    this.hintStart = c0 < chunks.length ? acc0 : 0;
    this.joined = undefined;
    return removed;
  }
}
