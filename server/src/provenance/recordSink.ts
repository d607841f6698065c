/**
 * Where a record's journal lines go: appended to the sidecar file, or kept in memory when
 * there is no file or it cannot be written. Never throws.
 */
import { closeSync, constants, fstatSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export class JournalSink {
  private memory: Buffer[] | undefined;

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
      appendToOwnFile(this.path!, Buffer.from(text, 'utf8'));
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
          : err.message;
    this.onFailure(`cannot write ${path}: ${why}; keeping the record in memory`);
  }
}

/**
 * Appends to `path` only when it is the journal's own file: a regular file with one name, not
 * reached through a symbolic link. Throws (code `ELOOP` or `ELINKED`) otherwise.
 */
export function appendToOwnFile(path: string, bytes: Buffer): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.nlink > 1) throw Object.assign(new Error(`${path} is linked from elsewhere`), { code: stat.isFile() ? 'ELINKED' : 'ENOTREG' });
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  } finally {
    closeSync(fd);
  }
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
