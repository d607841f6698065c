/**
 * The one place that converts engine offsets (UTF-16 code units into the text) to LSP
 * positions (line, UTF-16 character) and back. Everything else in lsp/ goes through here.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { TextEdit as EngineEdit } from '../fountain/types';

/** What converts between offsets and positions: {@link LinePositions}, or a vscode-languageserver-textdocument TextDocument. */
export interface Positions {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** A text and the offsets its lines start at (line breaks `\r\n`, `\n`, `\r`), as the parser keeps them. */
export interface LinedText {
  /** The text, or a view of it that reads code units without joining it (fountain/pieceText.ts). */
  readonly text: { readonly length: number; charCodeAt(index: number): number };
  readonly lineStarts: readonly number[];
}

function isEol(c: number): boolean {
  return c === 13 || c === 10;
}

/**
 * Positions over the parser's own text and line starts, so an open script keeps one copy of
 * its text (no TextDocument beside the parsed Script). The answers are those of
 * vscode-languageserver-textdocument: an offset inside a line break maps to the end of its
 * line, and a character past a line's end to the end of that line.
 */
export class LinePositions implements Positions {
  constructor(private readonly current: () => LinedText) {}

  positionAt(offset: number): Position {
    const { text, lineStarts } = this.current();
    offset = Math.max(Math.min(offset, text.length), 0);
    let low = 0;
    let high = lineStarts.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineStarts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const start = lineStarts[line];
    while (offset > start && isEol(text.charCodeAt(offset - 1))) offset--;
    return { line, character: offset - start };
  }

  offsetAt(position: Position): number {
    const { text, lineStarts } = this.current();
    if (position.line >= lineStarts.length) return text.length;
    if (position.line < 0) return 0;
    const start = lineStarts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
    let offset = Math.min(start + position.character, next);
    while (offset > start && isEol(text.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

export function toPosition(doc: Positions, offset: number): Position {
  return doc.positionAt(offset);
}

export function toOffset(doc: Positions, position: Position): number {
  return doc.offsetAt(position);
}

export function toRange(doc: Positions, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) };
}

/** The offsets of an LSP range; a reversed range is put in order. */
export function toOffsets(doc: Positions, range: Range): { start: number; end: number } {
  const a = doc.offsetAt(range.start);
  const b = doc.offsetAt(range.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/** The engine edit an LSP change of `doc` (before the change) describes. */
export function toEngineEdit(doc: Positions, range: Range, text: string): EngineEdit {
  const { start, end } = toOffsets(doc, range);
  return { offset: start, deleteLength: end - start, insertText: text };
}

/** An engine edit as an LSP text edit on `doc` (the document it applies to). */
export function toLspEdit(doc: Positions, edit: EngineEdit): { range: Range; newText: string } {
  return { range: toRange(doc, edit.offset, edit.offset + edit.deleteLength), newText: edit.insertText };
}

/**
 * Maps a position through one change made in position space (`range` replaced by `text`),
 * so a range sent for an old version can be carried to the current one. `side` says which
 * end of a range the position is: text inserted exactly at a range's start or end stays
 * outside the range, and a position inside replaced text moves out of it.
 */
export function mapPosition(p: Position, range: Range, text: string, side: 'start' | 'end'): Position {
  if (before(p, range.start)) return p;
  if (side === 'end' && same(p, range.start)) return p;
  const lines = text.split(/\r\n|\r|\n/);
  const newEnd: Position =
    lines.length === 1
      ? { line: range.start.line, character: range.start.character + text.length }
      : { line: range.start.line + lines.length - 1, character: lines[lines.length - 1].length };
  if (before(p, range.end)) return side === 'start' ? newEnd : range.start;
  if (p.line === range.end.line) return { line: newEnd.line, character: newEnd.character + (p.character - range.end.character) };
  return { line: p.line + (newEnd.line - range.end.line), character: p.character };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}
