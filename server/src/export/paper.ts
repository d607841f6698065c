/**
 * The printed page: paper sizes and where each kind of screenplay line sits on it. One
 * definition of a page, used by the PDF, the page estimate and the page text that `validate`
 * compares. Units are PDF points (1/72 inch); rows are 12-point Courier lines (6 to the inch),
 * columns are Courier cells of 7.2 points (10 to the inch).
 */

/** Paper sizes a script can be printed on. */
export type PaperName = 'letter' | 'a4';

export const PAPER_NAMES: readonly PaperName[] = ['letter', 'a4'];

/** Width of one Courier cell at 12 points (600/1000 em). */
export const CELL = 7.2;
/** Height of one printed line at 12 points, single spaced. */
export const ROW = 12;
/** Font size of every line. */
export const FONT_SIZE = 12;

const INCH = 72;

/** Where a kind of line starts and how many cells it may take. */
export interface Column {
  /** Left edge, in points from the page's left edge. */
  x: number;
  /** Width in cells. */
  width: number;
}

export interface Paper {
  name: PaperName;
  /** Page size in points. */
  width: number;
  height: number;
  /** Top of the first body row, in points from the page's top edge. */
  top: number;
  /** Body rows on one page. */
  rows: number;
  /** Left and right edge of the text block (action, scene headings, transitions end here). */
  left: number;
  right: number;
  /** Baseline row of the page number (points from the top). */
  pageNumberTop: number;
  action: Column;
  character: Column;
  parenthetical: Column;
  dialogue: Column;
  /** Dual dialogue columns: left and right. */
  dual: { left: { character: Column; parenthetical: Column; dialogue: Column }; right: { character: Column; parenthetical: Column; dialogue: Column } };
  /** x of the left scene number (its right edge) and of the right one (its left edge). */
  sceneNumberLeft: number;
  sceneNumberRight: number;
  /** x of the revision-style margin mark. */
  markX: number;
}

function cellsBetween(from: number, to: number): number {
  return Math.floor((to - from) / CELL + 1e-9);
}

function paper(name: PaperName, width: number, height: number, rows: number): Paper {
  const left = 1.5 * INCH;
  const right = width - 1 * INCH;
  const actionWidth = cellsBetween(left, right);
  const dualDialogue = 28;
  const rightStart = left + 3.1 * INCH;
  return {
    name,
    width,
    height,
    top: 1 * INCH,
    rows,
    left,
    right,
    pageNumberTop: 0.5 * INCH,
    action: { x: left, width: actionWidth },
    character: { x: 3.7 * INCH, width: cellsBetween(3.7 * INCH, right) },
    parenthetical: { x: 3.1 * INCH, width: 26 },
    dialogue: { x: 2.5 * INCH, width: 35 },
    dual: {
      left: {
        character: { x: left + 1.0 * INCH, width: dualDialogue - 8 },
        parenthetical: { x: left + 0.3 * INCH, width: dualDialogue - 6 },
        dialogue: { x: left, width: dualDialogue },
      },
      right: {
        character: { x: rightStart + 1.0 * INCH, width: cellsBetween(rightStart + 1.0 * INCH, right) },
        parenthetical: { x: rightStart + 0.3 * INCH, width: dualDialogue - 6 },
        dialogue: { x: rightStart, width: Math.min(dualDialogue, cellsBetween(rightStart, right)) },
      },
    },
    sceneNumberLeft: left - 0.25 * INCH,
    sceneNumberRight: right + 0.15 * INCH,
    markX: width - 0.55 * INCH,
  };
}

/** US letter (8.5 x 11 in, 55 body lines) and A4 (210 x 297 mm, 57 body lines). */
export const PAPERS: Readonly<Record<PaperName, Paper>> = {
  letter: paper('letter', 8.5 * INCH, 11 * INCH, 55),
  a4: paper('a4', 595.28, 841.89, 57),
};
