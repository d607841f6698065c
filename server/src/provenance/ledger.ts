/**
 * The ledger: the script's text partitioned into runs, each pointing at an interned origin
 * and at the insertion that put it there. Run lengths always sum to the text length.
 */
import { ProvenanceError } from './errors';
import { packRuns, unpackRuns, type UnpackedRuns } from './ledgerPack';
import { RunStore, type RunTriple } from './ledgerRuns';
import { TextStore } from './ledgerText';
import { emptyShares, isOrigin, originKey } from './origin';
import type { AiOrigin, AiSurvival, Channel, LedgerEdit, LedgerMemory, LedgerSnapshot, Origin, OriginId, Run, Shares } from './types';

/** How many recent deletions the ledger remembers for undo and cut-and-paste. */
export const RECENT_DELETIONS = 32;
/** The most characters the recent-deletions memory holds in all. */
export const RECENT_DELETION_CHARS = 262_144;

type Where = 'here' | 'anywhere';
const NOWHERE: readonly Where[] = [];
const HERE_THEN_ANYWHERE: readonly Where[] = ['here', 'anywhere'];
const ANYWHERE: readonly Where[] = ['anywhere'];
const HERE: readonly Where[] = ['here'];

/** Where an insertion of each channel looks for the deletion it restores, in order. */
function restoreSearch(channel: Channel): readonly Where[] {
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

interface Insertion {
  originId: OriginId;
  /** Characters the insertion put in. */
  inserted: number;
  /** Characters of it in the text now. */
  live: number;
}

interface Deletion {
  offset: number;
  text: string;
  runs: RunTriple[];
  /** Pieces later pure deletions added, oldest first: -n at the front, +n at the back. */
  pieces: number[];
}

/** How many pieces of one remembered deletion can still be restored one by one. */
const PIECES = 256;

interface OpenInsertion {
  id: number;
  originId: OriginId;
  start: number;
  end: number;
}

const fallbackOrigin: Origin = { kind: 'unattributed', channel: 'typing', at: new Date(0).toISOString() };

function toInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
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

/**
 * True when two plain objects have the same own fields with equal values: primitives
 * compared with ===, objects field by field down to `depth` more levels. False whenever in
 * doubt (arrays, deeper objects), which only costs the slow path.
 */
function sameFields(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const key in x) {
    n++;
    const v = x[key];
    const w = y[key];
    if (v === w) {
      if (v === undefined && !(key in y)) return false;
      continue;
    }
    if (depth === 0 || !sameFields(v, w, depth - 1)) return false;
  }
  for (const _ in y) n--;
  return n === 0;
}

function sumLengths(runs: readonly RunTriple[]): number {
  let n = 0;
  for (const r of runs) n += r[0];
  return n;
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
 * Runs are kept by {@link RunStore} (ledgerRuns.ts) and text by {@link TextStore}
 * (ledgerText.ts), both finding an offset in logarithmic time.
 */
export class Ledger {
  private readonly originList: Origin[] = [];
  private readonly originIds = new Map<string, OriginId>();
  /** Plain JSON of origins already seen (field order as given), a shortcut past the canonical key. */
  private readonly seenJson = new Map<string, OriginId>();
  private readonly internCache = new WeakMap<object, OriginId>();
  private lastInterned: { origin: Origin; id: OriginId } | undefined;
  private readonly insertions = new Map<number, Insertion>();
  /** The insertion id all text of each non-AI origin shares. */
  private readonly shared = new Map<OriginId, number>();
  private nextInsertionId = 0;
  private store: RunStore;
  private textStore: TextStore;
  private deletions: Deletion[] = [];
  private deletionChars = 0;
  private joinable = false;
  private open: OpenInsertion | undefined;
  /** The origin object of the last plain insertion and its id: replay passes the same object again and again. */
  private lastEditOrigin: Origin | undefined;
  private lastEditOriginId = -1;

  private constructor(text: string) {
    this.textStore = new TextStore(text);
    this.store = new RunStore();
  }

  /** A ledger whose whole text is one run of `origin` (one insertion). */
  static create(text: string, origin: Origin): Ledger {
    const ledger = new Ledger(typeof text === 'string' ? text : '');
    const length = ledger.textStore.length;
    if (length > 0) {
      const originId = ledger.intern(isOrigin(origin) ? origin : fallbackOrigin);
      const id = ledger.newInsertion(originId, length);
      ledger.record(id, originId).live += length;
      ledger.store = new RunStore([[length, originId, id]]);
    }
    return ledger;
  }

  /**
   * A ledger rebuilt from a checkpoint's snapshot and the text it describes.
   * @throws ProvenanceError when the snapshot does not fit the text (run lengths do not sum
   * to the text length, an origin or insertion id is out of range, a malformed field).
   */
  static fromSnapshot(text: string, snapshot: LedgerSnapshot): Ledger {
    if (typeof text !== 'string') throw new ProvenanceError('The ledger snapshot has no text to describe (text is not a string).');
    if (!snapshot || typeof snapshot !== 'object') throw new ProvenanceError('The ledger snapshot is missing or is not an object.');
    const { origins, runs, insertions, nextInsertionId, packedRuns, shared } = snapshot;
    if (!Array.isArray(origins)) throw new ProvenanceError('The ledger snapshot has no origins list.', 'origins');
    if (!Array.isArray(runs)) throw new ProvenanceError('The ledger snapshot has no runs list.', 'runs');
    if (!Array.isArray(insertions)) throw new ProvenanceError('The ledger snapshot has no insertions list.', 'insertions');
    if (!Number.isInteger(nextInsertionId) || nextInsertionId < 0) {
      throw new ProvenanceError(`The ledger snapshot's nextInsertionId (${String(nextInsertionId)}) is not a whole number of zero or more.`, 'nextInsertionId');
    }
    if (packedRuns !== undefined && (typeof packedRuns !== 'string' || runs.length > 0)) {
      throw new ProvenanceError('The ledger snapshot has packed runs that are not a string, or runs both packed and listed.', 'packedRuns');
    }
    const ledger = new Ledger(text);
    origins.forEach((origin, i) => {
      if (!isOrigin(origin)) throw new ProvenanceError(`Origin ${i} of the ledger snapshot is not a valid origin (it needs a known kind, a channel and a time).`, `origins[${i}]`);
      const copy = JSON.parse(JSON.stringify(origin)) as Origin;
      ledger.originList.push(copy);
      const key = originKey(copy);
      if (!ledger.originIds.has(key)) ledger.originIds.set(key, i);
    });
    const checkTriple = (triple: unknown, where: string, what: string): RunTriple => {
      if (!Array.isArray(triple) || triple.length !== 3 || !triple.every((n) => Number.isInteger(n))) {
        throw new ProvenanceError(`${what} is not [length, originId, insertionId] in whole numbers.`, where);
      }
      const [len, originId, insertionId] = triple as RunTriple;
      checkRun(len, originId, insertionId, where, what);
      return [len, originId, insertionId];
    };
    const checkRun = (len: number, originId: number, insertionId: number, where: string, what: string): void => {
      if (len <= 0) throw new ProvenanceError(`${what} has length ${len}; a run has at least one character.`, where);
      if (originId < 0 || originId >= origins.length) {
        throw new ProvenanceError(`${what} points at origin ${originId}, but the snapshot has ${origins.length} origins.`, where);
      }
      if (insertionId < 0 || insertionId >= nextInsertionId) {
        throw new ProvenanceError(`${what} points at insertion ${insertionId}, outside 0..${nextInsertionId - 1}.`, where);
      }
    };
    let arrays: UnpackedRuns;
    if (packedRuns !== undefined) {
      arrays = unpackRuns(packedRuns);
    } else {
      const n = runs.length;
      arrays = { runs: new Uint32Array(3 * n), count: n };
      let at = 0;
      for (let i = 0; i < n; i++) {
        const t = checkTriple(runs[i], `runs[${i}]`, `Run ${i} (at offset ${at})`);
        arrays.runs[3 * i] = t[0];
        arrays.runs[3 * i + 1] = t[1];
        arrays.runs[3 * i + 2] = t[2];
        at += t[0];
      }
    }
    ledger.nextInsertionId = nextInsertionId;
    // Per insertion id: its origin (-1: no entry) and characters in the runs.
    const originOf = new Int32Array(nextInsertionId).fill(-1);
    const live = new Float64Array(nextInsertionId);
    const inserted = new Float64Array(nextInsertionId);
    insertions.forEach((entry, i) => {
      if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((n) => Number.isInteger(n))) {
        throw new ProvenanceError(`Insertion entry ${i} is not [insertionId, originId, insertedLength] in whole numbers.`, `insertions[${i}]`);
      }
      const [id, originId, count] = entry as [number, number, number];
      if (id < 0 || id >= nextInsertionId) throw new ProvenanceError(`Insertion entry ${i} has id ${id}, outside 0..${nextInsertionId - 1}.`, `insertions[${i}]`);
      if (originId < 0 || originId >= origins.length) {
        throw new ProvenanceError(`Insertion ${id} points at origin ${originId}, but the snapshot has ${origins.length} origins.`, `insertions[${i}]`);
      }
      if (count < 0) throw new ProvenanceError(`Insertion ${id} says it inserted ${count} characters.`, `insertions[${i}]`);
      if (originOf[id] >= 0) throw new ProvenanceError(`Insertion ${id} is listed twice.`, `insertions[${i}]`);
      originOf[id] = originId;
      inserted[id] = count;
    });
    // Check every run, merge equal neighbours, and count each insertion's live characters.
    const { runs: flat, count } = arrays;
    const originCount = origins.length;
    let offset = 0;
    let w = 0;
    for (let i = 0; i < count; i++) {
      const l = flat[3 * i];
      const o = flat[3 * i + 1];
      const id = flat[3 * i + 2];
      if (!(l > 0 && o < originCount && id < nextInsertionId)) {
        checkRun(l, o, id, packedRuns !== undefined ? 'packedRuns' : `runs[${i}]`, `${packedRuns !== undefined ? 'Packed run' : 'Run'} ${i} (at offset ${offset})`);
      }
      const had = originOf[id];
      if (had < 0) originOf[id] = o;
      else if (had !== o) {
        throw new ProvenanceError(`Run ${i} (at offset ${offset}) has origin ${o} but its insertion ${id} has origin ${had}.`, packedRuns !== undefined ? 'packedRuns' : `runs[${i}]`);
      }
      live[id] += l;
      offset += l;
      // Merge equal neighbours in place (snapshots the ledger writes have none).
      if (w > 0 && flat[3 * w - 2] === o && flat[3 * w - 1] === id) flat[3 * w - 3] += l;
      else {
        flat[3 * w] = l;
        flat[3 * w + 1] = o;
        flat[3 * w + 2] = id;
        w++;
      }
    }
    if (offset !== text.length) {
      throw new ProvenanceError(
        `The ledger snapshot's runs cover ${offset} characters but the text has ${text.length}: the snapshot does not belong to this text.`,
        packedRuns !== undefined ? 'packedRuns' : 'runs',
      );
    }
    for (let id = 0; id < nextInsertionId; id++) {
      const o = originOf[id];
      if (o < 0) continue;
      ledger.insertions.set(id, { originId: o, inserted: Math.max(inserted[id], live[id]), live: live[id] });
    }
    if (shared !== undefined) {
      if (!Array.isArray(shared)) throw new ProvenanceError('The ledger snapshot has a shared list that is not a list.', 'shared');
      shared.forEach((pair, i) => {
        const ok = Array.isArray(pair) && pair.length === 2 && pair.every((n) => Number.isInteger(n));
        const record = ok ? ledger.insertions.get(pair[1]) : undefined;
        if (!ok || !record || record.originId !== pair[0] || origins[pair[0]].kind === 'ai') {
          throw new ProvenanceError(`Shared insertion entry ${i} is not [originId, insertionId] of a listed insertion of that (non-AI) origin.`, `shared[${i}]`);
        }
        ledger.shared.set(pair[0], pair[1]);
      });
    }
    ledger.store = RunStore.fromMerged(flat, w);
    if (snapshot.memory !== undefined) ledger.loadMemory(snapshot.memory, checkTriple);
    return ledger;
  }

  private loadMemory(memory: LedgerMemory, checkTriple: (t: unknown, where: string, what: string) => RunTriple): void {
    if (!memory || typeof memory !== 'object' || !Array.isArray(memory.deletions)) {
      throw new ProvenanceError('The ledger snapshot has a memory without a deletions list.', 'memory');
    }
    const length = this.length;
    memory.deletions.forEach((d, i) => {
      const where = `memory.deletions[${i}]`;
      if (!d || typeof d !== 'object' || typeof d.text !== 'string' || !Array.isArray(d.runs) || !Number.isInteger(d.offset)) {
        throw new ProvenanceError(`Remembered deletion ${i} needs an offset, a text and runs.`, where);
      }
      if (d.offset < 0 || d.offset > length) throw new ProvenanceError(`Remembered deletion ${i} is at offset ${d.offset}, outside the text (0..${length}).`, where);
      const runs = d.runs.map((r, j) => checkTriple(r, `${where}.runs[${j}]`, `Run ${j} of remembered deletion ${i}`));
      if (sumLengths(runs) !== d.text.length) {
        throw new ProvenanceError(`Remembered deletion ${i}'s runs cover ${sumLengths(runs)} characters but its text has ${d.text.length}.`, where);
      }
      const pieces = d.pieces ?? [];
      if (!Array.isArray(pieces) || !pieces.every((n) => Number.isInteger(n) && n !== 0) || pieces.reduce((n, p) => n + Math.abs(p), 0) > d.text.length) {
        throw new ProvenanceError(`Remembered deletion ${i}'s pieces are not non-zero whole numbers within its text.`, where);
      }
      this.deletions.push({ offset: d.offset, text: d.text, runs, pieces: [...pieces] });
      this.deletionChars += d.text.length;
    });
    this.joinable = memory.joinable === true && this.deletions.length > 0;
    const open = memory.open;
    if (open !== undefined) {
      if (!Array.isArray(open) || open.length !== 4 || !open.every((n) => Number.isInteger(n))) {
        throw new ProvenanceError('The open insertion of the ledger memory is not [insertionId, originId, start, end].', 'memory.open');
      }
      const [id, originId, start, end] = open;
      if (id < 0 || id >= this.nextInsertionId || originId < 0 || originId >= this.originList.length || start < 0 || start > end || end > length) {
        throw new ProvenanceError(`The open insertion [${open.join(', ')}] of the ledger memory is out of range.`, 'memory.open');
      }
      this.open = { id, originId, start, end };
    }
  }

  /** The whole text (joined once per change, then cached). */
  get text(): string {
    return this.textStore.text;
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
    return this.originList;
  }

  /**
   * The id of `origin`, adding it to the table if no equal origin is there yet. An origin
   * object is looked up once: origins are treated as immutable once used.
   */
  intern(origin: Origin): OriginId {
    const cached = this.internCache.get(origin);
    if (cached !== undefined) return cached;
    // Clients often send a fresh copy of the same origin with every keystroke.
    const last = this.lastInterned;
    const id = last && sameFields(origin, last.origin, 1) ? last.id : this.internNew(origin);
    if (origin && typeof origin === 'object') this.lastInterned = { origin, id };
    if (origin && typeof origin === 'object') this.internCache.set(origin, id);
    return id;
  }

  private internNew(origin: Origin): OriginId {
    const json = JSON.stringify(origin);
    const seen = this.seenJson.get(json);
    if (seen !== undefined) return seen;
    const key = originKey(origin);
    let id = this.originIds.get(key);
    if (id === undefined) {
      id = this.originList.length;
      this.originList.push(JSON.parse(key) as Origin);
      this.originIds.set(key, id);
    }
    if (this.seenJson.size < 4096) this.seenJson.set(json, id);
    return id;
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
    } else origin = this.internCache.has(editOrigin) || isOrigin(editOrigin) ? editOrigin : fallbackOrigin;
    const channel = origin.channel;

    if (del > 0) {
      const text = this.textStore.replace(offset, offset + del, '');
      const runs = this.store.replace(offset, offset + del, []);
      this.dropLive(runs);
      this.remember(offset, del, text, runs, insert.length === 0);
      if (insert.length === 0) {
        const open = this.open;
        if (open && offset + del === open.end && offset >= open.start) open.end = offset;
        else this.open = undefined;
        this.joinable = true;
        return;
      }
    }
    this.joinable = false;
    this.textStore.replace(offset, offset, insert);
    const match = this.findDeletion(offset, insert, restoreSearch(channel));
    if (match) {
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
      this.deletionChars -= insert.length;
      this.store.replace(offset, offset, runs);
      for (const [len, originId, id] of runs) {
        const record = this.record(id, originId);
        record.live += len;
        // A restored insertion forgotten meanwhile comes back with what is live of it.
        if (record.inserted < record.live) record.inserted = record.live;
      }
      this.open = undefined;
      this.shiftMemory(offset, 0, insert.length);
      // What is left of a deletion whose front piece came back lies after that piece.
      if (front && d.offset === offset) d.offset = offset + insert.length;
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
      this.record(id, originId).inserted += insert.length;
    } else {
      id = this.newInsertion(originId, insert.length);
      this.open = { id, originId, start: offset, end: offset + insert.length };
    }
    this.store.insertOne(offset, insert.length, originId, id);
    this.record(id, originId).live += insert.length;
    this.shiftMemory(offset, 0, insert.length);
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
    if (!this.internCache.has(origin) && !isOrigin(origin)) return false;
    if (restoreSearch(origin.channel) !== HERE) return false;
    // Nor may the whole text restore a deletion that its first keystroke would not.
    if (this.deletions.length > 0 && (this.findDeletion(offset, firstKey, HERE) || this.findDeletion(offset, text, HERE))) return false;
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
    const id = this.newInsertion(originId, e - s);
    this.dropLive(this.store.replace(s, e, [[e - s, originId, id]]));
    this.record(id, originId).live += e - s;
    this.open = undefined;
    this.joinable = false;
  }

  /** The runs over `[start, end)` (clamped), clipped to it, in text order. */
  runs(start = 0, end = this.length): Run[] {
    const [s, e] = this.range(start, end);
    const out: Run[] = [];
    this.store.forEach(s, e, (rs, re, originId, insertionId) => {
      out.push({ start: rs, end: re, originId, origin: this.originList[originId], insertionId });
    });
    return out;
  }

  /** The whole run that contains the character at `offset`, or undefined outside the text. */
  runAt(offset: number): Run | undefined {
    const found = this.store.runAt(toInt(offset));
    if (!found) return undefined;
    return { ...found, origin: this.originList[found.originId] };
  }

  /** Characters per origin kind over `[start, end)` (clamped). */
  shares(start = 0, end = this.length): Shares {
    const [s, e] = this.range(start, end);
    const shares = emptyShares();
    this.store.forEach(s, e, (rs, re, originId) => {
      shares[this.originList[originId].kind] += re - rs;
    });
    return shares;
  }

  /** Every AI insertion ever made, oldest first, with how much of it is still in the text. */
  aiSurvival(): AiSurvival[] {
    const out: AiSurvival[] = [];
    for (const [insertionId, record] of [...this.insertions].sort((a, b) => a[0] - b[0])) {
      const origin = this.originList[record.originId];
      if (origin.kind !== 'ai') continue;
      out.push({
        insertionId,
        originId: record.originId,
        origin: origin as AiOrigin,
        inserted: record.inserted,
        surviving: record.live,
        survivalRatio: record.inserted > 0 ? record.live / record.inserted : 0,
      });
    }
    return out;
  }

  /**
   * The JSON form stored in checkpoints, including the short memory. With `packRuns`, the
   * runs are in `packedRuns` (see ledgerPack.ts) and `runs` is empty: the form journals
   * write, which loads several times faster. `fromSnapshot(text, s).toSnapshot()` gives
   * back `s`, packed or not.
   */
  toSnapshot(options: { packRuns?: boolean } = {}): LedgerSnapshot {
    const insertions: Array<[number, OriginId, number]> = [];
    for (const [id, record] of this.insertions) insertions.push([id, record.originId, record.inserted]);
    insertions.sort((a, b) => a[0] - b[0]);
    const memory: LedgerMemory = {
      deletions: this.deletions.map((d) => ({
        offset: d.offset,
        text: d.text,
        runs: d.runs.map((r): RunTriple => [r[0], r[1], r[2]]),
        ...(d.pieces.length ? { pieces: [...d.pieces] } : {}),
      })),
    };
    if (this.joinable) memory.joinable = true;
    if (this.open) memory.open = [this.open.id, this.open.originId, this.open.start, this.open.end];
    let runs: RunTriple[] = [];
    let packed: string | undefined;
    if (options.packRuns) {
      const a = this.store.arrays();
      packed = packRuns(a.len, a.org, a.ins);
    } else runs = this.store.slice(0, this.length);
    const shared = [...this.shared].sort((a, b) => a[0] - b[0]);
    return {
      origins: this.originList.map((o) => JSON.parse(JSON.stringify(o)) as Origin),
      runs,
      ...(packed !== undefined ? { packedRuns: packed } : {}),
      insertions,
      nextInsertionId: this.nextInsertionId,
      ...(shared.length > 0 ? { shared } : {}),
      memory,
    };
  }

  /** An independent copy (origins, runs, insertions and memory). */
  clone(): Ledger {
    return Ledger.fromSnapshot(this.text, this.toSnapshot());
  }

  private range(start: number, end: number): [number, number] {
    const length = this.length;
    const s = clamp(toInt(start), 0, length);
    return [s, clamp(toInt(end), s, length)];
  }

  /**
   * Starts an insertion of `inserted` characters of `originId` and returns the insertion id
   * its runs carry: a new id for AI text, whose survival is tracked per insertion; for any
   * other origin the id all its text shares (the id of its first insertion), so that
   * neighbouring text of one writer makes one run however it was typed. Every insertion
   * still takes a number, so AI insertion ids do not depend on how other text is grouped.
   */
  private newInsertion(originId: OriginId, inserted: number): number {
    const id = this.nextInsertionId++;
    if (this.originList[originId].kind === 'ai') {
      this.insertions.set(id, { originId, inserted, live: 0 });
      return id;
    }
    let sid = this.shared.get(originId);
    if (sid === undefined) {
      sid = id;
      this.shared.set(originId, sid);
    }
    this.record(sid, originId).inserted += inserted;
    return sid;
  }

  private record(id: number, originId: OriginId): Insertion {
    let record = this.insertions.get(id);
    if (!record) {
      record = { originId, inserted: 0, live: 0 };
      this.insertions.set(id, record);
    }
    return record;
  }

  private dropLive(runs: readonly RunTriple[]): void {
    for (const [len, , id] of runs) {
      const record = this.insertions.get(id);
      if (!record) continue;
      record.live -= len;
      if (record.live <= 0 && this.originList[record.originId].kind !== 'ai' && this.open?.id !== id && this.shared.get(record.originId) !== id) {
        this.insertions.delete(id);
      }
    }
  }

  /** Moves remembered places after an edit of `del` characters at `offset` inserting `ins`. */
  private shiftMemory(offset: number, del: number, ins: number): void {
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
  private remember(offset: number, del: number, text: string, runs: RunTriple[], pure: boolean): void {
    const last = pure && this.joinable ? this.deletions[this.deletions.length - 1] : undefined;
    // Backspace grows the remembered text at its front, Delete at its back.
    const front = last !== undefined && last.offset === offset + del;
    const back = last !== undefined && last.offset === offset;
    if (front || back) {
      this.deletions.pop();
      this.deletionChars -= last.text.length;
    }
    this.shiftMemory(offset, del, 0);
    if (front || back) {
      const pieces = [...last.pieces, front ? -del : del];
      if (pieces.length > PIECES) pieces.shift();
      if (front) this.push({ offset, text: text + last.text, runs: [...runs, ...last.runs], pieces });
      else this.push({ offset, text: last.text + text, runs: [...last.runs, ...runs], pieces });
    } else this.push({ offset, text, runs, pieces: [] });
  }

  private push(deletion: Deletion): void {
    if (deletion.text.length > RECENT_DELETION_CHARS) return;
    this.deletions.push(deletion);
    this.deletionChars += deletion.text.length;
    while (this.deletions.length > RECENT_DELETIONS || this.deletionChars > RECENT_DELETION_CHARS) {
      const dropped = this.deletions.shift()!;
      this.deletionChars -= dropped.text.length;
    }
  }

  private findDeletion(offset: number, text: string, search: ReadonlyArray<'here' | 'anywhere'>): { index: number; piece: boolean } | undefined {
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
}
