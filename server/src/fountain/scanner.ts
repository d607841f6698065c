/**
 * The line scanner: reads a range of lines, block by block (blocks are separated by blank
 * lines), into elements and notes. A block's result depends only on its own lines and on the
 * first two lines of the next block (a `^` cue there makes this block's dialogue dual), which
 * is what lets `reparse` rescan a few blocks only.
 */
import type { Element, ElementType, Note, TextRange, TitleEntry } from './types';
import type { LineView, Source } from './source';
import { firstEndingAfter, firstStartingFrom } from './source';
import { readCue } from './cue';
import { readTitlePage } from './titlePage';
import { isAlphanumeric, letterCase, skipSpace, trimEndAt } from './text';

/** What a scan of a range of lines produced. */
export interface ScanResult {
  elements: Element[];
  notes: Note[];
  titlePage: TitleEntry[];
  titlePageRange?: TextRange;
}

/** Sorted offsets of every `[[` and every `]]` in the scanned range. */
export interface Brackets {
  opens: number[];
  closes: number[];
}

/** Offsets of `[[` and `]]` in `part`, a slice of the text starting at offset `from`. */
export function findBrackets(part: string, from: number): Brackets {
  const opens: number[] = [];
  const closes: number[] = [];
  for (let at = part.indexOf('[['); at >= 0; at = part.indexOf('[[', at + 2)) opens.push(at + from);
  for (let at = part.indexOf(']]'); at >= 0; at = part.indexOf(']]', at + 2)) closes.push(at + from);
  return { opens, closes };
}

const HEADING = /^(?:\*{0,3}_?)?(?:(?:int|i)\.?\/(?:ext|e)|int|ext|est)[. ]/i;
const SCENE_NUMBER = /^[\p{L}\p{N}.\-]+$/u;

/** Every element is made here (and by the re-parse's shift), so elements share hidden classes. */
export function makeElement(type: ElementType, start: number, end: number, contentStart: number, contentEnd: number, text: string, line: number): Element {
  return { type, start, end, contentStart, contentEnd, text, line };
}

function isPageBreak(s: string, a: number, b: number): boolean {
  if (b - a < 3) return false;
  for (let i = a; i < b; i++) if (s.charCodeAt(i) !== 61) return false;
  return true;
}

function isParenthetical(s: string, a: number, b: number): boolean {
  while (a < b && (s.charCodeAt(a) === 42 || s.charCodeAt(a) === 95)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 42 || s.charCodeAt(b - 1) === 95)) b--;
  if (b - a < 2) return false;
  const o = s.charCodeAt(a);
  const c = s.charCodeAt(b - 1);
  return (o === 40 && c === 41) || (o === 0xff08 && c === 0xff09);
}

function isHeading(s: string, a: number, b: number): boolean {
  const c = s.charCodeAt(a);
  if (c === 46 /* . */) return b - a > 1 && isAlphanumeric(s[a + 1]);
  // I, i, E, e, *, _ are the only first letters a heading can have.
  if (c !== 73 && c !== 105 && c !== 69 && c !== 101 && c !== 42 && c !== 95) return false;
  const m = HEADING.exec(s.slice(a, b));
  return m !== null && skipSpace(s, a + m[0].length, b) < b;
}

function isCentered(s: string, a: number, b: number): boolean {
  return b - a >= 2 && s.charCodeAt(a) === 62 && s.charCodeAt(b - 1) === 60;
}

/** Scans lines [fromLine, toLine) of `src`. `toLine` must be a blank line or the end. */
export function scanLines(src: Source, fromLine: number, toLine: number, brackets: Brackets, allowTitlePage: boolean): ScanResult {
  const result: ScanResult = { elements: [], notes: [], titlePage: [] };
  new Scanner(src, brackets, result).run(fromLine, toLine, allowTitlePage);
  return result;
}

class Scanner {
  private openAt = 0;
  private closeAt = 0;
  private cached: LineView | undefined;
  private blockNotes: Note[] = [];

  constructor(
    private readonly src: Source,
    private readonly brackets: Brackets,
    private readonly out: ScanResult,
  ) {}

  private line(index: number): LineView {
    const c = this.cached;
    if (c && c.index === index) return c;
    const v = this.src.line(index);
    this.cached = v;
    return v;
  }

  run(fromLine: number, toLine: number, allowTitlePage: boolean): void {
    let k = fromLine;
    let first = allowTitlePage;
    while (k < toLine) {
      const lv = this.line(k);
      if (lv.blank) {
        k++;
        continue;
      }
      const block = [lv];
      let j = k + 1;
      while (j < toLine) {
        const n = this.line(j);
        if (n.blank) break;
        block.push(n);
        j++;
      }
      this.block(block, first, j);
      first = false;
      k = j + 1;
    }
  }

  private block(block: LineView[], allowTitlePage: boolean, nextLine: number): void {
    this.notesOf(block);
    let i = 0;
    if (allowTitlePage) {
      const tp = readTitlePage(this.src, block);
      if (tp) {
        this.out.titlePage = tp.entries;
        const start = tp.entries[0].start;
        const end = tp.entries[tp.entries.length - 1].end;
        this.out.titlePageRange = { start, end };
        const raw = this.src.text.slice(start, end).replace(/\r\n?/g, '\n');
        this.out.elements.push(makeElement('title_page', start, end, start, end, raw, block[0].index));
        i = tp.lines;
      }
    }
    while (i < block.length) i = this.sub(block, i, nextLine);
  }

  private notesOf(block: LineView[]): void {
    this.blockNotes = [];
    const { opens, closes } = this.brackets;
    const from = block[0].start;
    const to = block[block.length - 1].end;
    while (this.openAt < opens.length && opens[this.openAt] < from) this.openAt++;
    let after = from;
    while (this.openAt < opens.length && opens[this.openAt] < to) {
      const open = opens[this.openAt];
      this.openAt++;
      if (open < after || this.inBoneyard(open)) continue;
      while (this.closeAt < closes.length && closes[this.closeAt] < open + 2) this.closeAt++;
      if (this.closeAt >= closes.length || closes[this.closeAt] + 2 > to) break;
      const close = closes[this.closeAt];
      const text = this.src.clean(open + 2, close).replace(/\r\n?/g, '\n');
      const note: Note = { start: open, end: close + 2, text, contentStart: open + 2, contentEnd: close };
      this.blockNotes.push(note);
      this.out.notes.push(note);
      after = close + 2;
    }
  }

  private inBoneyard(offset: number): boolean {
    const by = this.src.boneyards;
    if (by.length === 0) return false;
    const i = firstEndingAfter(by, offset);
    return i >= 0 && by[i].start <= offset;
  }

  /** Reads the sub-block starting at `block[i]`; returns the index of the next unread line. */
  private sub(block: LineView[], i: number, nextLine: number): number {
    const lv = block[i];
    const s = lv.s;
    const a = skipSpace(s, 0, s.length);
    const b = trimEndAt(s, a, s.length);
    const out = this.out.elements;
    const src = this.src;
    if (a === b) {
      // Only lines of two spaces: nothing to show.
      let k = i;
      while (k < block.length && skipSpace(block[k].s, 0, block[k].s.length) === block[k].s.length) k++;
      if (k === block.length) return k;
      if (k > i) return this.action(block, i);
    }
    const c0 = s.charCodeAt(a);
    const start = lv.start + a;
    const end = lv.start + b;
    if (c0 === 61 && isPageBreak(s, a, b)) {
      out.push(makeElement('page_break', start, end, end, end, '', lv.index));
      return i + 1;
    }
    if (c0 === 35 /* # */) {
      let p = a;
      while (p < b && s.charCodeAt(p) === 35) p++;
      const c = skipSpace(s, p, b);
      const el = makeElement('section', start, end, lv.start + c, end, src.clean(lv.start + c, end), lv.index);
      el.depth = Math.min(6, p - a);
      out.push(el);
      return i + 1;
    }
    if (c0 === 61 /* = */ && s.charCodeAt(a + 1) !== 61) {
      const c = skipSpace(s, a + 1, b);
      out.push(makeElement('synopsis', start, end, lv.start + c, end, src.clean(lv.start + c, end), lv.index));
      return i + 1;
    }
    if (isHeading(s, a, b)) {
      out.push(this.heading(lv, a, b));
      return i + 1;
    }
    if (c0 === 91 && s.charCodeAt(a + 1) === 91) {
      const next = this.standaloneNote(block, i, start);
      if (next > i) return next;
    }
    const remaining = block.length - i;
    if (remaining === 1 && !isCentered(s, a, b)) {
      if (c0 === 62 /* > */) {
        const c = skipSpace(s, a + 1, b);
        const el = makeElement('transition', start, end, lv.start + c, end, src.clean(lv.start + c, end), lv.index);
        el.forced = true;
        out.push(el);
        return i + 1;
      }
      if (b - a >= 5 && s.endsWith(' TO:', b) && !letterCase(s.slice(a, b)).lower) {
        out.push(makeElement('transition', start, end, start, end, src.clean(start, end), lv.index));
        return i + 1;
      }
    }
    if (isCentered(s, a, b)) return this.centered(block, i);
    if (c0 === 126 /* ~ */) return this.lyrics(block, i, block.length);
    if (remaining >= 2) {
      const cue = readCue(s, a, b);
      if (cue) return this.dialogue(block, i, a, b, cue, nextLine);
    }
    return this.action(block, i);
  }

  private heading(lv: LineView, a: number, b: number): Element {
    const s = lv.s;
    let c = a;
    let forced = false;
    if (s.charCodeAt(a) === 46) {
      forced = true;
      c = a + 1;
    }
    let ce = b;
    let sceneNumber: string | undefined;
    if (s.charCodeAt(b - 1) === 35 /* # */ && b - 1 > c) {
      const q = s.lastIndexOf('#', b - 2);
      if (q >= c) {
        const inner = s.slice(q + 1, b - 1);
        if (SCENE_NUMBER.test(inner)) {
          sceneNumber = inner;
          ce = trimEndAt(s, c, q);
        }
      }
    }
    const el = makeElement('scene_heading', lv.start + a, lv.start + b, lv.start + c, lv.start + ce, this.src.clean(lv.start + c, lv.start + ce), lv.index);
    if (sceneNumber !== undefined) el.sceneNumber = sceneNumber;
    if (forced) el.forced = true;
    return el;
  }

  private noteStartingAt(start: number): Note | undefined {
    const notes = this.blockNotes;
    const lo = firstStartingFrom(notes, start);
    return lo < notes.length && notes[lo].start === start ? notes[lo] : undefined;
  }

  private standaloneNote(block: LineView[], i: number, start: number): number {
    const note = this.noteStartingAt(start);
    if (!note) return i;
    for (let m = i; m < block.length; m++) {
      const lv = block[m];
      if (note.end <= lv.end && note.end >= lv.start) {
        if (skipSpace(lv.s, note.end - lv.start, lv.s.length) < lv.s.length) return i;
        this.out.elements.push(makeElement('note', note.start, note.end, note.contentStart, note.contentEnd, note.text, block[i].index));
        return m + 1;
      }
    }
    return i;
  }

  private centered(block: LineView[], i: number): number {
    let k = i;
    const parts: string[] = [];
    let contentStart = -1;
    let contentEnd = 0;
    let end = 0;
    for (; k < block.length; k++) {
      const lv = block[k];
      const a = skipSpace(lv.s, 0, lv.s.length);
      const b = trimEndAt(lv.s, a, lv.s.length);
      if (!isCentered(lv.s, a, b)) break;
      const ia = skipSpace(lv.s, a + 1, b - 1);
      const ib = trimEndAt(lv.s, ia, b - 1);
      parts.push(this.src.clean(lv.start + ia, lv.start + ib));
      if (contentStart < 0) contentStart = lv.start + ia;
      contentEnd = lv.start + ib;
      end = lv.start + b;
    }
    const first = block[i];
    const start = first.start + skipSpace(first.s, 0, first.s.length);
    this.out.elements.push(makeElement('centered', start, end, contentStart, contentEnd, parts.join('\n'), first.index));
    return k;
  }

  /** Lyrics lines from `block[i]` while they start with `~` (and stay before `limit`). */
  private lyrics(block: LineView[], i: number, limit: number): number {
    let k = i;
    const parts: string[] = [];
    let contentStart = -1;
    let contentEnd = 0;
    let end = 0;
    for (; k < limit; k++) {
      const lv = block[k];
      const a = skipSpace(lv.s, 0, lv.s.length);
      if (lv.s.charCodeAt(a) !== 126) break;
      const b = trimEndAt(lv.s, a, lv.s.length);
      const ia = skipSpace(lv.s, a + 1, b);
      parts.push(this.src.clean(lv.start + ia, lv.start + b));
      if (contentStart < 0) contentStart = lv.start + ia;
      contentEnd = lv.start + b;
      end = lv.start + b;
    }
    const first = block[i];
    const start = first.start + skipSpace(first.s, 0, first.s.length);
    const el = makeElement('lyrics', start, end, contentStart, contentEnd, parts.join('\n'), first.index);
    el.forced = true;
    this.out.elements.push(el);
    return k;
  }

  private action(block: LineView[], i: number): number {
    const first = block[i];
    const parts: string[] = [];
    let contentStart = first.start;
    let contentEnd = first.start;
    let forced = false;
    for (let k = i; k < block.length; k++) {
      const lv = block[k];
      const s = lv.s;
      const b = trimEndAt(s, 0, s.length);
      if (k === i) {
        const a = skipSpace(s, 0, b);
        if (s.charCodeAt(a) === 33 /* ! */) {
          forced = true;
          contentStart = lv.start + a + 1;
          parts.push(this.src.clean(lv.start, lv.start + a) + this.src.clean(lv.start + a + 1, lv.start + b));
          contentEnd = lv.start + b;
          continue;
        }
      }
      parts.push(this.src.clean(lv.start, lv.start + b));
      if (b > 0) contentEnd = lv.start + b;
    }
    const el = makeElement('action', first.start, contentEnd, contentStart, Math.max(contentStart, contentEnd), parts.join('\n'), first.index);
    if (forced) el.forced = true;
    this.out.elements.push(el);
    return block.length;
  }

  private dialogue(block: LineView[], i: number, a: number, b: number, cue: NonNullable<ReturnType<typeof readCue>>, nextLine: number): number {
    const out = this.out.elements;
    const first = out.length;
    const lv = block[i];
    const character = makeElement(
      'character',
      lv.start + a,
      lv.start + b,
      lv.start + cue.contentStart,
      lv.start + cue.contentEnd,
      this.src.clean(lv.start + cue.contentStart, lv.start + cue.contentEnd),
      lv.index,
    );
    character.name = cue.name;
    if (cue.extension !== undefined) character.extension = cue.extension;
    if (cue.forced) character.forced = true;
    out.push(character);
    let k = i + 1;
    while (k < block.length) {
      const line = block[k];
      const la = skipSpace(line.s, 0, line.s.length);
      const lb = trimEndAt(line.s, la, line.s.length);
      if (la < lb && line.s.charCodeAt(la) === 126) {
        k = this.lyrics(block, k, block.length);
        continue;
      }
      if (la < lb && isParenthetical(line.s, la, lb)) {
        out.push(makeElement('parenthetical', line.start + la, line.start + lb, line.start + la, line.start + lb, this.src.clean(line.start + la, line.start + lb), line.index));
        k++;
        continue;
      }
      k = this.speech(block, k);
    }
    let lines = 0;
    for (let e = i + 1; e < block.length; e++) {
      const line = block[e];
      const la = skipSpace(line.s, 0, line.s.length);
      if (la < line.s.length && !isParenthetical(line.s, la, trimEndAt(line.s, la, line.s.length))) lines++;
    }
    character.dialogueLines = lines;
    if (cue.dual || this.nextIsDualCue(nextLine)) {
      for (let e = first; e < out.length; e++) out[e].dual = true;
    }
    return block.length;
  }

  /** Consecutive lines of dialogue (not parenthetical, not lyrics) from `block[i]`. */
  private speech(block: LineView[], i: number): number {
    const parts: string[] = [];
    let start = -1;
    let end = 0;
    let contentStart = -1;
    let contentEnd = 0;
    let k = i;
    for (; k < block.length; k++) {
      const lv = block[k];
      const a = skipSpace(lv.s, 0, lv.s.length);
      const b = trimEndAt(lv.s, a, lv.s.length);
      if (a < b && (lv.s.charCodeAt(a) === 126 || isParenthetical(lv.s, a, b))) break;
      parts.push(a < b ? this.src.clean(lv.start + a, lv.start + b) : '');
      if (start < 0) start = a < b ? lv.start + a : lv.start;
      end = a < b ? lv.start + b : lv.end;
      if (a < b) {
        if (contentStart < 0) contentStart = lv.start + a;
        contentEnd = lv.start + b;
      }
    }
    if (contentStart < 0) {
      contentStart = start;
      contentEnd = start;
    }
    this.out.elements.push(makeElement('dialogue', start, end, contentStart, contentEnd, parts.join('\n'), block[i].index));
    return k;
  }

  /** True when the next block opens with a `^` cue (which makes the dialogue before it dual). */
  private nextIsDualCue(nextLine: number): boolean {
    const n = this.src.lineCount;
    let k = nextLine;
    let lv: LineView | undefined;
    while (k < n) {
      lv = this.src.line(k);
      if (!lv.blank) break;
      k++;
    }
    if (!lv || lv.blank || k + 1 >= n) return false;
    const s = lv.s;
    const a = skipSpace(s, 0, s.length);
    const b = trimEndAt(s, a, s.length);
    if (s.charCodeAt(b - 1) !== 94 /* ^ */) return false;
    if (this.src.line(k + 1).blank) return false;
    const c0 = s.charCodeAt(a);
    if (c0 === 61 || c0 === 35 || isHeading(s, a, b) || isCentered(s, a, b)) return false;
    const cue = readCue(s, a, b);
    return cue !== undefined && cue.dual;
  }
}
