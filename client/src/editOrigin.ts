/**
 * How the client tells where an edit came from. Pure: no `vscode` at run time, so the rules
 * are unit-tested without an editor. The server labels short insertions as typing and long
 * ones as unattributed by itself; the client adds what only the editor knows.
 */
import type { Origin } from '../../server/src/shared/protocol';

/** One content change as VS Code reports it (offsets into the text before the change). */
export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** A change's inserted text located in the text after the whole event. */
export interface Insertion {
  start: number;
  end: number;
  text: string;
}

/**
 * What the client knows about one insertion.
 * - `typing`: keystrokes (a character, a line break with its indentation, an auto-closed pair).
 * - `undo` / `redo`: the editor's own history; the server's ledger restores earlier origins.
 * - `own`: text our own commands inserted through the server, which labels it itself.
 * - `paste`: the inserted text is what the clipboard (or the paste event) held.
 * - `copy`: a paste of text copied or cut from a Fountain document in this editor; it keeps
 *   the origins the text had where it was copied from (copying never launders AI text).
 * - `unattributed`: any other multi-character insertion (completions, snippets, other
 *   extensions): the writer is asked to attest it.
 */
export type EditSource = 'typing' | 'undo' | 'redo' | 'own' | 'paste' | 'copy' | 'unattributed';

export interface ClassifyInput {
  text: string;
  /** The change event's reason: 1 = undo, 2 = redo (vscode.TextDocumentChangeReason). */
  reason?: number;
  /** Consumes a pending insertion of our own commands with this text, if there is one. */
  takeOwn?: (text: string) => boolean;
  /** Consumes a recorded paste with this text: `paste`, `copy` (copied inside the editor) or false. */
  takePaste?: (text: string) => 'paste' | 'copy' | false;
}

const autoClosedPairs = new Set(['()', '[]', '{}', '""', "''", '``', '<>', '**', '__', '[[]]', '/**/']);

/** True for what a keystroke produces. */
export function looksTyped(text: string): boolean {
  if (text.length <= 1) return true;
  if (/^\r?\n[ \t]*$/.test(text)) return true;
  return autoClosedPairs.has(text);
}

/** Normalises line ends so a paste into a CRLF document still matches the clipboard. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

/**
 * Classifies an insertion with what is known synchronously. Returns `undefined` when only
 * the clipboard can settle it (the caller reads it and calls {@link classifyWithClipboard}).
 */
export function classifyInsertion(input: ClassifyInput): EditSource | undefined {
  if (input.reason === 1) return 'undo';
  if (input.reason === 2) return 'redo';
  if (input.text.length === 0) return 'typing';
  if (input.takeOwn?.(input.text)) return 'own';
  const pasted = input.takePaste?.(input.text);
  if (pasted) return pasted;
  if (looksTyped(input.text)) return 'typing';
  return undefined;
}

/** The fallback when no paste event was seen: compare with what the clipboard holds now. */
export function classifyWithClipboard(text: string, clipboard: string | undefined): EditSource {
  return clipboard !== undefined && clipboard.length > 0 && sameText(text, clipboard) ? 'paste' : 'unattributed';
}

/**
 * Where each change's inserted text sits after the whole event. VS Code reports every change
 * of one event against the text before the event, so a change is shifted by the net length
 * of the changes before it in the document.
 */
export function insertionsAfter(changes: readonly ContentChange[]): Insertion[] {
  const ordered = changes.map((change, index) => ({ change, index })).sort((a, b) => a.change.rangeOffset - b.change.rangeOffset || a.index - b.index);
  const out: Insertion[] = new Array(changes.length);
  let shift = 0;
  for (const { change, index } of ordered) {
    const start = change.rangeOffset + shift;
    out[index] = { start, end: start + change.text.length, text: change.text };
    shift += change.text.length - change.rangeLength;
  }
  return out;
}

/** The origin an attribution carries; typing, undo, redo and our own text need none. */
export function originFor(source: EditSource, at: string): Origin | undefined {
  switch (source) {
    case 'paste':
      return { kind: 'pasted', channel: 'paste', at, source: 'clipboard' };
    case 'unattributed':
      return { kind: 'unattributed', channel: 'completion', at };
    default:
      // Typing is the server's default for short insertions; our own AI text is labelled by
      // insertGenerated; undo and redo are restored by the ledger from what was deleted.
      return undefined;
  }
}

/** A stretch of copied text with the origin it had, offsets relative to the copy's start. */
export interface CopiedPiece {
  from: number;
  to: number;
  origin: Origin;
}

/** The pieces of [start, end) in runs given by offsets, clipped and made relative to `start`. */
export function copiedPieces(runs: ReadonlyArray<{ start: number; end: number; origin: Origin }>, start: number, end: number): CopiedPiece[] {
  const pieces: CopiedPiece[] = [];
  for (const run of runs) {
    const from = Math.max(run.start, start);
    const to = Math.min(run.end, end);
    if (to > from) pieces.push({ from: from - start, to: to - start, origin: run.origin });
  }
  return pieces;
}

/** True when the pieces cover [0, length) exactly once, in order. */
export function piecesCover(pieces: readonly CopiedPiece[], length: number): boolean {
  let at = 0;
  for (const piece of pieces) {
    if (piece.from !== at || piece.to <= piece.from) return false;
    at = piece.to;
  }
  return at === length;
}

/** Offset of a zero-based line and UTF-16 column in `text`. */
export function offsetIn(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + character, text.length);
}
