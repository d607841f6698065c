/**
 * Typing-run coalescing: consecutive keystrokes of one origin at the cursor (typing,
 * Backspace, Delete) become one journal event, written when the run ends. The run keeps
 * each step so that replay gives the same ledger as one edit per keystroke.
 */
import type { TypingStep } from './journal';
import { keystrokesOf } from './keystrokes';
import { originKey } from './origin';
import type { LedgerEdit, Origin } from './types';

/** A typing run ends after this long without a keystroke. */
export const TYPING_PAUSE_MS = 2000;
/** A typing run is written once it holds this many keystrokes, whatever happens next. */
export const TYPING_RUN_MAX = 1000;

/** Keystrokes not yet written: their net effect and their steps. */
export interface TypingRun {
  key: string;
  origin: Origin;
  /** Net effect: `deleteLength` at `offset` of the text before the run became `insertText`. */
  offset: number;
  deleteLength: number;
  insertText: string;
  /** Where the first keystroke was made. */
  start: number;
  cursor: number;
  steps: TypingStep[];
  deletions: number;
  keystrokes: number;
  first: Date;
  last: Date;
}

/** Whether an edit is one keystroke of typing (an insertion or a deletion), or not one at all. */
export function keystrokeKind(edit: LedgerEdit): 'insert' | 'delete' | undefined {
  if (edit.origin.channel !== 'typing') return undefined;
  if (edit.deleteLength === 0 && edit.insertText.length > 0 && edit.insertText.length <= 2) {
    const keys = keystrokesOf(edit.insertText);
    if (keys.length !== 1 || edit.insertText === '\r') return undefined;
    const c = edit.insertText.charCodeAt(0);
    if (edit.insertText.length === 1 && c >= 0xd800 && c <= 0xdfff) return undefined;
    return 'insert';
  }
  if (edit.insertText === '' && (edit.deleteLength === 1 || edit.deleteLength === 2)) return 'delete';
  return undefined;
}

/** A run of one keystroke. */
export function startTypingRun(edit: LedgerEdit, kind: 'insert' | 'delete', at: Date): TypingRun {
  const insert = kind === 'insert';
  return {
    key: originKey(edit.origin),
    origin: edit.origin,
    offset: edit.offset,
    deleteLength: edit.deleteLength,
    insertText: edit.insertText,
    start: edit.offset,
    cursor: insert ? edit.offset + edit.insertText.length : edit.offset,
    steps: [insert ? edit.insertText : edit.deleteLength],
    deletions: insert ? 0 : 1,
    keystrokes: 1,
    first: at,
    last: at,
  };
}

/**
 * Adds a keystroke to `run` when it continues it (same origin, at the cursor, soon enough,
 * the run not full); false, changing nothing, when it does not.
 */
export function extendTypingRun(run: TypingRun | undefined, edit: LedgerEdit, kind: 'insert' | 'delete', at: Date): boolean {
  if (!run || (edit.origin !== run.origin && run.key !== originKey(edit.origin))) return false;
  if (at.getTime() - run.last.getTime() > TYPING_PAUSE_MS || run.keystrokes >= TYPING_RUN_MAX) return false;
  if (kind === 'insert') {
    if (edit.offset !== run.cursor) return false;
    const lastStep = run.steps[run.steps.length - 1];
    if (typeof lastStep === 'string') run.steps[run.steps.length - 1] = lastStep + edit.insertText;
    else run.steps.push(edit.insertText);
    run.insertText += edit.insertText;
    run.cursor += edit.insertText.length;
  } else if (edit.offset + edit.deleteLength === run.cursor) {
    // backspace
    const k = edit.deleteLength;
    if (k <= run.insertText.length) run.insertText = run.insertText.slice(0, run.insertText.length - k);
    else {
      const rest = k - run.insertText.length;
      run.insertText = '';
      run.offset -= rest;
      run.deleteLength += rest;
    }
    run.cursor -= k;
    run.steps.push(-k);
    run.deletions++;
  } else if (edit.offset === run.cursor) {
    // delete key
    run.deleteLength += edit.deleteLength;
    run.steps.push(edit.deleteLength);
    run.deletions++;
  } else {
    return false;
  }
  run.keystrokes++;
  run.last = at;
  return true;
}

/** The fields of the edit event that records `run`, its origin written as `origin`. */
export function typingRunFields(run: TypingRun, origin: number): Record<string, unknown> & { type: 'edit' } {
  const fields: Record<string, unknown> & { type: 'edit' } = {
    type: 'edit',
    offset: run.offset,
    deleteLength: run.deleteLength,
    insertText: run.insertText,
    origin,
  };
  if (run.keystrokes > 1) {
    if (run.deletions === 0) fields.typed = true;
    else {
      fields.steps = run.steps;
      fields.cursor = run.start;
    }
    if (run.last.getTime() !== run.first.getTime()) fields.until = run.last.toISOString();
  }
  return fields;
}
