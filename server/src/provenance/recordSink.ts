/**
 * Where a record's journal lines go: appended to the sidecar file, or kept in memory when
 * there is no file or it cannot be written. Never throws.
 */
import { closeSync, constants, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync, unlinkSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';

export class JournalSink {
  private memory: Buffer[] | undefined;
  /** The file's size after this sink's last append (undefined: not appended yet). */
  private knownSize: number | undefined;

  private constructor(
    private path: string | undefined,
    private readonly onFailure: (message: string) => void,
  ) {
    if (!path) this.memory = [];
  }

  /** A sink that appends to `path` (which must already hold the journal's first lines). */
  static file(path: string, onFailure: (message: string) => void): JournalSink {
    return new JournalSink(path, onFailure);
  }

  /** A sink that keeps everything in memory, starting with `content`. */
  static memory(content: string | Buffer = ''): JournalSink {
    const sink = new JournalSink(undefined, () => undefined);
    sink.memory = [typeof content === 'string' ? Buffer.from(content, 'utf8') : content];
    return sink;
  }

  get inMemory(): boolean {
    return this.memory !== undefined;
  }

  /**
   * Creates a journal file atomically (temporary file, then rename) holding `content`.
   * Returns a file sink, or a memory sink and calls `onFailure` when that is impossible.
   */
  static create(path: string, content: string, onFailure: (message: string) => void): JournalSink {
    try {
      writeAtomically(path, content);
      return JournalSink.file(path, onFailure);
    } catch (err) {
      onFailure(`cannot write ${path}: ${(err as Error).message}`);
      return JournalSink.memory(content);
    }
  }

  append(text: string): void {
    if (this.memory) {
      this.memory.push(Buffer.from(text, 'utf8'));
      return;
    }
    try {
      this.knownSize = appendToOwnFile(this.path!, Buffer.from(text, 'utf8'), this.knownSize);
    } catch (err) {
      this.fallBack(err as Error, text);
    }
  }

  /** Forces appended lines to disk. */
  sync(): void {
    if (this.memory || !this.path) return;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
      fsyncSync(fd);
    } catch (err) {
      this.fallBack(err as Error, '');
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // closing a descriptor we opened cannot lose data
        }
      }
    }
  }

  /** The whole journal as it stands. */
  read(): Buffer {
    if (this.memory) return Buffer.concat(this.memory);
    try {
      return readFileSync(this.path!);
    } catch {
      return Buffer.alloc(0);
    }
  }

  private fallBack(err: Error, pending: string): void {
    let existing: Buffer = Buffer.alloc(0);
    try {
      existing = readFileSync(this.path!);
    } catch {
      // keep what we have: nothing
    }
    const path = this.path;
    this.memory = [existing, Buffer.from(pending, 'utf8')];
    this.path = undefined;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP'
        ? 'it is a symbolic link, and the record is never written through a link (it could be another script\'s journal)'
        : code === 'ELINKED'
          ? 'it has other names (a hard link), and the record is never written through a link (it could be another script\'s journal)'
          : code === 'ESTALE'
            ? 'it changed on disk (a git pull or merge, another program) since the record read it, and an event is never appended to a chain it does not continue; open the script again to continue from the file'
            : err.message;
    this.onFailure(`cannot write ${path}: ${why}; keeping the record in memory`);
  }
}

/**
 * Appends to `path` only when it is the journal's own file: a regular file with one name, not
 * reached through a symbolic link. Throws (code `ELOOP` or `ELINKED`) otherwise. Unless the
 * file still has `knownSize` bytes (what this writer left there), the line's `prev` must be
 * the hash of the file's last line: an event is never appended to a chain it does not
 * continue (code `ESTALE`). Returns the file's new size.
 */
export function appendToOwnFile(path: string, bytes: Buffer, knownSize?: number): number {
  const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.nlink > 1) throw Object.assign(new Error(`${path} is linked from elsewhere`), { code: stat.isFile() ? 'ELINKED' : 'ENOTREG' });
    if (stat.size !== knownSize) {
      const prev = /"prev":"([0-9a-f]*)"/.exec(bytes.subarray(0, Math.min(bytes.length, 4096)).toString('utf8'))?.[1];
      if (prev !== undefined && prev !== lastLineHash(fd, stat.size)) throw Object.assign(new Error(`${path} changed on disk`), { code: 'ESTALE' });
    }
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    return stat.size + bytes.length;
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 hex of the last whole line of the open file (without its newline); '' when there is none. */
function lastLineHash(fd: number, size: number): string {
  if (size === 0) return '';
  const chunks: Buffer[] = [];
  let total = 0;
  // The last byte is the newline ending the last line (a cut line makes the hash differ).
  let pos = size - 1;
  for (;;) {
    const from = Math.max(0, pos - 65_536);
    const buf = Buffer.alloc(pos - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    const nl = buf.lastIndexOf(10);
    if (nl >= 0) {
      chunks.unshift(buf.subarray(nl + 1));
      break;
    }
    chunks.unshift(buf);
    total += buf.length;
    if (from === 0 || total > 1 << 28) break;
    pos = from;
  }
  let line = Buffer.concat(chunks);
  if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
  return createHash('sha256').update(line).digest('hex');
}

/** Writes `content` to a temporary file beside `path`, then renames it over `path`. */
export function writeAtomically(path: string, content: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, content);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never made
    }
    throw err;
  }
}
