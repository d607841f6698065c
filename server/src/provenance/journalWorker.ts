/**
 * The journal worker: a second thread that hashes a long journal's lines and parses and
 * checks its plain edit events while the first replays it (see journalHashes.ts). Its own
 * bundle entry (dist/journalWorker.js); under tsx it runs from this file.
 */
import { createHash, hash as cryptoHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { CATCH_UP, FIELDS, LEAD, PLAIN, PREV_OK, type WorkerJob } from './journalHashesLayout';
import { eventParser } from './journalEventCheck';

const checkEvent = eventParser();
const hashHex =
  typeof cryptoHash === 'function'
    ? (b: Uint8Array): string => cryptoHash('sha256', b, 'hex')
    : (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Buffer's undocumented fast paths (present in every Node version we support). */
interface FastBuffer extends Buffer {
  latin1Write(text: string, offset: number, length: number): number;
  utf8Slice(start: number, end: number): string;
}

parentPort?.on('message', (job: WorkerJob) => run(job));

/** Hashes (and, with records, describes) lines ahead of the replaying thread until the end or a stop. */
function run({ bytes, length, digests, state, lines, records, chars }: WorkerJob): void {
  const done = new Int32Array(lines);
  const data = Buffer.from(bytes, 0, length) as FastBuffer;
  const out = Buffer.from(digests) as FastBuffer;
  const st = new Int32Array(state);
  const rec = records ? new Float64Array(records) : undefined;
  const pool = chars ? new Uint16Array(chars) : new Uint16Array(0);
  const slots = out.length / 64;
  let used = 0;
  // Times in the form the journal writes (YYYY-MM-DDTHH:MM:SS.sssZ) are read against the last
  // minute fully parsed; Date.parse and toISOString per line would cost more than the parse.
  let minute = '\u0000';
  let minuteMs = NaN;
  function timeOf(time: string): number {
    if (time.length === 24 && time.charCodeAt(19) === 46 && time.charCodeAt(23) === 90 && time.startsWith(minute)) {
      let n = 0;
      for (const i of [17, 18, 20, 21, 22]) {
        const d = time.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return NaN;
        n = n * 10 + d;
      }
      return n < 60000 ? minuteMs + n : NaN;
    }
    const ms = Date.parse(time);
    if (Number.isNaN(ms) || new Date(ms).toISOString() !== time) return NaN;
    minute = time.slice(0, 17);
    minuteMs = ms - (ms % 60000 + 60000) % 60000;
    return ms;
  }
  function describe(rec: Float64Array, line: number, text: string, prevHex: string): void {
    const at = (line - 1) * FIELDS;
    rec[at] = 0;
    const e = checkEvent(text).event;
    if (!e || e.type !== 'edit' || e.steps !== undefined || e.typed !== undefined || e.cursor !== undefined || e.until !== undefined) return;
    if (e.defines !== undefined || e.writers !== undefined || e.resume !== undefined) return;
    // NaN: not in canonical form (the caller parses such a line itself).
    const ms = timeOf(e.time as string);
    if (Number.isNaN(ms)) return;
    const s = e.insertText as string;
    const n = s.length;
    // A lone surrogate comes back from UTF-8 as U+FFFD: such text is left to the caller.
    if (used + n > pool.length || s.includes('\uFFFD')) return;
    for (let i = 0; i < n; i++) pool[used + i] = s.charCodeAt(i);
    rec[at + 1] = e.seq as number;
    rec[at + 2] = ms;
    rec[at + 3] = e.offset as number;
    rec[at + 4] = e.deleteLength as number;
    rec[at + 5] = e.origin as number;
    rec[at + 6] = used;
    rec[at + 7] = n;
    used += n;
    rec[at] = e.prev === prevHex ? (PLAIN | PREV_OK) : PLAIN;
  }
  const lineEnd = (start: number, nl: number): number => (nl > start && data[nl - 1] === 13 ? nl - 1 : nl);
  // Lines the replaying thread has reached it does itself: the worker keeps ahead of it,
  // jumping forward when caught up, so the two never work on the same lines.
  let start = 0;
  let line = 1;
  let prevStart = -1;
  let prevNl = -1;
  let prevLine = 0;
  let prevHex = '';
  while (line <= slots && Atomics.load(st, 1) === 0) {
    const nl = data.indexOf(10, start);
    if (nl < 0) break;
    const reached = Atomics.load(st, 0);
    if (reached > 0 && line < reached + CATCH_UP) {
      const target = reached + LEAD;
      while (line < target) {
        prevStart = start;
        prevNl = data.indexOf(10, start);
        if (prevNl < 0) break;
        start = prevNl + 1;
        line++;
      }
      continue;
    }
    const end = lineEnd(start, nl);
    const hex = hashHex(data.subarray(start, end));
    out.latin1Write(hex, (line - 1) * 64, 64);
    if (rec && line > 1) {
      if (prevLine !== line - 1) prevHex = hashHex(data.subarray(prevStart, lineEnd(prevStart, prevNl)));
      describe(rec, line, data.utf8Slice(start, end), prevHex);
    }
    Atomics.store(done, line - 1, 1);
    prevHex = hex;
    prevLine = line;
    prevStart = start;
    prevNl = nl;
    start = nl + 1;
    line++;
  }
  Atomics.store(st, 2, 1);
  Atomics.notify(st, 2);
}
