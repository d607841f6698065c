/** Line arithmetic over UTF-16 offsets. Line breaks are `\r\n`, `\n` or `\r`. */
import type { Script } from './types';

/** Offsets at which each line of `text` starts (line 0 starts at 0). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  appendLineStarts(text, 0, text.length, starts);
  return starts;
}

/**
 * Pushes onto `starts` the start of every line that begins after a break found in
 * `text[from, to)`. A `\r` at `to - 1` followed by `\n` at `to` counts as one break ending at `to + 1`.
 */
export function appendLineStarts(text: string, from: number, to: number, starts: number[]): void {
  const cr = text.indexOf('\r', from);
  if (cr < 0 || cr >= to + 1) {
    // No carriage return: let indexOf find the line feeds.
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return;
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
}

/** End of line `line` (exclusive, before its line break). */
export function lineEndOf(text: { readonly length: number; charCodeAt(i: number): number }, lineStarts: readonly number[], line: number): number {
  if (line + 1 >= lineStarts.length) return text.length;
  let end = lineStarts[line + 1];
  if (text.charCodeAt(end - 1) === 10) {
    end--;
    if (end > lineStarts[line] && text.charCodeAt(end - 1) === 13) end--;
  } else if (text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** Zero-based index of the line containing `offset` (clamped to the text). */
export function lineIndex(lineStarts: readonly number[], offset: number): number {
  if (!(offset > 0) || lineStarts.length === 0) return 0;
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Zero-based line of `offset` in the script. */
export function lineOf(script: Script, offset: number): number {
  return lineIndex(script.lineStarts, offset);
}

/** Zero-based line and column (in UTF-16 code units) of `offset`. */
export function lineColumn(lineStarts: number[], offset: number): { line: number; column: number } {
  const line = lineIndex(lineStarts, offset);
  const start = lineStarts[line] ?? 0;
  const column = Number.isFinite(offset) ? Math.max(0, Math.floor(offset) - start) : 0;
  return { line, column };
}
