/**
 * The one place that converts engine offsets (UTF-16 code units into the text) to LSP
 * positions (line, UTF-16 character) and back. Everything else in lsp/ goes through here.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver';
import type { TextEdit as EngineEdit } from '../fountain/types';

export { TextDocument };

export function toPosition(doc: TextDocument, offset: number): Position {
  return doc.positionAt(offset);
}

export function toOffset(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) };
}

/** The offsets of an LSP range; a reversed range is put in order. */
export function toOffsets(doc: TextDocument, range: Range): { start: number; end: number } {
  const a = doc.offsetAt(range.start);
  const b = doc.offsetAt(range.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/** The engine edit an LSP change of `doc` (before the change) describes. */
export function toEngineEdit(doc: TextDocument, range: Range, text: string): EngineEdit {
  const { start, end } = toOffsets(doc, range);
  return { offset: start, deleteLength: end - start, insertText: text };
}

/** An engine edit as an LSP text edit on `doc` (the document it applies to). */
export function toLspEdit(doc: TextDocument, edit: EngineEdit): { range: Range; newText: string } {
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
