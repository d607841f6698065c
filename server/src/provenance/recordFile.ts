/** Reading a journal file: all of it when short, its first line and its end when long. */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CHECKPOINT_LINE_PREFIX } from './journal';

/** The largest journal the language server loads (the command line has its own limit, cli/safeFs.ts). */
export const journalLimits = { maxBytes: 512 * 1024 * 1024 };

/** The first tail read from a long journal. */
const FIRST_TAIL = 1 << 20;
const MARKER = Buffer.from(`\n${CHECKPOINT_LINE_PREFIX}`, 'utf8');

/** True when `tail` (which starts mid-line) holds a whole checkpoint line. */
function holdsWholeCheckpoint(tail: Buffer): boolean {
  const first = tail.indexOf(10);
  let at = tail.lastIndexOf(MARKER);
  while (at >= 0 && at >= first) {
    if (tail.indexOf(10, at + 1) >= 0) return true;
    at = at > 0 ? tail.lastIndexOf(MARKER, at - 1) : -1;
  }
  return false;
}

export interface JournalFile {
  /** The start of the file, holding at least its first line when the file has one. */
  head: Buffer;
  /** The whole file (base 0), or its last bytes (base = where they start). */
  buf: Buffer;
  base: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

/**
 * Reads `path`; files longer than `tailBytes` give their first line and a tail of at most
 * `tailBytes` (the shortest of `firstTail` (1 MB), 4 times that, … that holds a whole checkpoint
 * line). Throws like readFileSync, and with code `ENOTREG` for anything but a regular file.
 */
export function readJournalFile(path: string, tailBytes: number, firstTail = FIRST_TAIL): JournalFile {
  // Opened without blocking and checked before any read: a named pipe or a device in the
  // journal's place must not hang the server or fill its memory.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`${path} is not a regular file (${stat.isFIFO() ? 'a named pipe' : stat.isDirectory() ? 'a folder' : 'a device or socket'})`), { code: 'ENOTREG' });
    const size = stat.size;
    if (size > journalLimits.maxBytes) throw Object.assign(new Error(`${path} is ${size} bytes, over the limit of ${journalLimits.maxBytes} bytes for a journal`), { code: 'EFBIG' });
    if (size <= tailBytes) {
      const buf = readAt(fd, 0, size);
      return { head: buf, buf, base: 0 };
    }
    let head = readAt(fd, 0, Math.min(size, 65_536));
    if (head.indexOf(10) < 0) head = readAt(fd, 0, size);
    // Loading uses only the last whole checkpoint and what follows it: read a short tail
    // first and more only when the short one does not hold such a checkpoint.
    for (let length = Math.min(tailBytes, Math.max(1, firstTail)); ; length = Math.min(tailBytes, length * 4)) {
      const base = size - length;
      const buf = readAt(fd, base, length);
      if (length >= tailBytes || holdsWholeCheckpoint(buf)) return { head, buf, base };
    }
  } finally {
    closeSync(fd);
  }
}
