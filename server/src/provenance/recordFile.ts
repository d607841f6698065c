/** Reading a journal file: all of it when short, its first line and its end when long. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

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

/** Reads `path`; files longer than `tailBytes` give their first line and last `tailBytes`. Throws like readFileSync. */
export function readJournalFile(path: string, tailBytes: number): JournalFile {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= tailBytes) {
      const buf = readAt(fd, 0, size);
      return { head: buf, buf, base: 0 };
    }
    let head = readAt(fd, 0, Math.min(size, 65_536));
    if (head.indexOf(10) < 0) head = readAt(fd, 0, size);
    const base = size - tailBytes;
    return { head, buf: readAt(fd, base, tailBytes), base };
  } finally {
    closeSync(fd);
  }
}
