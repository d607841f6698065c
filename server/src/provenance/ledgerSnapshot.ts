/**
 * Ledger snapshots: the JSON form a checkpoint stores (origins, runs, insertions, the short
 * memory), checked field by field when read so that a snapshot that does not fit its text
 * is refused with the field named.
 */
import { ProvenanceError } from './errors';
import { DeletionMemory, sumLengths, type OpenInsertion } from './ledgerMemory';
import { OriginTable } from './ledgerOrigins';
import { packRuns, unpackRuns, type UnpackedRuns } from './ledgerPack';
import { DEFAULT_LEAF_SIZES, RunStore, type LeafSizes, type RunTriple } from './ledgerRuns';
import { InsertionBook } from './ledgerSurvival';
import { isOrigin } from './origin';
import type { LedgerMemory, LedgerSnapshot, OriginId } from './types';

/** The parts of a ledger besides its text. */
export interface LedgerParts {
  origins: OriginTable;
  book: InsertionBook;
  store: RunStore;
  memory: DeletionMemory;
  open: OpenInsertion | undefined;
}

type CheckTriple = (t: unknown, where: string, what: string) => RunTriple;

/**
 * Reads a checkpoint's snapshot of a ledger over `text`.
 * @throws ProvenanceError when the snapshot does not fit the text (run lengths do not sum
 * to the text length, an origin or insertion id is out of range, a malformed field).
 */
export function readSnapshot(text: string, snapshot: LedgerSnapshot, sizes: LeafSizes = DEFAULT_LEAF_SIZES): LedgerParts {
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
  const table = new OriginTable();
  const book = new InsertionBook(table);
  origins.forEach((origin, i) => {
    if (!isOrigin(origin)) throw new ProvenanceError(`Origin ${i} of the ledger snapshot is not a valid origin (it needs a known kind, a channel and a time).`, `origins[${i}]`);
    table.load(origin);
  });
  const checkTriple: CheckTriple = (triple, where, what) => {
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
  book.nextInsertionId = nextInsertionId;
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
    book.insertions.set(id, { originId: o, inserted: Math.max(inserted[id], live[id]), live: live[id] });
  }
  if (shared !== undefined) {
    if (!Array.isArray(shared)) throw new ProvenanceError('The ledger snapshot has a shared list that is not a list.', 'shared');
    shared.forEach((pair, i) => {
      const ok = Array.isArray(pair) && pair.length === 2 && pair.every((n) => Number.isInteger(n));
      const record = ok ? book.insertions.get(pair[1]) : undefined;
      if (!ok || !record || record.originId !== pair[0] || origins[pair[0]].kind === 'ai') {
        throw new ProvenanceError(`Shared insertion entry ${i} is not [originId, insertionId] of a listed insertion of that (non-AI) origin.`, `shared[${i}]`);
      }
      book.shared.set(pair[0], pair[1]);
    });
  }
  const memory = new DeletionMemory();
  const open = snapshot.memory !== undefined ? readMemory(snapshot.memory, memory, text.length, book.nextInsertionId, table.size, checkTriple) : undefined;
  return { origins: table, book, store: RunStore.fromMerged(flat, w, sizes), memory, open };
}

/** Loads a snapshot's memory into `into` and returns its open insertion. */
function readMemory(
  memory: LedgerMemory,
  into: DeletionMemory,
  length: number,
  nextInsertionId: number,
  originCount: number,
  checkTriple: CheckTriple,
): OpenInsertion | undefined {
  if (!memory || typeof memory !== 'object' || !Array.isArray(memory.deletions)) {
    throw new ProvenanceError('The ledger snapshot has a memory without a deletions list.', 'memory');
  }
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
    into.deletions.push({ offset: d.offset, text: d.text, runs, pieces: [...pieces] });
    into.chars += d.text.length;
  });
  into.joinable = memory.joinable === true && into.deletions.length > 0;
  const open = memory.open;
  if (open === undefined) return undefined;
  if (!Array.isArray(open) || open.length !== 4 || !open.every((n) => Number.isInteger(n))) {
    throw new ProvenanceError('The open insertion of the ledger memory is not [insertionId, originId, start, end].', 'memory.open');
  }
  const [id, originId, start, end] = open;
  if (id < 0 || id >= nextInsertionId || originId < 0 || originId >= originCount || start < 0 || start > end || end > length) {
    throw new ProvenanceError(`The open insertion [${open.join(', ')}] of the ledger memory is out of range.`, 'memory.open');
  }
  return { id, originId, start, end };
}

/**
 * The JSON form stored in checkpoints, including the short memory. With `packRuns`, the
 * runs are in `packedRuns` (see ledgerPack.ts) and `runs` is empty.
 */
export function writeSnapshot(parts: LedgerParts, length: number, options: { packRuns?: boolean } = {}): LedgerSnapshot {
  const { book, memory: mem, open, store } = parts;
  const insertions: Array<[number, OriginId, number]> = [];
  for (const [id, record] of book.insertions) insertions.push([id, record.originId, record.inserted]);
  insertions.sort((a, b) => a[0] - b[0]);
  const memory: LedgerMemory = {
    deletions: mem.deletions.map((d) => ({
      offset: d.offset,
      text: d.text,
      runs: d.runs.map((r): RunTriple => [r[0], r[1], r[2]]),
      ...(d.pieces.length ? { pieces: [...d.pieces] } : {}),
    })),
  };
  if (mem.joinable) memory.joinable = true;
  if (open) memory.open = [open.id, open.originId, open.start, open.end];
  let runs: RunTriple[] = [];
  let packed: string | undefined;
  if (options.packRuns) {
    const a = store.arrays();
    packed = packRuns(a.len, a.org, a.ins);
  } else runs = store.slice(0, length);
  const shared = [...book.shared].sort((a, b) => a[0] - b[0]);
  return {
    origins: parts.origins.toJSON(),
    runs,
    ...(packed !== undefined ? { packedRuns: packed } : {}),
    insertions,
    nextInsertionId: book.nextInsertionId,
    ...(shared.length > 0 ? { shared } : {}),
    memory,
  };
}
