/**
 * Issue 13 (hardening) through the built language server: a FIFO or a device in the journal's
 * place, a sidecar that is a link into another project's journal, two servers on one script,
 * and a crash after a typing pause.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient, tempWorkspace, withServer } from './client';
import { verifyJournal } from '../../server/src/provenance/verify';

const SCRIPT = 'INT. ROOM - DAY\n\nShe waits.\n';

/** Waits for a condition on disk (no server message wakes the client's own waiters). */
async function until(what: string, condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a journal that is not a regular file (item 5)', () => {
  test('a FIFO or /dev/zero sidecar: the server answers at once, keeps the record in memory and says so', async () => {
    const ws = tempWorkspace();
    const fifo = join(ws.dir, 'pipe.fountain');
    writeFileSync(fifo, SCRIPT);
    execFileSync('mkfifo', [`${fifo}.provenance`]);
    const zero = join(ws.dir, 'zero.fountain');
    writeFileSync(zero, SCRIPT);
    symlinkSync('/dev/zero', `${zero}.provenance`);
    await withServer(ws.env, async (client) => {
      for (const path of [fifo, zero]) {
        const uri = client.open(path, SCRIPT);
        await client.diagnosticsNow(uri);
        client.type(uri, SCRIPT.length, 'More.');
        await client.diagnosticsNow(uri);
        await client.waitFor(`a message about ${path}`, () => client.messages.find((m) => m.message.includes(`${path}.provenance`) && /not a regular file/.test(m.message)));
        client.save(uri);
        client.close(uri);
      }
      await client.request('fountainProvenance/status', null);
    });
  });
});

describe('a sidecar that is a link (item 6)', () => {
  test('the server never appends through a symbolic or hard link into another journal', async () => {
    const ws = tempWorkspace();
    // Another project, with a script of the same name and its own journal.
    const other = join(ws.dir, 'other');
    mkdirSync(other);
    const theirs = join(other, 'a.fountain');
    writeFileSync(theirs, SCRIPT);
    await withServer(ws.env, async (client) => {
      const uri = client.open(theirs, SCRIPT);
      await client.diagnosticsNow(uri);
      client.save(uri);
      client.close(uri);
      await client.request('fountainProvenance/status', null);
    });
    const journalBefore = readFileSync(`${theirs}.provenance`);
    const mine = join(ws.dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'a.fountain'), SCRIPT);
    symlinkSync(`${theirs}.provenance`, join(mine, 'a.fountain.provenance'));
    const hard = join(ws.dir, 'hard');
    mkdirSync(hard);
    writeFileSync(join(hard, 'a.fountain'), SCRIPT);
    linkSync(`${theirs}.provenance`, join(hard, 'a.fountain.provenance'));
    await withServer(ws.env, async (client) => {
      for (const path of [join(mine, 'a.fountain'), join(hard, 'a.fountain')]) {
        const uri = client.open(path, SCRIPT);
        await client.diagnosticsNow(uri);
        client.type(uri, SCRIPT.length, 'Typed here.');
        client.edit(uri, 0, 0, 'A long paste that is not typing at all.\n\n');
        await client.diagnosticsNow(uri);
        client.save(uri);
        await client.waitFor(`a message about the link at ${path}`, () => client.messages.find((m) => m.message.includes(`${path}.provenance`) && /link/.test(m.message)));
        client.close(uri);
      }
      await client.request('fountainProvenance/status', null);
    });
    assert.deepEqual(readFileSync(`${theirs}.provenance`), journalBefore, 'the other project\'s journal is unchanged');
  });
});

describe('two editors on one script (item 1)', () => {
  test('the second server opens the record read-only and says so; the journal holds only the first server\'s events and verifies', async () => {
    const ws = tempWorkspace();
    const path = join(ws.dir, 'a.fountain');
    writeFileSync(path, SCRIPT);
    const a = new TestClient({ env: ws.env });
    const b = new TestClient({ env: ws.env });
    try {
      await a.initialize();
      await b.initialize();
      const ua = a.open(path, SCRIPT);
      await a.diagnosticsNow(ua);
      const ub = b.open(path, SCRIPT);
      await b.diagnosticsNow(ub);
      await b.waitFor('the read-only message', () => b.messages.find((m) => /read-only/.test(m.message) && m.message.includes('a.fountain')));
      assert.ok(!a.messages.some((m) => /read-only/.test(m.message)), 'the first server writes');
      for (const c of 'From A.') a.type(ua, a.text(ua).length, c);
      for (const c of 'From B.') b.type(ub, b.text(ub).length, c);
      b.edit(ub, 0, 0, 'A paste in B that is long enough to be a paste.\n\n');
      await a.diagnosticsNow(ua);
      await b.diagnosticsNow(ub);
      b.save(ub);
      b.close(ub);
      await b.request('fountainProvenance/status', null);
      writeFileSync(path, a.text(ua));
      a.save(ua);
      a.close(ua);
      await a.request('fountainProvenance/status', null);
    } finally {
      await a.shutdown();
      await b.shutdown();
    }
    const journal = readFileSync(`${path}.provenance`, 'utf8');
    assert.doesNotMatch(journal, /From B|paste in B/);
    const seqs = journal.trim().split('\n').slice(1).map((l) => JSON.parse(l).seq as number);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'no duplicate or missing sequence numbers');
    assert.match(verifyJournal(Buffer.from(journal), readFileSync(path, 'utf8')).status, /^verified/);
  });
});

describe('a crash after a pause (items 1 and 2)', () => {
  test('300 keystrokes, a pause, kill -9: the typing run is on disk; the next server takes the dead one\'s lock over', async () => {
    const ws = tempWorkspace();
    const path = join(ws.dir, 'a.fountain');
    writeFileSync(path, SCRIPT);
    const typed = 'She types and types. '.repeat(15).slice(0, 300);
    const a = new TestClient({ env: ws.env });
    let text = '';
    try {
      await a.initialize();
      const uri = a.open(path, SCRIPT);
      await a.diagnosticsNow(uri);
      for (const c of typed) a.type(uri, a.text(uri).length, c);
      await a.diagnosticsNow(uri);
      text = a.text(uri);
      // No save, no close: only the pause can put the run on disk.
      await until('the typing run in the journal', () => readFileSync(`${path}.provenance`, 'utf8').includes(typed), 15_000);
      (a as unknown as { process: { kill(signal: string): void } }).process.kill('SIGKILL');
    } finally {
      await a.shutdown();
    }
    writeFileSync(path, text);
    const v = verifyJournal(readFileSync(`${path}.provenance`), text);
    assert.notEqual(v.status, 'mismatch');
    const runs = v.ledger!.runs().filter((r) => r.end > SCRIPT.length);
    assert.ok(runs.length > 0 && runs.every((r) => r.origin.kind === 'human'), JSON.stringify(runs.map((r) => r.origin.kind)));
    assert.ok(existsSync(`${path}.provenance.lock`), 'the killed server left its lock');
    await withServer(ws.env, async (client) => {
      const uri = client.open(path, text);
      await client.diagnosticsNow(uri);
      client.type(uri, 0, 'Z');
      await client.diagnosticsNow(uri);
      writeFileSync(path, client.text(uri));
      client.save(uri);
      client.close(uri);
      await client.request('fountainProvenance/status', null);
      assert.ok(!client.messages.some((m) => /read-only/.test(m.message)), 'the dead server\'s lock was taken over');
    });
    assert.notEqual(verifyJournal(readFileSync(`${path}.provenance`), readFileSync(path, 'utf8')).status, 'mismatch');
    assert.match(readFileSync(`${path}.provenance`, 'utf8'), /"insertText":"Z"/);
  });
});
