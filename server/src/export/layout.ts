/**
 * The layout model: a parsed script laid out on pages, every printed line with its place (x
 * and y in points, its body row), its kind, its text, its emphasis and the source offsets it
 * came from. The PDF, the page estimate and `validate`'s page-text check all read it.
 *
 * Pagination follows common screenplay practice: one blank line between elements, none inside
 * a dialogue block; a scene heading is not left at the foot of a page without the start of what
 * follows it; an action paragraph breaks only with at least two lines on either side; dialogue
 * breaks between its lines, never right after the cue or a parenthetical, with `(MORE)` under
 * it and the cue repeated with `(CONT'D)` on the next page; dual dialogue stays together;
 * `===` starts a new page. Notes, boneyards, sections and synopses are not printed.
 */
import type { Element, Script } from '../fountain/types';
import { lineIndex } from '../fountain/lines';
import { CELL, PAPERS, ROW, type Column, type Paper, type PaperName } from './paper';
import { ITALIC, offsetOf, printedLines, type PrintedLine } from './printed';
import { cellsOf, wrapText } from './wrap';

/** What a printed line is. Body kinds follow the Fountain element types. */
export type LineType =
  | 'scene_heading'
  | 'action'
  | 'character'
  | 'parenthetical'
  | 'dialogue'
  | 'lyrics'
  | 'transition'
  | 'centered'
  /** `(MORE)` at the foot of a page inside a dialogue block. */
  | 'more'
  | 'scene_number'
  | 'page_number'
  /** The revision-style margin mark of a line holding AI-origin text. */
  | 'mark'
  /** Title page: the script's own title-page entries. */
  | 'title'
  /** Title page: the disclosure statement, the verification lines and the marks legend. */
  | 'disclosure';

/** One printed line. */
export interface LayoutLine {
  type: LineType;
  text: string;
  /** Left edge of the text, points from the page's left edge. */
  x: number;
  /** Top of the line, points from the page's top edge (the baseline is 9 points lower). */
  y: number;
  /** Body row (0-based) or -1 for lines outside the body (page numbers). */
  row: number;
  /** Source range [start, end) of the printed characters; -1 for lines the script did not write. */
  start: number;
  end: number;
  /** Emphasis flags (printed.ts) per UTF-16 unit, absent when the line is plain. */
  styles?: number[];
  /** Dual dialogue column. */
  column?: 'left' | 'right';
  /** True when the line holds AI-origin text (set by `markLines`). */
  ai?: boolean;
}

export interface LayoutPage {
  kind: 'title' | 'body';
  /** Body page number (1 for the first body page); absent on the title page. */
  number?: number;
  lines: LayoutLine[];
}

export interface Layout {
  paper: Paper;
  pages: LayoutPage[];
}

export interface BodyOptions {
  paper?: PaperName;
}

/** A row of a block: its lines (two for dual dialogue) and what kind of row it is. */
interface Row {
  lines: LayoutLine[];
  kind: 'cue' | 'paren' | 'speech' | 'other';
}

interface Block {
  kind: 'heading' | 'text' | 'dialogue' | 'dual' | 'transition' | 'break';
  rows: Row[];
  /** Dialogue: the cue, repeated with (CONT'D) after a page break. */
  cue?: LayoutLine;
  /** Dialogue: the elements it was built from (to rebuild it as a dual column). */
  elements?: Element[];
}

type Align = 'left' | 'right' | 'center';

const CONTD = "(CONT'D)";

function line(type: LineType, text: string, x: number, start = -1, end = -1): LayoutLine {
  return { type, text, x, y: 0, row: 0, start, end };
}

/** Layout lines of a printed line wrapped into a column. */
function wrapped(pl: PrintedLine, type: LineType, col: Column, align: Align, paper: Paper, extraStyle: number): LayoutLine[] {
  const out: LayoutLine[] = [];
  for (const span of wrapText(pl.text, col.width)) {
    const text = span.from === 0 && span.to === pl.text.length ? pl.text : pl.text.slice(span.from, span.to);
    const x = align === 'right' ? paper.right - cellsOf(text) * CELL : align === 'center' ? paper.left + ((paper.action.width - cellsOf(text)) * CELL) / 2 : col.x;
    // Offsets never decrease along a printed line.
    const start = span.to > span.from ? offsetOf(pl, span.from) : -1;
    const end = span.to > span.from ? offsetOf(pl, span.to - 1) + 1 : -1;
    const l = line(type, text, x, start, end);
    if ((pl.styles || extraStyle !== 0) && text.length > 0) {
      const styles: number[] = [];
      let styled = false;
      for (let i = span.from; i < span.to; i++) {
        const s = (pl.styles ? pl.styles[i] : 0) | extraStyle;
        if (s !== 0) styled = true;
        styles.push(s);
      }
      if (styled) l.styles = styles;
    }
    out.push(l);
  }
  return out;
}

function elementLines(script: Script, el: Element, type: LineType, col: Column, align: Align, paper: Paper, extraStyle = 0): LayoutLine[] {
  return printedLines(script, el).flatMap((pl) => wrapped(pl, type, col, align, paper, extraStyle));
}

const rowsOf = (lines: LayoutLine[], kind: Row['kind']): Row[] => lines.map((l) => ({ lines: [l], kind }));

interface DialogueColumns {
  character: Column;
  parenthetical: Column;
  dialogue: Column;
}

function dialogueBlock(script: Script, elements: Element[], cols: DialogueColumns, paper: Paper, column?: 'left' | 'right'): Block {
  const rows: Row[] = [];
  const [cueEl, ...rest] = elements;
  const cueLines = elementLines(script, cueEl, 'character', cols.character, 'left', paper);
  rows.push(...rowsOf(cueLines, 'cue'));
  for (const el of rest) {
    if (el.type === 'parenthetical') rows.push(...rowsOf(elementLines(script, el, 'parenthetical', cols.parenthetical, 'left', paper), 'paren'));
    else if (el.type === 'lyrics') rows.push(...rowsOf(elementLines(script, el, 'lyrics', cols.dialogue, 'left', paper, ITALIC), 'speech'));
    else rows.push(...rowsOf(elementLines(script, el, 'dialogue', cols.dialogue, 'left', paper), 'speech'));
  }
  if (column) for (const r of rows) for (const l of r.lines) l.column = column;
  return { kind: 'dialogue', rows, elements, ...(cueLines[0] ? { cue: cueLines[0] } : {}) };
}

function dualBlock(left: Block, right: Block): Block {
  const n = Math.max(left.rows.length, right.rows.length);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const a = left.rows[i];
    const b = right.rows[i];
    rows.push({ lines: [...(a?.lines ?? []), ...(b?.lines ?? [])], kind: a?.kind ?? b?.kind ?? 'other' });
  }
  return { kind: 'dual', rows };
}

/** True for the cue written with `^`: the right column of dual dialogue (the parser flags both cues of a pair). */
export function isDualRight(script: Script, el: Element): boolean {
  return el.type === 'character' && el.dual === true && /\^\s*$/.test(script.text.slice(el.start, el.end));
}

/** True when `el` (lyrics) belongs to the dialogue block of `previous`: on the very next line. */
export function lyricsJoin(script: Script, el: Element, previous: Element | undefined): boolean {
  if (!previous) return false;
  if (previous.type !== 'character' && previous.type !== 'dialogue' && previous.type !== 'parenthetical' && previous.type !== 'lyrics') return false;
  return lineIndex(script.lineStarts, Math.max(previous.start, previous.end - 1)) + 1 >= el.line;
}

function buildBlocks(script: Script, paper: Paper): Block[] {
  const blocks: Block[] = [];
  const els = script.elements;
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    switch (el.type) {
      case 'page_break':
        blocks.push({ kind: 'break', rows: [] });
        break;
      case 'character': {
        const group = [el];
        while (i + 1 < els.length) {
          const next = els[i + 1];
          if (next.type === 'dialogue' || next.type === 'parenthetical' || (next.type === 'lyrics' && lyricsJoin(script, next, els[i]))) {
            group.push(next);
            i++;
          } else break;
        }
        const previous = blocks[blocks.length - 1];
        if (isDualRight(script, el) && previous?.kind === 'dialogue' && previous.elements) {
          const left = dialogueBlock(script, previous.elements, paper.dual.left, paper, 'left');
          const right = dialogueBlock(script, group, paper.dual.right, paper, 'right');
          blocks[blocks.length - 1] = dualBlock(left, right);
        } else {
          const block = dialogueBlock(script, group, paper, paper);
          if (block.rows.length > 0) blocks.push(block);
        }
        break;
      }
      case 'scene_heading': {
        const lines = elementLines(script, el, 'scene_heading', paper.action, 'left', paper);
        if (lines.length === 0) break;
        const rows = rowsOf(lines, 'other');
        if (el.sceneNumber) {
          const n = el.sceneNumber;
          rows[0].lines.push(line('scene_number', n, paper.sceneNumberLeft - cellsOf(n) * CELL), line('scene_number', n, paper.sceneNumberRight));
        }
        blocks.push({ kind: 'heading', rows });
        break;
      }
      case 'transition':
        pushText(blocks, 'transition', elementLines(script, el, 'transition', paper.action, 'right', paper));
        break;
      case 'centered':
        pushText(blocks, 'text', elementLines(script, el, 'centered', paper.action, 'center', paper));
        break;
      case 'lyrics':
        pushText(blocks, 'text', elementLines(script, el, 'lyrics', paper.action, 'left', paper, ITALIC));
        break;
      case 'action':
        pushText(blocks, 'text', elementLines(script, el, 'action', paper.action, 'left', paper));
        break;
      case 'dialogue':
      case 'parenthetical':
        // Speech without a cue (the parser keeps it only under one): print it as dialogue.
        pushText(blocks, 'text', elementLines(script, el, el.type, el.type === 'dialogue' ? paper.dialogue : paper.parenthetical, 'left', paper));
        break;
      default:
        // title_page, section, synopsis, note, boneyard: not printed.
        break;
    }
  }
  return blocks;
}

function pushText(blocks: Block[], kind: Block['kind'], lines: LayoutLine[]): void {
  if (lines.length > 0) blocks.push({ kind, rows: rowsOf(lines, 'other') });
}

/** Where a block that does not fit may break: the rows for this page and the rest, or undefined. */
function split(block: Block, room: number, paper: Paper): { first: Row[]; rest: Block } | undefined {
  const n = block.rows.length;
  if (block.kind === 'text') {
    if (n < 4) return undefined;
    const k = Math.min(room, n - 2);
    return k >= 2 ? { first: block.rows.slice(0, k), rest: { ...block, rows: block.rows.slice(k) } } : undefined;
  }
  if (block.kind === 'dialogue' && block.cue) {
    for (let k = Math.min(room - 1, n - 1); k >= 2; k--) {
      if (block.rows[k - 1].kind !== 'speech' || block.rows[k].kind === 'cue') continue;
      const cue = block.cue;
      const more = line('more', '(MORE)', paper.character.x, -1, -1);
      const contd = { ...cue, text: cue.text.includes(CONTD) ? cue.text : `${cue.text} ${CONTD}` };
      delete contd.styles;
      return {
        first: [...block.rows.slice(0, k), { lines: [more], kind: 'other' }],
        rest: { ...block, rows: [{ lines: [contd], kind: 'cue' }, ...block.rows.slice(k)] },
      };
    }
  }
  return undefined;
}

/** Rows the first part of `block` needs at the foot of a page. */
function minimumStart(block: Block | undefined): number {
  if (!block || block.kind === 'break') return 0;
  if (block.kind === 'text' && block.rows.length >= 4) return 2;
  if (block.kind === 'dialogue') return Math.min(block.rows.length, 3);
  return block.rows.length;
}

function paginate(blocks: Block[], paper: Paper): LayoutLine[][] {
  const pages: LayoutLine[][] = [];
  let current: LayoutLine[] = [];
  let used = 0;
  const place = (rows: Row[]): void => {
    for (const r of rows) {
      for (const l of r.lines) {
        l.row = used;
        l.y = paper.top + used * ROW;
        current.push(l);
      }
      used++;
    }
  };
  const newPage = (): void => {
    pages.push(current);
    current = [];
    used = 0;
  };
  for (let b = 0; b < blocks.length; b++) {
    let block: Block | undefined = blocks[b];
    if (block.kind === 'break') {
      if (used > 0) newPage();
      continue;
    }
    while (block) {
      const gap = used > 0 ? 1 : 0;
      const room = paper.rows - used - gap;
      const n = block.rows.length;
      let need = n;
      if (block.kind === 'heading') {
        const next = blocks[b + 1];
        if (next && next.kind !== 'break' && next.kind !== 'heading') need = n + 1 + Math.min(minimumStart(next), Math.max(0, paper.rows - n - 1));
      }
      if (need <= room || (used === 0 && n <= room)) {
        used += gap;
        place(block.rows);
        block = undefined;
        break;
      }
      const part = split(block, room, paper);
      if (part) {
        used += gap;
        place(part.first);
        newPage();
        block = part.rest;
        continue;
      }
      if (used === 0) {
        // Taller than a page with nowhere to break: cut it where the page ends.
        place(block.rows.slice(0, room));
        newPage();
        block = { ...block, rows: block.rows.slice(room) };
        if (block.rows.length === 0) block = undefined;
        continue;
      }
      newPage();
    }
  }
  if (used > 0) pages.push(current);
  return pages;
}

/** The body pages of a script: numbered from 1, page numbers printed from page 2 on. */
export function layoutBody(script: Script, options: BodyOptions = {}): LayoutPage[] {
  const paper = PAPERS[options.paper ?? 'letter'];
  const pages = paginate(buildBlocks(script, paper), paper);
  return pages.map((lines, i) => {
    const number = i + 1;
    if (number > 1) {
      const label = `${number}.`;
      lines.push({ type: 'page_number', text: label, x: paper.right - cellsOf(label) * CELL, y: paper.pageNumberTop, row: -1, start: -1, end: -1 });
    }
    return { kind: 'body', number, lines };
  });
}
