/**
 * The command line's file safety: what it reads is a regular file of bounded size, what it
 * writes is written atomically (a temporary file beside the target, then a rename), never
 * through a symbolic or hard link, and never over a journal or a script.
 */
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, chmodSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';

/** Largest files read, in bytes, by kind. Tests may lower them. */
export const readLimits = {
  /** A screenplay is rarely over 1 MB; 64 MiB leaves room for anything a writer makes. */
  script: 64 * 1024 * 1024,
  /** A journal holds every edit and checkpoint of a script's life. */
  journal: 512 * 1024 * 1024,
  /** A policy or project file is a short JSON object. */
  policy: 1024 * 1024,
};

/** Why a file was not read. */
export type UnreadableReason = 'missing' | 'not-regular' | 'too-large' | 'invalid-utf8' | 'io';

/** A file that cannot be read: the message names the file, what it was expected to be and why. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

/** An output path the command refuses to write (a link, a journal, a script, an input). */
export class OutputRefusedError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadOptions {
  /** What the file is, for messages: "the script", "the provenance record", "the policy file". */
  what: string;
  /** Largest size read, in bytes. */
  maxBytes: number;
}

/** What a non-regular file is, in words. */
export function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'too many symbolic links';
  if (e.code === 'ENOTDIR') return 'a part of the path is not a folder';
  return e.message ?? String(err);
}

/**
 * Reads a regular file of at most `maxBytes`. Named pipes, devices, sockets and folders are
 * refused without blocking (the file is opened non-blocking and checked before any read).
 * Throws {@link UnreadableFileError}.
 */
export function readRegularFile(path: string, options: ReadOptions): Buffer {
  const { what, maxBytes } = options;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(path, code === 'ENOENT' ? 'missing' : 'io', `cannot read ${what} ${path}: ${errnoText(err)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new UnreadableFileError(path, 'not-regular', `cannot read ${what} ${path}: it is ${fileKind(stat)}, not a regular file`);
    }
    if (stat.size > maxBytes) {
      throw new UnreadableFileError(path, 'too-large', `cannot read ${what} ${path}: it is ${stat.size} bytes, over the limit of ${maxBytes} bytes`);
    }
    // Read what is there now, and notice a file that grows past the limit while being read.
    const out = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 1)));
    let done = 0;
    for (;;) {
      if (done === out.length) break;
      const n = readSync(fd, out, done, out.length - done, done);
      if (n === 0) break;
      done += n;
    }
    if (done > maxBytes) {
      throw new UnreadableFileError(path, 'too-large', `cannot read ${what} ${path}: it grew past the limit of ${maxBytes} bytes while being read`);
    }
    return out.subarray(0, done);
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(path, 'io', `cannot read ${what} ${path}: ${errnoText(err)}`);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // closing a descriptor opened for reading loses nothing
    }
  }
}

/** The offset of the first byte of `buf` that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  if (isUtf8(buf)) return -1;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes UTF-8 strictly: bytes that are not valid UTF-8 are refused (a lenient decoder would
 * turn `FF`, `C3` and `EF BF BD` into the same text, so different files would verify against the
 * same record). A byte order mark is kept as U+FEFF, like `readFileSync(path, 'utf8')`.
 */
export function decodeUtf8Strict(buf: Buffer, path: string, what: string): string {
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    const line = countLines(buf, bad);
    throw new UnreadableFileError(
      path,
      'invalid-utf8',
      `cannot read ${what} ${path}: it is not valid UTF-8 (byte 0x${buf[bad].toString(16).toUpperCase().padStart(2, '0')} at byte offset ${bad}, line ${line}); save it as UTF-8`,
    );
  }
  return buf.toString('utf8');
}

function countLines(buf: Buffer, end: number): number {
  let line = 1;
  for (let at = buf.indexOf(10); at >= 0 && at < end; at = buf.indexOf(10, at + 1)) line++;
  return line;
}

/** Reads a regular UTF-8 text file of at most `maxBytes` (see {@link readRegularFile}, {@link decodeUtf8Strict}). */
export function readTextFile(path: string, options: ReadOptions): string {
  return decodeUtf8Strict(readRegularFile(path, options), path, options.what);
}

/** Extensions of files the tool never writes over: scripts and journals. */
const PROTECTED_NAME = /\.(fountain|spmd)$|\.provenance$|\.provenance\.unreadable-/i;

/** True when `path`'s name says it is a script or a journal (or a journal moved aside). */
export function isScriptOrJournalName(path: string): boolean {
  return PROTECTED_NAME.test(basename(path));
}

/** True when the file at `path` starts like a journal (its header line). */
function startsLikeJournal(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return false;
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('utf8');
    return /^\s*\{[^\n]*"type"\s*:\s*"header"/.test(text) && text.includes('"format"') && text.includes('fountain-provenance');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

export interface WriteOptions {
  /** Files the output must not be (the inputs): compared by path and by identity. */
  protect?: string[];
}

/**
 * Checks that `path` may be written by the tool: not a symbolic link, not a hard link, not a
 * folder, pipe or device, not a journal or a script (by name or by content), not one of
 * `protect`. Throws {@link OutputRefusedError}.
 */
export function checkOutputPath(path: string, options: WriteOptions = {}): void {
  const target = resolve(path);
  if (isScriptOrJournalName(target)) {
    throw new OutputRefusedError(path, `refusing to write over ${path}: its name is a script's or a journal's (.fountain, .spmd, .provenance); choose another output file`);
  }
  let stat: Stats | undefined;
  try {
    stat = lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputRefusedError(path, `cannot write ${path}: ${errnoText(err)}`);
  }
  if (stat) {
    if (stat.isSymbolicLink()) {
      throw new OutputRefusedError(path, `refusing to write ${path}: it is a symbolic link, and the tool never writes through a link; remove it or choose another output file`);
    }
    if (!stat.isFile()) throw new OutputRefusedError(path, `refusing to write ${path}: it is ${fileKind(stat)}, not a regular file`);
    if (stat.nlink > 1) {
      throw new OutputRefusedError(path, `refusing to write ${path}: it is a hard link (${stat.nlink} names for one file), and the tool never writes through a link; remove it or choose another output file`);
    }
    if (startsLikeJournal(target)) throw new OutputRefusedError(path, `refusing to write over ${path}: it is a provenance journal; choose another output file`);
  }
  for (const input of options.protect ?? []) {
    const abs = resolve(input);
    let same = abs === target;
    if (!same && stat) {
      try {
        same = sameFile(statSync(abs), stat);
      } catch {
        same = false;
      }
    }
    if (!same) {
      try {
        same = realpathSync(dirname(abs)) === realpathSync(dirname(target)) && basename(abs) === basename(target);
      } catch {
        // a folder that does not exist cannot hold the input
      }
    }
    if (same) throw new OutputRefusedError(path, `refusing to write over ${input}: it is one of the inputs; choose another output file`);
  }
}

/**
 * Writes an output file atomically: checks the path ({@link checkOutputPath}), writes a new
 * temporary file beside it (created exclusively, so nothing planted there is followed), forces
 * it to disk and renames it over the target. An existing target keeps its permissions.
 */
export function writeOutputFile(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  checkOutputPath(path, options);
  const target = resolve(path);
  let mode: number | undefined;
  try {
    mode = lstatSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (mode !== undefined) chmodSync(tmp, mode);
    // Checked again just before the rename: the target may have changed since.
    checkOutputPath(path, options);
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    if (err instanceof OutputRefusedError) throw err;
    throw new OutputRefusedError(path, `cannot write ${path}: ${errnoText(err)}`);
  }
}
