/**
 * The export engine: a script laid out on pages (the layout model) and its renderings, PDF
 * and Final Draft XML. Pure: no disk, no network; fonts come in as bytes.
 */
import type { Script, TextRange } from '../fountain/types';
import { layoutBody, type Layout } from './layout';
import { markLines } from './marks';
import { PAPERS, type PaperName } from './paper';
import { layoutTitlePage, type TitleDisclosure } from './titlePage';

export { layoutBody, type Layout, type LayoutLine, type LayoutPage, type LineType } from './layout';
export { layoutTitlePage, titleFromFileName, type TitleDisclosure } from './titlePage';
export { PAPERS, PAPER_NAMES, type Paper, type PaperName } from './paper';
export { aiRanges, markLines } from './marks';
export { firstDifference, normaliseRow, pageRows, rowsOfPieces, type PlacedText, type TextDifference } from './pageText';
export { titleDisclosure, signerLabels, signatureKeyId, NO_RECORD_STATEMENT, MARKS_LEGEND } from './disclosure';

export interface ScriptLayoutOptions {
  paper?: PaperName;
  /** The script's file name (a title for scripts without a title page). */
  fileName?: string;
  disclosure: TitleDisclosure;
  /** AI-origin stretches to mark in the margin (no marks when absent). */
  marks?: readonly TextRange[];
}

/** The whole printed script: title page(s), then the body pages. */
export function layoutScript(script: Script, options: ScriptLayoutOptions): Layout {
  const paper = PAPERS[options.paper ?? 'letter'];
  const layout: Layout = {
    paper,
    pages: [
      ...layoutTitlePage(script, { paper: paper.name, disclosure: options.disclosure, ...(options.fileName ? { fileName: options.fileName } : {}) }),
      ...layoutBody(script, { paper: paper.name }),
    ],
  };
  if (options.marks) markLines(layout, options.marks);
  return layout;
}
