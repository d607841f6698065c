/**
 * The ledger's deletion memory: the last {@link RECENT_DELETIONS} deletions (at most
 * {@link RECENT_DELETION_CHARS} characters in all), with their runs and their place in the
 * current text, so that undo, redo and cut-and-paste bring origins back. See `Ledger` for
 * the rule that decides when an insertion restores a remembered deletion.
 */
import type { RunTriple } from './ledgerRuns';
import type { Channel, OriginId } from './types';

/** How many recent deletions the ledger remembers for undo and cut-and-paste. */
export const RECENT_DELETIONS = 32;
/** The most characters the recent-deletions memory holds in all. */
export const RECENT_DELETION_CHARS = 262_144;

/** How many pieces of one remembered deletion can still be restored one by one. */
const PIECES = 256;

export type Where = 'here' | 'anywhere';
const NOWHERE: readonly Where[] = [];
const HERE_THEN_ANYWHERE: readonly Where[] = ['here', 'anywhere'];
const ANYWHERE: readonly Where[] = ['anywhere'];
/** Look only at the insertion's own place (typing and most channels). */
export const HERE: readonly Where[] = ['here'];

/** Where an insertion of each channel looks for the deletion it restores, in order. */
export function restoreSearch(channel: Channel): readonly Where[] {
  switch (channel) {
    case 'reconcile':
      return NOWHERE;
    case 'undo':
    case 'redo':
      return HERE_THEN_ANYWHERE;
    case 'move':
    case 'paste':
      return ANYWHERE;
    default:
      return HERE;
  }
}

/** One remembered deletion. */
export interface Deletion {
  offset: number;
  text: string;
  runs: RunTriple[];
  /** Pieces later pure deletions added, oldest first: -n at the front, +n at the back. */
  pieces: number[];
}

/** The insertion that typing at its end extends. */
export interface OpenInsertion {
  id: number;
  originId: OriginId;
  start: number;
  end: number;
}

/** A remembered deletion (or its newest piece) whose text an insertion repeats. */
export interface DeletionMatch {
  index: number;
  piece: boolean;
}

/** Splits runs after `at` characters. */
function splitRuns(runs: readonly RunTriple[], at: number): [RunTriple[], RunTriple[]] {
  const head: RunTriple[] = [];
  const tail: RunTriple[] = [];
  let pos = 0;
  for (const [len, org, ins] of runs) {
    if (pos + len <= at) head.push([len, org, ins]);
    else if (pos >= at) tail.push([len, org, ins]);
    else {
      head.push([at - pos, org, ins]);
      tail.push([pos + len - at, org, ins]);
    }
    pos += len;
  }
  return [head, tail];
}

/** The text of the newest piece of a remembered deletion, or undefined when it has none. */
function newestPiece(d: Deletion): string | undefined {
  const piece = d.pieces[d.pieces.length - 1];
  if (piece === undefined) return undefined;
  return piece < 0 ? d.text.slice(0, -piece) : d.text.slice(d.text.length - piece);
}

/** The sum of the runs' lengths. */
export function sumLengths(runs: readonly RunTriple[]): number {
  let n = 0;
  for (const r of runs) n += r[0];
  return n;
}

/** Recent deletions, oldest first. */
export class DeletionMemory {
  deletions: Deletion[] = [];
  /** Characters of all remembered deletions. */
  chars = 0;
  /** True when the newest deletion may still grow (the last edit was a pure deletion). */
  joinable = false;

  /** Moves remembered places after an edit of `del` characters at `offset` inserting `ins`. */
  shift(offset: number, del: number, ins: number): void {
    const deletions = this.deletions;
    const end = offset + del;
    const delta = ins - del;
    for (let i = 0; i < deletions.length; i++) {
      const d = deletions[i];
      const at = d.offset;
      if (at > offset) d.offset = at < end ? offset : at + delta;
    }
  }

  /** Shifts the remembered places past a deletion, then remembers it (growing the newest). */
  remember(offset: number, del: number, text: string, runs: RunTriple[], pure: boolean): void {
    const last = pure && this.joinable ? this.deletions[this.deletions.length - 1] : undefined;
    // Backspace grows the remembered text at its front, Delete at its back.
    const front = last !== undefined && last.offset === offset + del;
    const back = last !== undefined && last.offset === offset;
    if (front || back) {
      this.deletions.pop();
      this.chars -= last.text.length;
    }
    this.shift(offset, del, 0);
    if (front || back) {
      const pieces = [...last.pieces, front ? -del : del];
      if (pieces.length > PIECES) pieces.shift();
      if (front) this.push({ offset, text: text + last.text, runs: [...runs, ...last.runs], pieces });
      else this.push({ offset, text: last.text + text, runs: [...last.runs, ...runs], pieces });
    } else this.push({ offset, text, runs, pieces: [] });
  }

  /** Remembers a deletion as the newest, forgetting the oldest past the limits. */
  push(deletion: Deletion): void {
    if (deletion.text.length > RECENT_DELETION_CHARS) return;
    this.deletions.push(deletion);
    this.chars += deletion.text.length;
    while (this.deletions.length > RECENT_DELETIONS || this.chars > RECENT_DELETION_CHARS) {
      const dropped = this.deletions.shift()!;
      this.chars -= dropped.text.length;
    }
  }

  /** The newest remembered deletion (or newest piece of one) with exactly `text`, searched as `search` says. */
  find(offset: number, text: string, search: readonly Where[]): DeletionMatch | undefined {
    const deletions = this.deletions;
    const length = text.length;
    for (let w = 0; w < search.length; w++) {
      const here = search[w] === 'here';
      for (let i = deletions.length - 1; i >= 0; i--) {
        const d = deletions[i];
        if (here && d.offset !== offset) continue;
        if (d.text.length === length && d.text === text) return { index: i, piece: false };
        const pieces = d.pieces;
        if (pieces.length === 0) continue;
        const piece = pieces[pieces.length - 1];
        if ((piece === length || piece === -length) && newestPiece(d) === text) return { index: i, piece: true };
      }
    }
    return undefined;
  }

  /**
   * Forgets the matched deletion (or piece) that an insertion of `length` characters at
   * `offset` brings back, moves the remembered places past the insertion, and returns the
   * runs that come back.
   */
  restore(match: DeletionMatch, offset: number, length: number): RunTriple[] {
    const d = this.deletions[match.index];
    let runs: RunTriple[];
    let front = false;
    if (!match.piece) {
      this.deletions.splice(match.index, 1);
      runs = d.runs;
    } else {
      const piece = d.pieces.pop()!;
      front = piece < 0;
      if (front) {
        [runs, d.runs] = splitRuns(d.runs, -piece);
        d.text = d.text.slice(-piece);
      } else {
        [d.runs, runs] = splitRuns(d.runs, d.text.length - piece);
        d.text = d.text.slice(0, d.text.length - piece);
      }
    }
    this.chars -= length;
    this.shift(offset, 0, length);
    // What is left of a deletion whose front piece came back lies after that piece.
    if (front && d.offset === offset) d.offset = offset + length;
    return runs;
  }
}
