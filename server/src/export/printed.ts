/**
 * The printed text of an element: what reaches the page once forcing characters, notes,
 * boneyards, emphasis markers and escapes are taken out, line by line, with the source offset
 * and the emphasis of every printed character kept beside it.
 */
import { emphasisSpans } from '../fountain/emphasis';
import type { Element, Script, TextRange } from '../fountain/types';

/** Emphasis flags of a printed character. */
export const BOLD = 1;
export const ITALIC = 2;
export const UNDERLINE = 4;

/** One printed line: its text, and per UTF-16 unit the source offset and the emphasis flags. */
export interface PrintedLine {
  text: string;
  /**
   * Source offset of each UTF-16 unit (never decreasing); absent when the line is a plain slice
   * of the source starting at `start` (unit i is at `start + i`). Read them with `offsetOf`.
   */
  offsets?: ArrayLike<number>;
  /** Source offset of the first unit of a plain slice (when `offsets` is absent). */
  start: number;
  /** Emphasis flags of each UTF-16 unit; undefined when the line is plain. */
  styles?: ArrayLike<number>;
}

/** Source offset of unit `i` of a printed line. */
export function offsetOf(line: PrintedLine, i: number): number {
  return line.offsets ? line.offsets[i] : line.start + i;
}

/** Anything that makes a stretch more than its plain lines: emphasis, escapes, tabs, controls, lyrics and centring marks (notes and boneyards are looked up). */
const NOT_PLAIN = /[*_\\\t\u0000-\u0008\u000b\u000c\u000e-\u001f~<>]/;

/** The lines of a stretch with nothing to take out: trimmed slices of the source. */
function plainLines(text: string, from: number, to: number, keepIndent: boolean): PrintedLine[] {
  const lines: PrintedLine[] = [];
  let lineStart = from;
  for (;;) {
    let lineEnd = lineStart;
    while (lineEnd < to && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    let a = lineStart;
    let b = lineEnd;
    if (!keepIndent) while (a < b && text.charCodeAt(a) === 32) a++;
    while (b > a && text.charCodeAt(b - 1) === 32) b--;
    // The offsets are a + i: nothing is stored per character.
    lines.push({ text: text.slice(a, b), start: a });
    if (lineEnd >= to) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop();
  while (lines.length > 0 && lines[0].text === '') lines.shift();
  return lines;
}

const TAB = '    ';

/** Marks every offset of `ranges` that falls in [from, to) in `skip` (indexed from `from`). */
function markRanges(skip: Uint8Array, ranges: readonly TextRange[], from: number, to: number): void {
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    for (let i = Math.max(r.start, from); i < Math.min(r.end, to); i++) skip[i - from] = CUT;
  }
}

/** In `skip`: an emphasis marker or an escape (1), a note or a boneyard (CUT). */
const CUT = 2;

function rangesIn(ranges: readonly TextRange[], from: number, to: number): TextRange[] {
  return ranges.filter((r) => r.end > from && r.start < to);
}

/** True for a line that holds nothing but white space. */
function isBlank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * The printed lines of `el` (empty when nothing of it prints). Never throws: offsets out of the
 * text are clamped.
 */
export function printedLines(script: Script, el: Element): PrintedLine[] {
  const text = script.text;
  const from = Math.max(0, Math.min(el.contentStart, text.length));
  const to = Math.max(from, Math.min(el.contentEnd, text.length));
  if (to === from) return [];
  const keepIndent = el.type === 'action';
  if (!NOT_PLAIN.test(text.slice(from, to)) && !script.boneyards.some((r) => r.end > from && r.start < to) && !script.notes.some((n) => n.end > from && n.start < to)) {
    return plainLines(text, from, to, keepIndent);
  }
  const skip = new Uint8Array(to - from);
  const style = new Uint8Array(to - from);
  markRanges(skip, rangesIn(script.boneyards, from, to), from, to);
  markRanges(
    skip,
    script.notes.filter((n) => n.end > from && n.start < to),
    from,
    to,
  );
  for (const span of emphasisSpans(text, from, to)) {
    const flag = span.style === 'bold' ? BOLD : span.style === 'italic' ? ITALIC : span.style === 'boldItalic' ? BOLD | ITALIC : UNDERLINE;
    for (let i = span.start; i < span.contentStart; i++) skip[i - from] = 1;
    for (let i = span.contentEnd; i < span.end; i++) skip[i - from] = 1;
    for (let i = span.contentStart; i < span.contentEnd; i++) style[i - from] |= flag;
  }
  for (let i = from; i < to - 1; i++) {
    if (text.charCodeAt(i) === 92 /* \ */ && !skip[i - from]) {
      const next = text.charCodeAt(i + 1);
      if (next === 42 || next === 95 || next === 92) {
        skip[i - from] = 1;
        i++;
      }
    }
  }
  const lines: PrintedLine[] = [];
  let lineStart = from;
  while (lineStart <= to) {
    let lineEnd = lineStart;
    while (lineEnd < to && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    let a = lineStart;
    let b = lineEnd;
    if (lineStart > from) {
      // Every line of lyrics starts with `~`, every line of centered text with `>`.
      let p = a;
      while (p < b && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      if (el.type === 'lyrics' && text.charCodeAt(p) === 126) a = p + 1;
      if (el.type === 'centered' && text.charCodeAt(p) === 62) a = p + 1;
    }
    if (el.type === 'centered') {
      let q = b;
      while (q > a && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 9)) q--;
      if (q > a && text.charCodeAt(q - 1) === 60) b = q - 1;
    }
    const blankInSource = isBlank(text, a, b);
    let out = '';
    const offsets: number[] = [];
    const styles: number[] = [];
    let afterCut = false;
    for (let i = a; i < b; i++) {
      if (skip[i - from]) {
        if (skip[i - from] === CUT) afterCut = true;
        continue;
      }
      const c = text[i];
      // "She [[a note]] waits." prints with one space where the note was.
      if (afterCut && c === ' ' && out.endsWith(' ')) continue;
      afterCut = false;
      if (c === '\t') {
        out += TAB;
        for (let k = 0; k < TAB.length; k++) {
          offsets.push(i);
          styles.push(style[i - from]);
        }
      } else if (text.charCodeAt(i) < 32) continue;
      else {
        out += c;
        offsets.push(i);
        styles.push(style[i - from]);
      }
    }
    let s = 0;
    let e = out.length;
    if (!keepIndent) while (s < e && out.charCodeAt(s) === 32) s++;
    while (e > s && out.charCodeAt(e - 1) === 32) e--;
    if (s < e || blankInSource) {
      const lineStyles = styles.slice(s, e);
      lines.push({ text: out.slice(s, e), offsets: offsets.slice(s, e), start: s < e ? offsets[s] : a, ...(lineStyles.some((f) => f !== 0) ? { styles: lineStyles } : {}) });
    }
    if (lineEnd >= to) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop();
  while (lines.length > 0 && lines[0].text === '') lines.shift();
  return lines;
}
