/**
 * The language server seals honestly and classifies only what it saw: the typing threshold
 * is capped at 200 and journaled, the journal is sealed after a typing pause and checkpointed
 * with the policy in force on save, and its own unsealed events are pending, not unknown.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunsResult } from '../../server/src/shared/protocol';
import { verifyJournal } from '../../server/src/provenance/verify';
import { TestClient, tempWorkspace } from './client';

function journalEvents(path: string): Array<Record<string, any>> {
  return readFileSync(`${path}.provenance`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('trust in the language server', () => {
  test('a huge typing threshold is capped at 200: a 1,523-character insertion is not typing; the threshold and the policy are journaled; a pause seals', async () => {
    const ws = tempWorkspace();
    const path = join(ws.dir, 'script.fountain');
    writeFileSync(path, '');
    writeFileSync(join(ws.dir, '.fountain-provenance.json'), '{ "policy": "non-union" }\n');
    const client = new TestClient({ env: ws.env, settings: { writer: { name: 'Mara Okafor' }, typingThreshold: 1_000_000 } });
    try {
      await client.initialize();
      const uri = client.open(path, '');
      await client.diagnosticsNow(uri);
      const paste = 'The rain keeps falling. '.repeat(64).slice(0, 1523);
      client.edit(uri, 0, 0, paste);
      await client.diagnosticsNow(uri);
      const runs = await client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, 0), end: client.position(uri, paste.length) } });
      assert.ok(runs.runs.every((r) => !/typing/.test(r.label)), JSON.stringify(runs.runs.map((r) => r.label)));
      // A pause of more than 3 s seals what was written (polled: a loaded machine may be late).
      const deadline = Date.now() + 30_000;
      await new Promise((r) => setTimeout(r, 3000));
      while (Date.now() < deadline && journalEvents(path).at(-1)?.type !== 'seal') await new Promise((r) => setTimeout(r, 200));
      const events = journalEvents(path);
      assert.equal(events[0].format, 'fountain-provenance/2');
      assert.ok(events.some((e) => e.type === 'checkpoint' && e.typingThreshold === 200), 'the capped threshold is journaled');
      const checkpoint = events.find((e) => e.type === 'checkpoint' && e.policy?.sha256);
      assert.ok(checkpoint, 'the policy in force is journaled');
      assert.equal(checkpoint.policy.file, '.fountain-provenance.json');
      assert.match(checkpoint.policy.content, /non-union/);
      assert.equal(events[events.length - 1].type, 'seal', `last event ${events[events.length - 1].type}`);
      writeFileSync(path, paste);
      const v = verifyJournal(readFileSync(`${path}.provenance`), paste);
      assert.equal(v.unsignedTail, undefined, 'nothing after the seal');
      assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
      // Typing, then a save: a signed checkpoint ends the journal.
      client.type(uri, paste.length, ' Done.');
      client.save(uri);
      await client.diagnosticsNow(uri);
      // Polled: the save's checkpoint is written after the diagnostics a loaded machine may send first.
      const saveDeadline = Date.now() + 15_000;
      while (Date.now() < saveDeadline && journalEvents(path).at(-1)?.type !== 'checkpoint') await new Promise((r) => setTimeout(r, 100));
      const after = journalEvents(path);
      assert.equal(after[after.length - 1].type, 'checkpoint');
      assert.ok(after[after.length - 1].signature);
    } finally {
      await client.shutdown();
    }
  });
});
