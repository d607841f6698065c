/**
 * The text of a page as a reader (or a PDF text extractor) sees it: rows top to bottom, the
 * pieces of a row left to right, white space collapsed. `validate` compares the rows the
 * layout prints with the rows it reads back from a PDF.
 */
import type { LayoutPage } from './layout';
import { CELL } from './paper';
import { cellsOf } from './wrap';

/** A row's text with runs of white space as one space, trimmed. */
export function normaliseRow(text: string): string {
  // Readers put a space between wide glyphs spaced out to two cells; so does this, never.
  return text.replace(/\s+/g, ' ').replace(WIDE_GAP, '').trim();
}

const WIDE = '\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const WIDE_GAP = new RegExp(`(?<=[${WIDE}]) (?=[${WIDE}])`, 'g');

/** A piece of text placed on a page (points; y from the top). */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  /** Width in points: pieces closer than half a cell join without a space. */
  width?: number;
}

/** Rows of placed text: pieces whose y is within `tolerance` points are one row. */
export function rowsOfPieces(pieces: readonly PlacedText[], tolerance = 2): string[] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PlacedText[][] = [];
  for (const p of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - p.y) <= tolerance) row.push(p);
    else rows.push([p]);
  }
  return rows
    .map((r) => {
      r.sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const p of r) {
        // Spaces come from the gaps between pieces: a reader's own space pieces add nothing.
        if (p.text.trim() === '') continue;
        if (text !== '' && !(p.x - end < CELL / 2)) text += ' ';
        text += p.text;
        end = p.width === undefined ? -Infinity : p.x + p.width;
      }
      return normaliseRow(text);
    })
    .filter((t) => t !== '');
}

/** The rows of a laid-out page. */
export function pageRows(page: LayoutPage): string[] {
  return rowsOfPieces(page.lines.map((l) => ({ text: l.text, x: l.x, y: l.y, width: cellsOf(l.text) * CELL })));
}

/** The first place two documents' rows differ: page and line numbers are 1-based. */
export interface TextDifference {
  page: number;
  line: number;
  expected?: string;
  found?: string;
}

/** Compares expected and found rows page by page; undefined when they agree. */
export function firstDifference(expected: readonly string[][], found: readonly string[][]): TextDifference | undefined {
  const pages = Math.max(expected.length, found.length);
  for (let p = 0; p < pages; p++) {
    const e = expected[p] ?? [];
    const f = found[p] ?? [];
    const lines = Math.max(e.length, f.length);
    for (let l = 0; l < lines; l++) {
      const a = e[l] !== undefined ? normaliseRow(e[l]) : undefined;
      const b = f[l] !== undefined ? normaliseRow(f[l]) : undefined;
      if (a !== b) return { page: p + 1, line: l + 1, ...(a !== undefined ? { expected: a } : {}), ...(b !== undefined ? { found: b } : {}) };
    }
  }
  return undefined;
}
