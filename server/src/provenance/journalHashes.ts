/**
 * Line hashes of a large journal, computed on a second thread while the first replays it.
 * The chain check needs every line's SHA-256, about a seventh of a long replay's time, so on
 * a machine with a spare core a long replay hands the hashing to a worker. Whatever the worker has not finished when it is asked for, the caller hashes itself:
 * the answers are the same either way, only their speed differs.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Journals shorter than `minChars` are hashed on the calling thread (starting a worker costs
 * more). Tests lower it, and set `waitForWorker` to have every line hashed by the worker.
 */
export const lineHashTuning = { minChars: 3_000_000, waitForWorker: false };

// Plain script: `eval` workers need no file, so this works the same bundled or under tsx.
const WORKER = `
const { workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const { bytes, digests, state } = workerData;
const data = Buffer.from(bytes);
const out = Buffer.from(digests);
const st = new Int32Array(state);
const slots = out.length / 64;
const hashHex = crypto.hash ? (b) => crypto.hash('sha256', b, 'hex') : (b) => crypto.createHash('sha256').update(b).digest('hex');
let start = 0;
let line = 1;
while (line <= slots && Atomics.load(st, 1) === 0) {
  const nl = data.indexOf(10, start);
  if (nl < 0) break;
  const end = nl > start && data[nl - 1] === 13 ? nl - 1 : nl;
  out.latin1Write(hashHex(data.subarray(start, end)), (line - 1) * 64, 64);
  if ((line & 63) === 0) Atomics.store(st, 0, line);
  start = nl + 1;
  line++;
}
Atomics.store(st, 0, line - 1);
Atomics.store(st, 2, 1);
Atomics.notify(st, 2);
`;

/** The SHA-256 of journal lines by one-based line number (`\n`-terminated lines only). */
export class LineHashes {
  private readonly digests: Uint8Array | undefined;
  private readonly state: Int32Array | undefined;
  private readonly worker: Worker | undefined;

  /** Starts a worker only for long journals on a machine with two cores or more. */
  constructor(text: string) {

    if (text.length < lineHashTuning.minChars || availableParallelism() < 2) return;
    try {
      // Room for a line every 128 characters; lines past that are hashed by the caller.
      const slots = Math.ceil(text.length / 128) + 16;
      const digests = new SharedArrayBuffer(slots * 64);
      // Lines hashed so far, a request to stop, and whether the worker has finished.
      const state = new SharedArrayBuffer(12);
      // The text goes over as UTF-8 in shared memory: a string would be copied on this thread.
      const bytes = new SharedArrayBuffer(Buffer.byteLength(text));
      Buffer.from(bytes).write(text);
      const worker = new Worker(WORKER, { eval: true, workerData: { bytes, digests, state } });
      worker.unref();
      worker.on('error', () => {});
      this.digests = new Uint8Array(digests);
      this.state = new Int32Array(state);
      this.worker = worker;
      if (lineHashTuning.waitForWorker) Atomics.wait(this.state, 2, 0, 10_000);

    } catch {
      // No worker: the caller hashes every line.
    }
  }

  /** True when line `line`'s hash is known without hashing it here. */
  ready(line: number): boolean {
    return this.state !== undefined && Atomics.load(this.state, 0) >= line;
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

  /** Stops the worker. */
  close(): void {
    if (!this.state || !this.worker) return;
    Atomics.store(this.state, 1, 1);
    void this.worker.terminate().catch(() => {});
  }
}
