/** The title page: `Key: value` entries at the very top, values on the key's line or indented below. */
import type { TitleEntry } from './types';
import type { LineView, Source } from './source';
import { skipSpace, trimEndAt } from './text';

/** A key: a letter, digit or underscore, then letters, digits, spaces, `_`, `'` or `-`; then `:` or a full-width `：`. */
const KEY = /^([\p{L}\p{N}_][\p{L}\p{N}_ '\-]{0,48}?)[ \t]*[:\uFF1A]/u;

/** The title page read from the first lines of the first block. */
export interface TitlePageResult {
  entries: TitleEntry[];
  /** How many lines of the block it used; the rest of the block is script. */
  lines: number;
}

function isContinuation(line: LineView): boolean {
  const s = line.s;
  return s.charCodeAt(0) === 9 || (s.charCodeAt(0) === 32 && s.charCodeAt(1) === 32 && s.charCodeAt(2) === 32) ||
    (s.charCodeAt(0) === 32 && s.charCodeAt(1) === 9) || (s.charCodeAt(0) === 32 && s.charCodeAt(1) === 32 && s.charCodeAt(2) === 9);
}

/** Reads a title page from `block` (the document's first block), or returns undefined. */
export function readTitlePage(src: Source, block: LineView[]): TitlePageResult | undefined {
  const entries: TitleEntry[] = [];
  let i = 0;
  while (i < block.length) {
    const line = block[i];
    if (isContinuation(line)) break;
    const m = KEY.exec(line.s);
    if (!m) break;
    const key = m[1].trimEnd();
    const afterColon = m[0].length;
    const valueFrom = skipSpace(line.s, afterColon, line.s.length);
    const valueTo = trimEndAt(line.s, valueFrom, line.s.length);
    let j = i + 1;
    while (j < block.length && isContinuation(block[j])) j++;
    // The first key needs a value (so a script opening with `FADE IN:` has no title page).
    // A later key may be left empty (`AI Disclosure:` before it is filled in) when it is the
    // block's last line or another key follows; an empty key followed by unindented text
    // ends the title page, as fountain-js reads it.
    if (valueFrom === valueTo && j === i + 1 && (entries.length === 0 || (j < block.length && !KEY.test(block[j].s)))) break;
    const parts: string[] = [];
    let valueStart = -1;
    let valueEnd = line.start + trimEndAt(line.s, 0, line.s.length);
    if (valueFrom < valueTo) {
      parts.push(src.clean(line.start + valueFrom, line.start + valueTo));
      valueStart = line.start + valueFrom;
      valueEnd = line.start + valueTo;
    }
    for (let k = i + 1; k < j; k++) {
      const c = block[k];
      const a = skipSpace(c.s, 0, c.s.length);
      const b = trimEndAt(c.s, a, c.s.length);
      parts.push(src.clean(c.start + a, c.start + b));
      if (valueStart < 0) valueStart = c.start + a;
      valueEnd = c.start + b;
    }
    if (valueStart < 0) valueStart = valueEnd;
    entries.push({ key, value: parts.join('\n'), start: line.start, end: valueEnd, valueStart, valueEnd });
    i = j;
  }
  if (entries.length === 0) return undefined;
  return { entries, lines: i };
}
