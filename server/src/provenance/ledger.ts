/**
 * The ledger: the script's text partitioned into runs, each pointing at an interned origin
 * and at the insertion that put it there. Run lengths always sum to the text length.
 */
import { createHash } from 'node:crypto';
import { DeletionMemory, HERE, restoreSearch, type OpenInsertion } from './ledgerMemory';
import { OriginTable } from './ledgerOrigins';
import { DEFAULT_LEAF_SIZES, RunStore, type LeafSizes } from './ledgerRuns';
import { readSnapshot, writeSnapshot, type LedgerParts } from './ledgerSnapshot';
import { InsertionBook } from './ledgerSurvival';
import { TextStore } from './ledgerText';
import { emptyShares, isOrigin } from './origin';
import type { AiSurvival, LedgerEdit, LedgerSnapshot, Origin, OriginId, Run, Shares } from './types';

export { RECENT_DELETION_CHARS, RECENT_DELETIONS } from './ledgerMemory';

const fallbackOrigin: Origin = { kind: 'unattributed', channel: 'typing', at: new Date(0).toISOString() };

/** How a ledger is built (tests pass small run-store leaves to exercise their boundaries). */
export interface LedgerOptions {
  leafSizes?: LeafSizes;
}

function toInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/**
 * The text of a script and where each character came from.
 *
 * Edits follow one rule for restoring origins. The ledger remembers the last
 * {@link RECENT_DELETIONS} deletions (at most {@link RECENT_DELETION_CHARS} characters in
 * all): the deleted text, the runs it had, and where it was (kept up to date as the text
 * changes). Consecutive pure deletions that touch each other (Backspace or Delete held down)
 * grow one remembered deletion, which also remembers its pieces, so undoing the keystrokes
 * one at a time works as well as undoing them all at once. When an edit inserts text that is
 * exactly the text of a remembered deletion, or of its newest piece, the deleted runs
 * (origins and insertion ids) come back instead of the edit's origin, and that deletion (or
 * piece) is forgotten, so a deleted character is restored at most once:
 * - typing and the other channels: only a deletion at the very place of the insertion (an
 *   undo the client did not name, or a writer retyping what was just there);
 * - `undo` and `redo`: the newest matching deletion at that place, else the newest anywhere
 *   (a redo after other edits);
 * - `move` and `paste`: the newest matching deletion anywhere (a cut-and-paste inside the
 *   document);
 * - `reconcile`: never (text found changed on disk was not seen being moved).
 * Within one remembered deletion, its whole text is tried before its newest piece.
 * A replacement (deletion and insertion in one edit) first remembers what it deleted, then
 * inserts, so undoing a replacement restores the replaced text.
 *
 * Insertion ids. Every insertion takes the next number, except that typing at the end of the
 * previous insertion, with the same origin and no edit in between other than deleting its
 * own last characters, extends that insertion. An AI insertion's runs carry its own number,
 * so its survival ratio is exact. Text of any other origin carries one id per origin (the
 * number of that origin's first insertion): only AI survival is reported, and a writer
 * typing all over the script then leaves one run per stretch of their text, not one per
 * keystroke. Restoration brings back whatever ids the deleted runs had.
 * A relabel is a new insertion over its range: relabelled AI text no longer counts as
 * surviving for the AI insertion it came from.
 *
 * The rooms: runs are kept by {@link RunStore} (ledgerRuns.ts) and text by {@link TextStore}
 * (ledgerText.ts), both finding an offset in logarithmic time; origins are interned by
 * {@link OriginTable} (ledgerOrigins.ts); insertion counts and survival by
 * {@link InsertionBook} (ledgerSurvival.ts); recent deletions by {@link DeletionMemory}
 * (ledgerMemory.ts); snapshots are read and written by ledgerSnapshot.ts.
 */
/** Code units hashed at a time by {@link Ledger.textSha256} (a 128 KB string, below V8's large objects). */
const TEXT_HASH_PIECE = 60 * 1024;

export class Ledger {
  private readonly table: OriginTable;
  private readonly book: InsertionBook;
  private readonly memory: DeletionMemory;
  private store: RunStore;
  private readonly textStore: TextStore;
  private open: OpenInsertion | undefined;
  /** The origin object of the last plain insertion and its id: replay passes the same object again and again. */
  private lastEditOrigin: Origin | undefined;
  private lastEditOriginId = -1;
  private readonly leafSizes: LeafSizes;

  private constructor(text: string, options: LedgerOptions, parts?: LedgerParts) {
    this.leafSizes = options.leafSizes ?? DEFAULT_LEAF_SIZES;
    this.textStore = new TextStore(text);
    this.table = parts?.origins ?? new OriginTable();
    this.book = parts?.book ?? new InsertionBook(this.table);
    this.memory = parts?.memory ?? new DeletionMemory();
    this.store = parts?.store ?? new RunStore([], this.leafSizes);
    this.open = parts?.open;
  }

  /** A ledger whose whole text is one run of `origin` (one insertion). */
  static create(text: string, origin: Origin, options: LedgerOptions = {}): Ledger {
    const ledger = new Ledger(typeof text === 'string' ? text : '', options);
    const length = ledger.textStore.length;
    if (length > 0) {
      const originId = ledger.intern(isOrigin(origin) ? origin : fallbackOrigin);
      const id = ledger.book.start(originId, length);
      ledger.book.record(id, originId).live += length;
      ledger.store = new RunStore([[length, originId, id]], ledger.leafSizes);
    }
    return ledger;
  }

  /**
   * A ledger rebuilt from a checkpoint's snapshot and the text it describes.
   * @throws ProvenanceError when the snapshot does not fit the text (run lengths do not sum
   * to the text length, an origin or insertion id is out of range, a malformed field).
   */
  static fromSnapshot(text: string, snapshot: LedgerSnapshot, options: LedgerOptions = {}): Ledger {
    return new Ledger(text, options, readSnapshot(text, snapshot, options.leafSizes));
  }

  /** The whole text (joined once per change, then cached). */
  get text(): string {
    return this.textStore.text;
  }

  /**
   * SHA-256 (hex) of the text's UTF-8, what `sha256Hex(ledger.text)` gives, hashed piece by
   * piece: a checkpoint or seal of a 10 MB script decodes no whole-text string (21 MB, then
   * kept until the next edit).
   */
  textSha256(): string {
    const hash = createHash('sha256');
    this.textStore.forEachPiece(TEXT_HASH_PIECE, (piece) => hash.update(piece, 'utf8'));
    return hash.digest('hex');
  }

  /** The text length in UTF-16 code units. */
  get length(): number {
    return this.textStore.length;
  }

  /** The text of `[start, end)` (clamped) without joining the whole text. */
  slice(start = 0, end = this.length): string {
    const [s, e] = this.range(start, end);
    return this.textStore.slice(s, e);
  }

  /** Number of runs (adjacent runs with the same origin and insertion count once). */
  get runCount(): number {
    return this.store.count;
  }

  /** The interned origins; the index is the `OriginId`. */
  origins(): readonly Origin[] {
    return this.table.list;
  }

  /**
   * The id of `origin`, adding it to the table if no equal origin is there yet. An origin
   * object is looked up once: origins are treated as immutable once used.
   */
  intern(origin: Origin): OriginId {
    return this.table.intern(origin);
  }

  /**
   * Replaces `deleteLength` characters at `offset` with `insertText` of `edit.origin`,
   * restoring earlier origins as the class documentation describes. Out-of-range offsets and
   * lengths are clamped; a malformed edit changes nothing or, with a malformed origin, labels
   * the text `unattributed`. Never throws.
   */
  applyEdit(edit: LedgerEdit): void {
    if (!edit || typeof edit !== 'object') return;
    this.edit(edit.offset, edit.deleteLength, edit.insertText, edit.origin);
  }

  /**
   * {@link applyEdit} with the edit's fields as arguments (no edit object to build: the
   * replay path). The same clamping and checks; never throws.
   */
  edit(editOffset: number, deleteLength: number, insertText: string, editOrigin: Origin): void {
    const length = this.length;
    const offset = clamp(toInt(editOffset), 0, length);
    const del = clamp(toInt(deleteLength), 0, length - offset);
    const insert = typeof insertText === 'string' ? insertText : '';
    if (del === 0 && insert.length === 0) return;
    let origin: Origin;
    let knownId = -1;
    if (editOrigin === this.lastEditOrigin && editOrigin !== undefined) {
      origin = editOrigin;
      knownId = this.lastEditOriginId;
    } else origin = this.table.has(editOrigin) || isOrigin(editOrigin) ? editOrigin : fallbackOrigin;
    const channel = origin.channel;
    const memory = this.memory;

    if (del > 0) {
      const text = this.textStore.replace(offset, offset + del, '');
      const runs = this.store.replace(offset, offset + del, []);
      this.book.dropLive(runs, this.open?.id);
      memory.remember(offset, del, text, runs, insert.length === 0);
      if (insert.length === 0) {
        const open = this.open;
        if (open && offset + del === open.end && offset >= open.start) open.end = offset;
        else this.open = undefined;
        memory.joinable = true;
        return;
      }
    }
    memory.joinable = false;
    this.textStore.replace(offset, offset, insert);
    const match = memory.deletions.length > 0 ? memory.find(offset, insert, restoreSearch(channel)) : undefined;
    if (match) {
      const runs = memory.restore(match, offset, insert.length);
      this.store.replace(offset, offset, runs);
      this.book.addLive(runs);
      this.open = undefined;
      return;
    }
    const originId = knownId >= 0 ? knownId : this.intern(origin);
    if (origin === editOrigin) {
      this.lastEditOrigin = origin;
      this.lastEditOriginId = originId;
    }
    const open = this.open;
    let id: number;
    if (del === 0 && open && open.originId === originId && open.end === offset) {
      id = open.id;
      open.end += insert.length;
      this.book.record(id, originId).inserted += insert.length;
    } else {
      id = this.book.start(originId, insert.length);
      this.open = { id, originId, start: offset, end: offset + insert.length };
    }
    this.store.insertOne(offset, insert.length, originId, id);
    this.book.record(id, originId).live += insert.length;
    memory.shift(offset, 0, insert.length);
  }

  /**
   * Types `text` at `offset` one keystroke at a time (`firstKey` is its first keystroke),
   * with the same result as one {@link applyEdit} per keystroke. When the origin's channel
   * restores deletions only at the cursor and the first keystroke restores none, no later
   * keystroke can restore one either (remembered places after the cursor move ahead of it),
   * and the keystrokes extend one insertion: so the text goes in as one edit. Returns false,
   * changing nothing, when the keystrokes must be applied one by one.
   */
  applyTyping(offset: number, text: string, firstKey: string, origin: Origin): boolean {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > this.length || text.length === 0) return false;
    if (!this.table.has(origin) && !isOrigin(origin)) return false;
    if (restoreSearch(origin.channel) !== HERE) return false;
    // Nor may the whole text restore a deletion that its first keystroke would not.
    const memory = this.memory;
    if (memory.deletions.length > 0 && (memory.find(offset, firstKey, HERE) || memory.find(offset, text, HERE))) return false;
    this.edit(offset, 0, text, origin);
    return true;
  }

  /**
   * Labels `[start, end)` (clamped) with `origin` as one new insertion: a writer's
   * attestation, or a client saying afterwards where a range came from. Never throws.
   */
  relabel(start: number, end: number, origin: Origin): void {
    const [s, e] = this.range(start, end);
    if (e <= s) return;
    const originId = this.intern(isOrigin(origin) ? origin : fallbackOrigin);
    const id = this.book.start(originId, e - s);
    this.book.dropLive(this.store.replace(s, e, [[e - s, originId, id]]), this.open?.id);
    this.book.record(id, originId).live += e - s;
    this.open = undefined;
    this.memory.joinable = false;
  }

  /**
   * The runs over `[start, end)` (clamped), clipped to it, in text order; with `keep`, only those
   * whose origin it keeps (the others are never made into objects).
   */
  runs(start = 0, end = this.length, keep?: (origin: Origin) => boolean): Run[] {
    const out: Run[] = [];
    this.forEachRun(start, end, (rs, re, origin, originId, insertionId) => {
      if (!keep || keep(origin)) out.push({ start: rs, end: re, originId, origin, insertionId });
    });
    return out;
  }

  /**
   * Calls `fn` for each run over `[start, end)` (clamped), clipped to it, in order, with its
   * origin: what {@link runs} lists, without a list or an object per run.
   */
  forEachRun(start: number, end: number, fn: (runStart: number, runEnd: number, origin: Origin, originId: OriginId, insertionId: number) => void): void {
    const [s, e] = this.range(start, end);
    const list = this.table.list;
    this.store.forEach(s, e, (rs, re, originId, insertionId) => fn(rs, re, list[originId], originId, insertionId));
  }

  /** The whole run that contains the character at `offset`, or undefined outside the text. */
  runAt(offset: number): Run | undefined {
    const found = this.store.runAt(toInt(offset));
    if (!found) return undefined;
    return { ...found, origin: this.table.list[found.originId] };
  }

  /** Characters per origin kind over `[start, end)` (clamped). */
  shares(start = 0, end = this.length): Shares {
    const [s, e] = this.range(start, end);
    const shares = emptyShares();
    const list = this.table.list;
    this.store.forEach(s, e, (rs, re, originId) => {
      shares[list[originId].kind] += re - rs;
    });
    return shares;
  }

  /** Every AI insertion ever made, oldest first, with how much of it is still in the text. */
  aiSurvival(): AiSurvival[] {
    return this.book.aiSurvival();
  }

  /**
   * The JSON form stored in checkpoints, including the short memory. With `packRuns`, the
   * runs are in `packedRuns` (see ledgerPack.ts) and `runs` is empty: the form journals
   * write, which loads several times faster. `fromSnapshot(text, s).toSnapshot()` gives
   * back `s`, packed or not.
   */
  toSnapshot(options: { packRuns?: boolean } = {}): LedgerSnapshot {
    return writeSnapshot({ origins: this.table, book: this.book, store: this.store, memory: this.memory, open: this.open }, this.length, options);
  }

  /** An independent copy (origins, runs, insertions and memory). */
  clone(): Ledger {
    return Ledger.fromSnapshot(this.text, this.toSnapshot(), { leafSizes: this.leafSizes });
  }

  private range(start: number, end: number): [number, number] {
    const length = this.length;
    const s = clamp(toInt(start), 0, length);
    return [s, clamp(toInt(end), s, length)];
  }
}
