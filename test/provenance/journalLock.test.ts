/**
 * Issue 13, item 1: one writer process per journal. A lock beside the sidecar; a second
 * process opens the record read-only and says so; a dead process's lock is taken over.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireJournalLock, lockPathFor } from '../../server/src/provenance/journalLock';
import { ScriptRecord } from '../../server/src/provenance/record';
import { verifyJournal } from '../../server/src/provenance/verify';
import type { Origin } from '../../server/src/provenance/types';

const WRITER = { name: 'Ada', email: 'ada@example.invalid' };
const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-11-20T10:00:00.000Z', writer: WRITER };
const ROOT = resolve(__dirname, '..', '..');

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'fp-lock-'));
}

/** A child process that takes the lock of `journal` and holds it until killed. */
function holder(journal: string): Promise<{ pid: number; kill: () => void }> {
  const code = `const { acquireJournalLock } = require(${JSON.stringify(join(ROOT, 'server/src/provenance/journalLock.ts'))});
const lock = acquireJournalLock(${JSON.stringify(journal)});
process.stdout.write(lock.held ? 'held\\n' : 'not held\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.stdout.once('data', (d: Buffer) => {
      if (String(d).trim() !== 'held') reject(new Error(`the child did not get the lock: ${String(d)}`));
      else resolvePromise({ pid: child.pid!, kill: () => child.kill('SIGKILL') });
    });
    child.once('error', reject);
  });
}

describe('journal lock', () => {
  test('the lock file sits beside the sidecar and names this process; release removes it', () => {
    const journal = join(folder(), 'a.fountain.provenance');
    const lock = acquireJournalLock(journal);
    assert.ok(lock.held);
    const owner = JSON.parse(readFileSync(lockPathFor(journal), 'utf8'));
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    lock.release();
    assert.ok(!existsSync(lockPathFor(journal)));
  });

  test('records of one process share the lock; the last release removes it', () => {
    const journal = join(folder(), 'a.fountain.provenance');
    const a = acquireJournalLock(journal);
    const b = acquireJournalLock(journal);
    assert.ok(a.held && b.held);
    a.release();
    assert.ok(existsSync(lockPathFor(journal)));
    b.release();
    assert.ok(!existsSync(lockPathFor(journal)));
  });

  test('a live process holds it: not held here, the owner named', async () => {
    const journal = join(folder(), 'a.fountain.provenance');
    const child = await holder(journal);
    try {
      const lock = acquireJournalLock(journal);
      assert.equal(lock.held, false);
      assert.ok(!lock.held && lock.owner?.pid === child.pid, JSON.stringify(lock));
      assert.match(!lock.held ? lock.reason : '', new RegExp(`process ${child.pid}`));
    } finally {
      child.kill();
    }
  });

  test('the lock of a process killed with SIGKILL is taken over at once', async () => {
    const journal = join(folder(), 'a.fountain.provenance');
    const child = await holder(journal);
    child.kill();
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 50 && spawnSync('kill', ['-0', String(child.pid)]).status === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(lockPathFor(journal)), 'the dead process left its lock');
    const lock = acquireJournalLock(journal);
    assert.ok(lock.held, JSON.stringify(lock));
    assert.equal(JSON.parse(readFileSync(lockPathFor(journal), 'utf8')).pid, process.pid);
    lock.release();
  });

  test('a lock naming a reused process id (another start time) is stale', () => {
    const journal = join(folder(), 'a.fountain.provenance');
    writeFileSync(lockPathFor(journal), JSON.stringify({ pid: process.ppid, host: hostname(), since: '2020-01-01T00:00:00.000Z', nonce: 'old', start: '1' }));
    const lock = acquireJournalLock(journal);
    assert.ok(lock.held, JSON.stringify(lock));
    lock.release();
  });
});

describe('a second writer opens the record read-only', () => {
  test('while another process holds the lock, edits stay in memory and the journal is untouched', async () => {
    const dir = folder();
    const keys = mkdtempSync(join(tmpdir(), 'fp-lock-keys-'));
    const path = join(dir, 'a.fountain');
    writeFileSync(path, 'INT. ROOM - DAY\n');
    const first = ScriptRecord.open(path, 'INT. ROOM - DAY\n', { writer: WRITER, keyDir: keys });
    first.applyEdit({ offset: 16, deleteLength: 0, insertText: 'Hi', origin: typing });
    first.close();
    const child = await holder(`${path}.provenance`);
    try {
      const before = readFileSync(`${path}.provenance`);
      const second = ScriptRecord.open(path, 'INT. ROOM - DAY\nHi', { writer: WRITER, keyDir: keys });
      const notice = second.notices.find((n) => n.kind === 'read-only');
      assert.ok(notice, JSON.stringify(second.notices));
      assert.match(notice.message, new RegExp(`process ${child.pid}.*read-only`));
      second.applyEdit({ offset: 0, deleteLength: 0, insertText: 'X', origin: typing });
      second.close();
      assert.deepEqual(readFileSync(`${path}.provenance`), before);
      assert.equal(second.text, 'XINT. ROOM - DAY\nHi');
      assert.match(verifyJournal(readFileSync(`${path}.provenance`), 'INT. ROOM - DAY\nHi').status, /^verified/);
    } finally {
      child.kill();
    }
  });
});
