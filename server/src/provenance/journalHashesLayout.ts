/**
 * What the journal worker (journalWorker.ts) and the replaying thread (journalHashes.ts)
 * agree on: the job they share and the layout of the event records in shared memory.
 */

/** Numbers per line in the event records: kind, seq, time, offset, deleteLength, origin, text start, text length. */
export const FIELDS = 8;
/** Record kinds: not a plain edit (the caller parses it), a plain edit, one whose prev hash matched. */
export const PLAIN = 1;
export const PREV_OK = 2;
/** Room for inserted text, in UTF-16 code units per line slot; a line that does not fit is left to the caller. */
export const CHARS_PER_SLOT = 16;
/** The worker jumps this many lines ahead of the replaying thread when it is fewer than CATCH_UP ahead. */
export const LEAD = 512;
export const CATCH_UP = 8;

/** One journal's work, all in shared memory. */
export interface WorkerJob {
  /** The journal's UTF-8, `length` bytes of it. */
  bytes: SharedArrayBuffer;
  length: number;
  /** 64 hex digits per line. */
  digests: SharedArrayBuffer;
  /** Int32 x 3: the line the caller has reached, a request to stop, whether the worker has finished. */
  state: SharedArrayBuffer;
  /** Int32 per line: whether the worker has done it. */
  lines: SharedArrayBuffer;
  /** {@link FIELDS} Float64 per line, when events are asked for. */
  records?: SharedArrayBuffer;
  /** UTF-16 code units of inserted text, when events are asked for. */
  chars?: SharedArrayBuffer;
}
