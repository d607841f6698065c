/**
 * One writer per journal: a lock file beside the sidecar (`<journal>.lock`) naming the process
 * that appends to it. A second editor finds the lock held and opens the record read-only. A
 * lock left by a process that died (kill -9, a crash, a power cut) is taken over at once: the
 * owner's process id is checked on this host, with its start time so a reused id is not
 * mistaken for the owner.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/** Who holds a journal's lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Tells two holders with the same process id apart (two records in one process). */
  nonce: string;
  /** The process's start time in clock ticks since boot (Linux), when known. */
  start?: string;
}

export type JournalLock =
  | { held: true; path: string; release(): void }
  | { held: false; path: string; owner?: LockOwner; reason: string };

/** The lock file of a journal. */
export function lockPathFor(journalPath: string): string {
  return `${journalPath}.lock`;
}

/** Locks held by this process: lock path -> its nonce and how many records share it. */
const heldHere = new Map<string, { nonce: string; count: number }>();
let exitHook = false;

function processStart(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

function readOwner(path: string): { raw: string; owner?: LockOwner } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.nonce === 'string') return { raw, owner: o as LockOwner };
  } catch {
    // half-written or damaged
  }
  return { raw };
}

/** False when the owner is known to be gone: a process of this host that no longer runs. */
export function ownerAlive(owner: LockOwner, lockPath: string): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return heldHere.get(lockPath)?.nonce === owner.nonce;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (owner.start) {
    const start = processStart(owner.pid);
    if (start !== undefined && start !== owner.start) return false;
  }
  return true;
}

function releaseAll(): void {
  for (const [path, { nonce }] of heldHere) removeIfOurs(path, nonce);
  heldHere.clear();
}

function removeIfOurs(path: string, nonce: string): void {
  const found = readOwner(path);
  if (found?.owner?.nonce === nonce) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

/** Describes a lock's owner for a message. */
export function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another program';
  return `process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}, since ${owner.since}`;
}

/**
 * Takes the lock of the journal at `journalPath` for this process. Held when the lock file was
 * created, or was left by a dead process and taken over, or this process holds it already
 * (records of one process share it: a server that reopens a record after the file changed
 * keeps writing alone). Not held when a live process holds it. When no lock file can be made
 * at all (a read-only folder), nothing can be appended either, so the lock counts as held.
 */
export function acquireJournalLock(journalPath: string): JournalLock {
  const path = lockPathFor(resolve(journalPath));
  const mine = heldHere.get(path);
  if (mine && readOwner(path)?.owner?.nonce === mine.nonce) {
    mine.count++;
    return holding(path, mine.nonce, false);
  }
  if (mine) heldHere.delete(path);
  const nonce = randomBytes(8).toString('hex');
  const start = processStart('self');
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), nonce, ...(start ? { start } : {}) };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return holding(path, nonce, false, false);
      const found = readOwner(path);
      if (!found) continue;
      if (!found.owner) {
        // A lock being written right now, or a damaged one: damaged once it is a few seconds old.
        let age = 0;
        try {
          age = Date.now() - statSync(path).mtimeMs;
        } catch {
          continue;
        }
        if (age < 5000) return { held: false, path, reason: 'the lock file is being written by another program' };
      } else if (ownerAlive(found.owner, path)) {
        return { held: false, path, owner: found.owner, reason: `${describeOwner(found.owner)} is writing this journal` };
      }
      takeOver(path, found.raw, nonce);
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    return holding(path, nonce, true);
  }
  return { held: false, path, reason: 'the lock kept changing hands' };
}

/** Moves a stale lock out of the way, unless it changed since it was read. */
function takeOver(path: string, seen: string, nonce: string): void {
  const aside = `${path}.stale-${nonce}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // gone: nothing to put back
  }
  if (moved !== seen) {
    // Another process took the stale lock over meanwhile: give its fresh lock back.
    try {
      linkSync(aside, path);
    } catch {
      // a newer lock is there already
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

/** A held lock; `counted` when it is (or joins) this process's lock file, released by the last holder. */
function holding(path: string, nonce: string, created: boolean, counted = true): JournalLock {
  if (created) {
    heldHere.set(path, { nonce, count: 1 });
    if (!exitHook) {
      exitHook = true;
      process.once('exit', releaseAll);
    }
  }
  let released = false;
  return {
    held: true,
    path,
    release() {
      if (released || !counted) return;
      released = true;
      const entry = heldHere.get(path);
      if (!entry || entry.nonce !== nonce) return;
      if (--entry.count > 0) return;
      heldHere.delete(path);
      removeIfOurs(path, nonce);
    },
  };
}
