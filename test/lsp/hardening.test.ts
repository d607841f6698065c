/**
 * Issue 13 (hardening) through the built language server: a FIFO or a device in the journal's
 * place, and a sidecar that is a link into another project's journal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient, tempWorkspace } from './client';

async function withServer<T>(env: Record<string, string>, body: (client: TestClient) => Promise<T>): Promise<T> {
  const client = new TestClient({ env });
  try {
    await client.initialize();
    return await body(client);
  } finally {
    await client.shutdown();
  }
}

const SCRIPT = 'INT. ROOM - DAY\n\nShe waits.\n';

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
