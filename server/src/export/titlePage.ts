/**
 * The title page: the script's title-page entries laid out the usual way (title, credit,
 * authors and source centred in the upper half; contact, notes and copyright at the foot on
 * the left; the draft date at the foot on the right), and the disclosure block between them.
 * A script without a title page gets one with a title made from its file name.
 */
import { emphasisSpans } from '../fountain/emphasis';
import type { Script } from '../fountain/types';
import { CELL, PAPERS, ROW, type Paper, type PaperName } from './paper';
import type { LayoutLine, LayoutPage } from './layout';
import { BOLD, ITALIC, UNDERLINE } from './printed';
import { cellsOf, wrapText } from './wrap';

/** What the title page says about the record, as plain text (see disclosure.ts). */
export interface TitleDisclosure {
  /** The disclosure statement, one paragraph. */
  statement: string;
  /** The verification lines (script hash, record status, signers). */
  verification: string[];
  /** The legend of the margin marks, when marks are printed. */
  legend?: string;
}

export interface TitleOptions {
  paper?: PaperName;
  /** The script's file name, for a title when the script has none. */
  fileName?: string;
  disclosure: TitleDisclosure;
}

/** Title-page keys printed in the centre, in this order. */
const CENTRE = ['title', 'credit', 'author', 'authors', 'source'];
const FOOT_LEFT = ['contact', 'notes', 'copyright'];
const FOOT_RIGHT = ['draft date', 'date'];

/** A title from a file name: `big-fish.fountain` -> `BIG FISH`. */
export function titleFromFileName(fileName: string | undefined): string {
  const base = (fileName ?? '').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const words = base.replace(/[-_.]+/g, ' ').trim();
  return (words || 'Untitled').toUpperCase();
}

/** A value's lines with emphasis markers taken out, and their emphasis flags. */
function styledLines(value: string): { text: string; styles: number[] }[] {
  const out: { text: string; styles: number[] }[] = [];
  for (const raw of value.split('\n')) {
    const skip = new Uint8Array(raw.length);
    const flags = new Uint8Array(raw.length);
    for (const span of emphasisSpans(raw)) {
      const flag = span.style === 'bold' ? BOLD : span.style === 'italic' ? ITALIC : span.style === 'boldItalic' ? BOLD | ITALIC : UNDERLINE;
      for (let i = span.start; i < span.contentStart; i++) skip[i] = 1;
      for (let i = span.contentEnd; i < span.end; i++) skip[i] = 1;
      for (let i = span.contentStart; i < span.contentEnd; i++) flags[i] |= flag;
    }
    let text = '';
    const styles: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (skip[i]) continue;
      if (raw[i] === '\\' && /[*_\\]/.test(raw[i + 1] ?? '')) continue;
      if (raw.charCodeAt(i) < 32) {
        text += ' ';
        styles.push(0);
        continue;
      }
      text += raw[i];
      styles.push(flags[i]);
    }
    const lead = text.length - text.trimStart().length;
    const trimmed = text.trim();
    out.push({ text: trimmed, styles: styles.slice(lead, lead + trimmed.length) });
  }
  while (out.length > 0 && out[out.length - 1].text === '') out.pop();
  return out;
}

interface Placed {
  text: string;
  styles?: number[];
  align: 'centre' | 'left' | 'right';
  type: 'title' | 'disclosure';
}

function wrapPlaced(text: string, styles: number[] | undefined, width: number, align: Placed['align'], type: Placed['type']): Placed[] {
  return wrapText(text, width).map((s) => {
    const slice = styles?.slice(s.from, s.to);
    return { text: text.slice(s.from, s.to), ...(slice && slice.some((f) => f !== 0) ? { styles: slice } : {}), align, type };
  });
}

function entryLines(script: Script, keys: string[], width: number, align: Placed['align']): Placed[][] {
  const groups: Placed[][] = [];
  for (const key of keys) {
    for (const entry of script.titlePage) {
      if (entry.key.trim().toLowerCase() !== key) continue;
      const lines = styledLines(entry.value).flatMap((l) => wrapPlaced(l.text, l.styles, width, align, 'title'));
      if (lines.length > 0) groups.push(lines);
    }
  }
  return groups;
}

/** The title page (or pages, when the disclosure is too long for one) of a script. */
export function layoutTitlePage(script: Script, options: TitleOptions): LayoutPage[] {
  const paper: Paper = PAPERS[options.paper ?? 'letter'];
  const width = paper.action.width;
  let centre = entryLines(script, CENTRE, width, 'centre');
  const hasTitle = script.titlePage.some((e) => e.key.trim().toLowerCase() === 'title' && e.value.trim() !== '');
  if (!hasTitle) centre = [[{ text: titleFromFileName(options.fileName), align: 'centre', type: 'title' }], ...centre];
  const footLeft = entryLines(script, FOOT_LEFT, Math.floor(width * 0.6), 'left');
  const footRight = entryLines(script, FOOT_RIGHT, Math.floor(width * 0.35), 'right');

  const d = options.disclosure;
  const block: Placed[] = [
    { text: 'AI DISCLOSURE', align: 'left', type: 'disclosure' },
    ...wrapPlaced(d.statement, undefined, width, 'left', 'disclosure'),
    { text: '', align: 'left', type: 'disclosure' },
    ...d.verification.flatMap((v) => wrapPlaced(v, undefined, width, 'left', 'disclosure')),
    ...(d.legend ? [{ text: '', align: 'left' as const, type: 'disclosure' as const }, ...wrapPlaced(d.legend, undefined, width, 'left', 'disclosure')] : []),
  ];

  // Rows, top down: the centre block from row 14, the disclosure three rows under it, the foot
  // at the bottom of the page.
  const rows: Placed[][] = [];
  const put = (row: number, p: Placed): void => {
    (rows[row] ??= []).push(p);
  };
  let row = 14;
  centre.forEach((group, i) => {
    if (i > 0) row += i === 1 ? 2 : 1;
    for (const p of group) put(row++, p);
  });
  row += 3;
  const foot = Math.max(
    footLeft.reduce((n, g) => n + g.length + 1, 0),
    footRight.reduce((n, g) => n + g.length + 1, 0),
  );
  const footStart = Math.max(paper.rows - Math.max(0, foot - 1), row + block.length + 2);
  for (const p of block) put(row++, p);
  let left = footStart;
  for (const g of footLeft) {
    for (const p of g) put(left++, p);
    left++;
  }
  let right = footStart;
  for (const g of footRight) {
    for (const p of g) put(right++, p);
    right++;
  }

  const pages: LayoutPage[] = [];
  for (let r = 0; r < rows.length; r++) {
    const pageIndex = Math.floor(r / paper.rows);
    const pageRow = r % paper.rows;
    pages[pageIndex] ??= { kind: 'title', lines: [] };
    for (const p of rows[r] ?? []) {
      const cells = cellsOf(p.text);
      const x = p.align === 'centre' ? paper.left + ((width - cells) * CELL) / 2 : p.align === 'right' ? paper.right - cells * CELL : paper.left;
      const line: LayoutLine = { type: p.type, text: p.text, x, y: paper.top + pageRow * ROW, row: pageRow, start: -1, end: -1 };
      if (p.styles) line.styles = p.styles;
      if (p.text !== '') pages[pageIndex].lines.push(line);
    }
  }
  for (let i = 0; i < pages.length; i++) pages[i] ??= { kind: 'title', lines: [] };
  return pages.length > 0 ? pages : [{ kind: 'title', lines: [] }];
}
