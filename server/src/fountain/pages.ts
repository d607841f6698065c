/**
 * An estimate of the printed length of a script, in US-letter pages of 12-point Courier with
 * the usual screenplay margins. See docs/parser.md ("Page estimate") for the model.
 */
import type { Element, Script } from './types';
import { lineIndex } from './lines';

/** Characters per line for each kind of printed element. */
export const PAGE_WIDTHS = {
  action: 61,
  dialogue: 35,
  parenthetical: 26,
  lyrics: 35,
  centered: 61,
  character: 38,
  heading: 61,
  transition: 61,
} as const;

/** Printed lines on one page (body, between header and footer). */
export const LINES_PER_PAGE = 57;

/** Lines that `text` takes when wrapped at `width` characters, breaking at spaces. */
export function wrappedLines(text: string, width: number): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    let lines = 1;
    let used = 0;
    for (const w of words) {
      if (w.length === 0) continue;
      let len = w.length;
      if (used === 0) {
        while (len > width) {
          lines++;
          len -= width;
        }
        used = len;
      } else if (used + 1 + len <= width) used += 1 + len;
      else {
        lines++;
        while (len > width) {
          lines++;
          len -= width;
        }
        used = len;
      }
    }
    total += lines;
  }
  return total;
}

function printed(text: string): string {
  return text.replace(/\[\[[\s\S]*?\]\]/g, '').replace(/\\([*_])/g, '$1').replace(/(?<!\\)[*_]+/g, '');
}

/** Lines an element takes on the page, not counting the blank line before it. */
function elementLines(el: Element): number {
  switch (el.type) {
    case 'action':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.action);
    case 'dialogue':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.dialogue);
    case 'lyrics':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.lyrics);
    case 'parenthetical':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.parenthetical);
    case 'centered':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.centered);
    case 'scene_heading':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.heading);
    case 'character':
      return wrappedLines(printed(el.text), PAGE_WIDTHS.character);
    case 'transition':
      return 1;
    default:
      return 0;
  }
}

const SPEECH = new Set(['character', 'dialogue', 'parenthetical', 'lyrics']);

/** True for elements printed straight under the one before (same dialogue block), with no blank line between. */
function joinsPrevious(el: Element, previous: Element | undefined, lineStarts: number[]): boolean {
  if (el.type === 'dialogue' || el.type === 'parenthetical') return true;
  return el.type === 'lyrics' && previous !== undefined && SPEECH.has(previous.type) && lineIndex(lineStarts, previous.end) + 1 === el.line;
}

/** Estimated page count, title page included (at least 1 for a non-empty script). */
export function estimatePages(script: Script): number {
  let pages = script.titlePage.length > 0 ? 1 : 0;
  let lines = 0;
  let body = false;
  let previous: Element | undefined;
  for (const el of script.elements) {
    if (el.type === 'page_break') {
      if (lines > 0) pages += Math.ceil(lines / LINES_PER_PAGE);
      lines = 0;
      continue;
    }
    const n = elementLines(el);
    if (n === 0) continue;
    body = true;
    if (lines > 0 && !joinsPrevious(el, previous, script.lineStarts)) lines += el.type === 'scene_heading' ? 2 : 1;
    lines += n;
    previous = el;
  }
  if (lines > 0) pages += Math.ceil(lines / LINES_PER_PAGE);
  return body || pages > 0 ? Math.max(1, pages) : 0;
}
