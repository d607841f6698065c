/**
 * The ledger's text, kept as a list of chunks of at most 512 UTF-16 code units with a
 * Fenwick tree over their lengths, so an edit finds its chunk in O(log chunks) and rewrites
 * one chunk (rarely two) instead of the whole script. A chunk is a fixed-size array of code
 * units edited in place, so a keystroke builds no string; the full string is decoded lazily
 * and cached until the next edit.
 */
import { endianness } from 'node:os';
import { LengthIndex } from './lengthIndex';

const MAX = 512;
const MIN = 64;
/** Decoding a chunk's memory as UTF-16LE is only right on a little-endian machine. */
const LITTLE = endianness() === 'LE';

/**
 * A whole text is cut into chunks this full: room for a line or two of typing before a chunk
 * splits, and little idle room (chunks of MAX / 2 held a 10 MB script in 40 MB, these in 22 MB).
 */
const FILL = MAX - 32;

/** Where each chunk of `length` code units starts when cut into pieces of about `piece` (MAX / 2 after a split). */
function cutPoints(length: number, piece = MAX >> 1): number[] {
  if (length === 0) return [0];
  if (length <= MAX) return [0, length];
  const count = Math.ceil(length / piece);
  const out: number[] = [];
  for (let c = 0; c <= count; c++) out.push(Math.floor((c * length) / count));
  return out;
}

/** Code units `[from, to)` of `a` as a string. */
function decode(a: Uint16Array, from: number, to: number): string {
  const n = to - from;
  if (n <= 0) return '';
  if (n === 1) return String.fromCharCode(a[from]);
  if (n <= 16 || !LITTLE) {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(a[i]);
    return s;
  }
  return Buffer.from(a.buffer, a.byteOffset + 2 * from, 2 * n).toString('utf16le');
}

export class TextStore {
  private chunks: Uint16Array[] = [];
  private lens: number[] = [];
  private size = 0;
  private joined: string | undefined;
  /** Fenwick tree over the chunk lengths. */
  private readonly index = new LengthIndex();
  private atChunk = 0;
  private atStart = 0;

  constructor(text: string) {
    this.fill(text, 0, 0);
    this.joined = text;
  }

  /** Replaces chunks `[from, to)` with chunks holding `text`, and rebuilds the tree. */
  private fill(text: string, from: number, to: number): void {
    const points = cutPoints(text.length, FILL);
    const count = points.length - 1;
    const chunks: Uint16Array[] = [];
    const lens: number[] = [];
    if (count > 0) {
      const buffer = new ArrayBuffer(count * MAX * 2);
      for (let c = 0; c < count; c++) {
        const a = new Uint16Array(buffer, c * MAX * 2, MAX);
        const s = points[c];
        const e = points[c + 1];
        for (let i = s; i < e; i++) a[i - s] = text.charCodeAt(i);
        chunks.push(a);
        lens.push(e - s);
      }
    }
    this.chunks = replaceRange(this.chunks, from, to, chunks);
    this.lens = replaceRange(this.lens, from, to, lens);
    this.rebuild();
  }

  private rebuild(): void {
    const lens = this.lens;
    let size = 0;
    for (const len of lens) size += len;
    this.size = size;
    this.index.rebuild(lens.length, (i) => lens[i]);
  }


  /** Sets `atChunk` to the chunk holding `offset` (the first ending after it, else the last) and `atStart` to its start. */
  private seek(offset: number): void {
    const index = this.index;
    index.find(offset);
    this.atChunk = index.piece;
    this.atStart = index.pieceStart;
  }


  get length(): number {
    return this.size;
  }

  /** The whole text (decoded once per change). */
  get text(): string {
    if (this.joined === undefined) this.joined = this.sliceChunks(0, this.size);
    return this.joined;
  }

  /**
   * Calls `fn` with the whole text in consecutive pieces of at most about `size` code units,
   * never splitting a surrogate pair, so each piece encodes to UTF-8 as it does within the
   * whole (a lone surrogate stays lone). Builds no whole-text string.
   */
  forEachPiece(size: number, fn: (piece: string) => void): void {
    if (this.joined !== undefined && this.joined.length <= size) {
      if (this.joined.length > 0) fn(this.joined);
      return;
    }
    let at = 0;
    const total = this.size;
    while (at < total) {
      let end = Math.min(total, at + size);
      let piece = this.slice(at, end);
      const last = piece.charCodeAt(piece.length - 1);
      // A high surrogate at the cut goes with the next piece, where its low half may be.
      if (end < total && piece.length > 1 && last >= 0xd800 && last <= 0xdbff) {
        piece = piece.slice(0, -1);
        end--;
      }
      fn(piece);
      at = end;
    }
  }

  /** The text of `[start, end)`; the caller keeps `0 <= start <= end <= length`. */
  slice(start: number, end: number): string {
    if (end <= start) return '';
    if (this.joined !== undefined) return this.joined.slice(start, end);
    return this.sliceChunks(start, end);
  }

  private sliceChunks(start: number, end: number): string {
    if (end <= start) return '';
    this.seek(start);
    let c = this.atChunk;
    let acc = this.atStart;
    const chunks = this.chunks;
    const lens = this.lens;
    if (acc + lens[c] >= end) return decode(chunks[c], start - acc, end - acc);
    if (!LITTLE) {
      let s = '';
      for (; c < chunks.length && acc < end; c++) {
        s += decode(chunks[c], Math.max(0, start - acc), Math.min(lens[c], end - acc));
        acc += lens[c];
      }
      return s;
    }
    const out = new Uint16Array(end - start);
    let w = 0;
    for (; c < chunks.length && acc < end; c++) {
      const from = Math.max(0, start - acc);
      const to = Math.min(lens[c], end - acc);
      out.set(chunks[c].subarray(from, to), w);
      w += to - from;
      acc += lens[c];
    }
    return Buffer.from(out.buffer, 0, 2 * w).toString('utf16le');
  }

  /** Replaces `[start, end)` with `insert` and returns the text that was there. */
  replace(start: number, end: number, insert: string): string {
    const lens = this.lens;
    if (lens.length === 0) {
      this.fill(insert, 0, 0);
      this.joined = undefined;
      return '';
    }
    this.seek(start);
    const c0 = this.atChunk;
    const acc0 = this.atStart;
    const n0 = lens[c0];
    const s = start - acc0;
    const e = end - acc0;
    const k = insert.length;
    const grown = n0 - (e - s) + k;
    if (e <= n0 && grown <= MAX && (grown >= MIN || grown >= n0)) {
      // The common case: the edit stays inside one chunk, which keeps a fair size.
      this.joined = undefined;
      const a = this.chunks[c0];
      const removed = e > s ? decode(a, s, e) : '';
      if (e - s !== k && e < n0) a.copyWithin(s + k, e, n0);
      for (let i = 0; i < k; i++) a[s + i] = insert.charCodeAt(i);
      const delta = k - (e - s);
      if (delta !== 0) {
        lens[c0] = grown;
        this.size += delta;
        this.index.add(c0, delta);
      }
      return removed;
    }
    // An edit across chunks, or one that would overfill or starve its chunk: the chunks it
    // touches (and a neighbour, for a chunk left too small) are laid out afresh.
    let c1 = c0;
    let acc1 = acc0;
    while (c1 < lens.length - 1 && acc1 + lens[c1] < end) acc1 += lens[c1++];
    const chunks = this.chunks;
    const spanEnd = acc1 + lens[c1];
    let hi = c1;
    const combinedLength = spanEnd - acc0 - (e - s) + k;
    if (combinedLength < MIN && hi + 1 < lens.length) hi++;
    const total = combinedLength + (hi > c1 ? lens[hi] : 0);
    const span = new Uint16Array(spanEnd - acc0);
    let w = 0;
    for (let c = c0; c <= c1; c++) {
      span.set(chunks[c].subarray(0, lens[c]), w);
      w += lens[c];
    }
    const removed = decode(span, s, e);
    const units = new Uint16Array(total);
    units.set(span.subarray(0, s));
    for (let i = 0; i < k; i++) units[s + i] = insert.charCodeAt(i);
    units.set(span.subarray(e), s + k);
    if (hi > c1) units.set(chunks[hi].subarray(0, lens[hi]), combinedLength);
    this.joined = undefined;
    this.fillUnits(units, c0, hi + 1);
    return removed;
  }

  /** Replaces chunks `[from, to)` with chunks holding `units`, reusing their arrays, and rebuilds the tree. */
  private fillUnits(units: Uint16Array, from: number, to: number): void {
    const points = cutPoints(units.length);
    const count = points.length - 1;
    const chunks: Uint16Array[] = [];
    const lens: number[] = [];
    for (let c = 0; c < count; c++) {
      const a = from + c < to ? this.chunks[from + c] : new Uint16Array(MAX);
      a.set(units.subarray(points[c], points[c + 1]));
      chunks.push(a);
      lens.push(points[c + 1] - points[c]);
    }
    this.chunks = replaceRange(this.chunks, from, to, chunks);
    this.lens = replaceRange(this.lens, from, to, lens);
    this.rebuild();
  }
}

/**
 * `items` in place of `list[from, to)`. Not `splice(from, n, ...items)`: spreading the chunks of a
 * script of tens of megabytes as arguments overflows the call stack.
 */
function replaceRange<T>(list: T[], from: number, to: number, items: T[]): T[] {
  if (items.length < 1024) {
    list.splice(from, to - from, ...items);
    return list;
  }
  const out = list.slice(0, from);
  for (const item of items) out.push(item);
  for (let i = to; i < list.length; i++) out.push(list[i]);
  return out;
}
