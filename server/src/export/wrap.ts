/**
 * Line breaking on a grid of Courier cells. East Asian wide characters take two cells, as in
 * a terminal, and a line may break between any two of them; elsewhere lines break at spaces,
 * and a word longer than the line is cut.
 */

/** True for a code point printed two cells wide (CJK, kana, Hangul, full-width forms). */
export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Cells the text takes (a surrogate pair is one character). */
export function cellsOf(text: string): number {
  let cells = 0;
  for (let i = 0; i < text.length; i++) {
    // Nothing below U+1100 is wide or half of a surrogate pair.
    if (text.charCodeAt(i) < 0x1100) {
      cells++;
      continue;
    }
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    cells += isWide(code) ? 2 : 1;
  }
  return cells;
}

/** A wrapped line: the half-open range [from, to) of the text's UTF-16 units. */
export interface Span {
  from: number;
  to: number;
}

/**
 * Breaks `text` into lines of at most `width` cells. An empty text is one empty line. Spaces
 * at a break are dropped; leading spaces of the first line are kept.
 */
export function wrapText(text: string, width: number): Span[] {
  const n = text.length;
  if (n === 0) return [{ from: 0, to: 0 }];
  const max = Math.max(2, width);
  const out: Span[] = [];
  let start = 0;
  let first = true;
  while (start < n) {
    if (!first) while (start < n && text.charCodeAt(start) === 32) start++;
    if (start >= n) break;
    first = false;
    let cells = 0;
    let i = start;
    let lastSpace = -1;
    let lastWideEnd = -1;
    while (i < n) {
      const unit = text.charCodeAt(i);
      // Nothing below U+1100 is wide or half of a surrogate pair.
      const code = unit < 0x1100 ? unit : text.codePointAt(i)!;
      const units = code > 0xffff ? 2 : 1;
      const w = unit < 0x1100 || !isWide(code) ? 1 : 2;
      if (cells + w > max) break;
      if (code === 32) lastSpace = i;
      else if (w === 2) lastWideEnd = i + units;
      cells += w;
      i += units;
    }
    if (i >= n) {
      out.push({ from: start, to: trimEnd(text, start, n) });
      break;
    }
    let end: number;
    if (text.charCodeAt(i) === 32) end = i;
    else if (isWide(text.codePointAt(i)!)) end = i;
    else if (lastWideEnd > lastSpace + 1 && lastWideEnd > start) end = lastWideEnd;
    else if (lastSpace > start) end = lastSpace;
    else end = i > start ? i : start + 1;
    out.push({ from: start, to: trimEnd(text, start, end) });
    start = end;
  }
  return out.length > 0 ? out : [{ from: 0, to: 0 }];
}

function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from && text.charCodeAt(e - 1) === 32) e--;
  return e;
}
