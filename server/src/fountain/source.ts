/**
 * A view of the script's lines with boneyards masked out. The scanner reads lines through it,
 * so a boneyard never looks like text and a line holding only a boneyard is blank.
 */
import type { TextRange } from './types';
import { lineEndOf } from './lines';
import { isSpace } from './text';

/** One line as the scanner sees it. */
export interface LineView {
  /** Zero-based line index. */
  index: number;
  /** Offset of the first visible code unit (after a BOM or a boneyard that covers the line's start). */
  start: number;
  /** Offset just after the last visible code unit (before the line break or a trailing boneyard). */
  end: number;
  /** The visible text, `text.slice(start, end)`, with inner boneyards replaced by spaces. */
  s: string;
  /** True when a boneyard lies inside the visible part. */
  masked: boolean;
  /** A line holding only white space (a line of exactly two spaces is not blank). */
  blank: boolean;
}

/** What the scanner needs of a text (a string has it). */
export interface TextLike {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end: number): string;
}

/** The text, its line starts and its boneyards (sorted, not overlapping). */
export class Source {
  constructor(
    readonly text: TextLike,
    readonly lineStarts: number[],
    readonly boneyards: TextRange[],
  ) {}

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line `index` as the scanner sees it. */
  line(index: number): LineView {
    const text = this.text;
    const lineStart = this.lineStarts[index];
    const lineEnd = lineEndOf(text, this.lineStarts, index);
    let start = lineStart;
    if (index === 0 && text.charCodeAt(0) === 0xfeff) start = Math.min(1, lineEnd);
    let end = lineEnd;
    let masked = false;
    let s: string;
    const by = this.boneyards;
    let b = by.length === 0 ? -1 : firstEndingAfter(by, lineStart);
    if (b < 0 || by[b].start >= lineEnd) {
      s = text.slice(start, end);
    } else {
      if (by[b].start <= start) {
        start = Math.min(by[b].end, lineEnd);
        b++;
      }
      let last = b;
      while (last < by.length && by[last].start < lineEnd) last++;
      if (last > b && by[last - 1].end >= lineEnd) {
        end = Math.max(start, by[last - 1].start);
        last--;
      }
      if (last > b) {
        masked = true;
        let out = '';
        let at = start;
        for (let i = b; i < last; i++) {
          const r = by[i];
          if (r.start >= end) break;
          out += text.slice(at, r.start) + ' '.repeat(Math.min(r.end, end) - r.start);
          at = Math.min(r.end, end);
        }
        s = out + text.slice(at, end);
      } else s = text.slice(start, end);
    }
    let blank = true;
    for (let i = 0; i < s.length; i++) {
      if (!isSpace(s.charCodeAt(i))) {
        blank = false;
        break;
      }
    }
    // A line of exactly two spaces is not blank; one a boneyard covers any part of is read as the scanner sees it.
    if (blank && start === lineStart && end === lineEnd && lineEnd - lineStart === 2 && text.charCodeAt(lineStart) === 32 && text.charCodeAt(lineStart + 1) === 32) {
      blank = false;
    }
    return { index, start, end, s, masked, blank };
  }

  /** `text[from, to)` with every boneyard inside it removed. */
  clean(from: number, to: number): string {
    const by = this.boneyards;
    if (by.length === 0) return this.text.slice(from, to);
    let b = firstEndingAfter(by, from);
    if (b < 0 || by[b].start >= to) return this.text.slice(from, to);
    let out = '';
    let at = from;
    for (; b < by.length && by[b].start < to; b++) {
      if (by[b].start > at) out += this.text.slice(at, by[b].start);
      at = Math.max(at, by[b].end);
    }
    if (at < to) out += this.text.slice(at, to);
    return out;
  }
}

/** Index of the first range starting at or after `offset` (`ranges.length` if none); ranges sorted by start. */
export function firstStartingFrom(ranges: readonly TextRange[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first range whose end is greater than `offset`, or -1. */
export function firstEndingAfter(ranges: readonly TextRange[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length ? lo : -1;
}

/** Every boneyard `/* ... *\/` of the text: the first `*\/` after a `/*` closes it; an unclosed `/*` is text. */
export function findBoneyards(text: string): TextRange[] {
  const out: TextRange[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('/*', at);
    if (open < 0) break;
    const close = text.indexOf('*/', open + 2);
    if (close < 0) break;
    out.push({ start: open, end: close + 2 });
    at = close + 2;
  }
  return out;
}
