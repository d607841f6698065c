/**
 * The printed length of a script: the page count of its layout (server/src/export), so the
 * estimate and the PDF agree by construction. See docs/parser.md ("Page estimate").
 */
import type { Script } from './types';
import { layoutBody } from '../export/layout';
import type { PaperName } from '../export/paper';
import { wrapText } from '../export/wrap';

/** Lines that `text` takes when wrapped at `width` cells, breaking at spaces (each `\n` starts a line). */
export function wrappedLines(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + wrapText(line.trim(), width).length, 0);
}

/**
 * Page count, title page included when the script has one: the body pages of the layout the
 * PDF export prints (US letter unless `paper` says otherwise). 0 for a script with nothing to print.
 */
export function estimatePages(script: Script, paper: PaperName = 'letter'): number {
  const body = layoutBody(script, { paper }).length;
  return (script.titlePage.length > 0 ? 1 : 0) + body;
}
