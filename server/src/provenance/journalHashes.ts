/**
 * Line hashes and plain edit events of a large journal, worked out on a second thread while
 * the first replays it. The chain check needs every line's SHA-256 and every line needs
 * parsing and checking; on a machine with a spare core a long replay hands both to a worker,
 * which sends back each plain edit event (no steps, no new origins or keys) as numbers, so
 * the replaying thread only applies it. Whatever the worker has not finished when it is
 * asked for, or finds unusual, the caller does itself: the answers are the same either way,
 * only their speed differs.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHARS_PER_SLOT, FIELDS, PLAIN, PREV_OK, type WorkerJob } from './journalHashesLayout';

/**
 * When a worker is used: journals shorter than `minChars` characters are handled on the
 * calling thread (starting a worker costs more); with `waitForWorker` the caller waits for
 * the worker to finish every line first. Tests pass other values to take each path.
 */
export interface LineHashTuning {
  minChars?: number;
  waitForWorker?: boolean;
}

/** The tuning used when none is given. */
export const DEFAULT_LINE_HASH_TUNING: Readonly<Required<LineHashTuning>> = Object.freeze({ minChars: 3_000_000, waitForWorker: false });

/** The worker's code when running from the sources (tests, benchmarks): bundled once, in memory. */
let sourceBundle: string | undefined;

/**
 * A new journal worker: its bundle (dist/journalWorker.js) beside this bundle; else, running
 * from the sources under tsx, its source bundled in memory by esbuild (a dev dependency, and
 * plain JavaScript as fast as the shipped bundle, where loading it through tsx was not).
 */
function newWorker(): Worker {
  const bundled = join(__dirname, 'journalWorker.js');
  if (existsSync(bundled)) return new Worker(bundled);
  if (sourceBundle === undefined) {
    // Not a static import: the shipped bundles never take this path and must not carry esbuild.
    const esbuild = (module.require as (id: string) => typeof import('esbuild'))('esbuild');
    const out = esbuild.buildSync({ entryPoints: [join(__dirname, 'journalWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    sourceBundle = out.outputFiles[0].text;
  }
  return new Worker(sourceBundle, { eval: true });
}

/**
 * A worker kept between journals, so a process that replays many long journals one after
 * another (a batch, a benchmark) starts one only once. Unreferenced: it never keeps the
 * process alive. Ended after {@link IDLE_WORKER_MS} without a journal: an idle worker that
 * replayed a 10 MB script's journal held over 100 MB of the language server's memory.
 */
let idle: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
/** How long a worker waits for the next journal before it is ended. */
export const IDLE_WORKER_MS = 2000;

/** Keeps `worker` for the next journal, for a while. */
function keepIdle(worker: Worker): void {
  idle = worker;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (idle !== worker) return;
    idle = undefined;
    void worker.terminate().catch(() => {});
  }, IDLE_WORKER_MS);
  idleTimer.unref();
}

/** The idle worker if there is one (no longer idle), else a new one. */
function takeWorker(): Worker {
  const worker = idle ?? startWorker();
  idle = undefined;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  return worker;
}

/** Whether a worker is kept idle now (for tests). */
export function idleWorkerKept(): boolean {
  return idle !== undefined;
}

function startWorker(): Worker {
  const worker = newWorker();
  worker.unref();
  const forget = (): void => {
    if (idle === worker) idle = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  return worker;
}

/**
 * The SHA-256 of journal lines by one-based line number (`\n`-terminated lines only) and,
 * when asked for, each line's plain edit event.
 */
export class LineHashes {
  private readonly digests: Uint8Array | undefined;
  private readonly state: Int32Array | undefined;
  private readonly done: Int32Array | undefined;
  private readonly worker: Worker | undefined;
  private readonly records: Float64Array | undefined;
  private readonly chars: Uint16Array | undefined;

  /**
   * Starts a worker only for long journals on a machine with two cores or more; with
   * `events`, it also parses and checks each line (see {@link plainEdit}). `bytes`, when
   * given, must be the UTF-8 that `text` was decoded from: copying them is cheaper than
   * encoding the text again. `tuning`: see {@link LineHashTuning}.
   */
  constructor(text: string, options: { events?: boolean; bytes?: Uint8Array; tuning?: LineHashTuning } = {}) {
    const minChars = options.tuning?.minChars ?? DEFAULT_LINE_HASH_TUNING.minChars;
    const waitForWorker = options.tuning?.waitForWorker ?? DEFAULT_LINE_HASH_TUNING.waitForWorker;
    if (text.length < minChars || availableParallelism() < 2) return;
    try {
      // Room for a line every 128 characters; lines past that are done by the caller.
      const slots = Math.ceil(text.length / 128) + 16;
      const digests = new SharedArrayBuffer(slots * 64);
      // The line the caller has reached, a request to stop, and whether the worker has finished.
      const state = new SharedArrayBuffer(12);
      // Whether the worker has done each line.
      const lines = new SharedArrayBuffer(slots * 4);
      // The text goes over as UTF-8 in shared memory: a string would be copied on this thread.
      // Sized for the worst case rather than measured first: untouched pages cost nothing.
      const bytes = new SharedArrayBuffer(options.bytes ? options.bytes.length : text.length * 3);
      let length: number;
      if (options.bytes) {
        new Uint8Array(bytes).set(options.bytes);
        length = options.bytes.length;
      } else length = Buffer.from(bytes).write(text);
      const events = options.events === true;
      const records = events ? new SharedArrayBuffer(slots * FIELDS * 8) : undefined;
      const chars = events ? new SharedArrayBuffer(slots * CHARS_PER_SLOT * 2) : undefined;
      const worker = takeWorker();
      const job: WorkerJob = { bytes, length, digests, state, lines, ...(records ? { records } : {}), ...(chars ? { chars } : {}) };
      worker.postMessage(job);
      this.digests = new Uint8Array(digests);
      this.state = new Int32Array(state);
      this.done = new Int32Array(lines);
      this.records = records && new Float64Array(records);
      this.chars = chars && new Uint16Array(chars);
      this.worker = worker;
      if (waitForWorker) Atomics.wait(this.state, 2, 0, 10_000);
    } catch {
      // No worker: the caller does every line.
    }
  }

  /** True when line `line`'s hash is known without hashing it here. */
  ready(line: number): boolean {
    const done = this.done;
    return done !== undefined && line >= 1 && line <= done.length && Atomics.load(done, line - 1) !== 0;
  }

  /** True when `hex` is line `line`'s SHA-256 (lowercase hex); the line must be {@link ready}. */
  matches(line: number, hex: string): boolean {
    if (hex.length !== 64) return false;
    const d = this.digests!;
    const at = (line - 1) * 64;
    for (let i = 0; i < 64; i++) if (hex.charCodeAt(i) !== d[at + i]) return false;
    return true;
  }

  /** Line `line`'s SHA-256 (hex); the line must be {@link ready}. */
  hex(line: number): string {
    return Buffer.from(this.digests!.buffer, (line - 1) * 64, 64).toString('latin1');
  }

  /**
   * Reads line `line`'s event into `into` when the worker found it a valid plain edit;
   * false when the caller must parse the line itself.
   */
  plainEdit(line: number, into: PlainEdit): boolean {
    const r = this.records;
    if (!r) return false;
    // Tells the worker where the caller is, so it keeps ahead.
    if ((line & 15) === 0) Atomics.store(this.state!, 0, line);
    if (!this.ready(line)) return false;
    const at = (line - 1) * FIELDS;
    const kind = r[at];
    if (kind === 0) return false;
    into.prevOk = kind === (PLAIN | PREV_OK);
    into.seq = r[at + 1];
    into.timeMs = r[at + 2];
    into.offset = r[at + 3];
    into.deleteLength = r[at + 4];
    into.origin = r[at + 5];
    const from = r[at + 6];
    const n = r[at + 7];
    const c = this.chars!;
    into.insertText =
      n === 0 ? '' : n === 1 ? String.fromCharCode(c[from]) : n === 2 ? String.fromCharCode(c[from], c[from + 1]) : Buffer.from(c.buffer, from * 2, n * 2).toString('utf16le');
    return true;
  }

  /** Stops the worker's work on this journal; the worker is kept for the next, for a while ({@link IDLE_WORKER_MS}). */
  close(): void {
    if (!this.state || !this.worker) return;
    Atomics.store(this.state, 1, 1);
    if (!idle) keepIdle(this.worker);
    else if (idle !== this.worker) void this.worker.terminate().catch(() => {});
  }
}

/** A plain edit event as the worker sends it: valid, its time in canonical ISO form. */
export interface PlainEdit {
  /** Whether its `prev` is the previous line's SHA-256. */
  prevOk: boolean;
  seq: number;
  timeMs: number;
  offset: number;
  deleteLength: number;
  origin: number;
  insertText: string;
}

/** A reusable {@link PlainEdit} to read records into. */
export function plainEditSlot(): PlainEdit {
  return { prevOk: false, seq: 0, timeMs: 0, offset: 0, deleteLength: 0, origin: 0, insertText: '' };
}
