/**
 * The record outlives the session: close and reopen in a new server and the origins are
 * still there; change the file on disk in between and it is reconciled and flagged.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InsertGeneratedResult, RunsResult } from '../../server/src/shared/protocol';
import { examplePath, tempWorkspace, withServer } from './client';

const generated = 'A pigeon walks in, considers the rain, and walks back out again.\n\n';

describe('the record persists between sessions', () => {
  const ws = tempWorkspace();
  const path = join(ws.dir, 'the-night-shift.fountain');
  copyFileSync(examplePath, path);

  test('a session writes the sidecar; a new session finds the AI text it labelled', async () => {
    let at = -1;
    await withServer(ws.env, async (client) => {
      const uri = client.open(path, readFileSync(path, 'utf8'));
      await client.diagnosticsNow(uri);
      at = client.text(uri).indexOf('Rain hammers');
      const result = await client.request<InsertGeneratedResult>('workspace/executeCommand', {
        command: 'fountainProvenance.insertGenerated',
        arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at) }, text: generated, tool: 'test-suite', model: 'claude-sonnet-4' }],
      });
      assert.equal(result.applied, true);
      client.type(uri, 0, 'x');
      client.edit(uri, 0, 1, '');
      writeFileSync(path, client.text(uri));
      client.save(uri);
      client.close(uri);
      await client.request('fountainProvenance/status', null);
      assert.ok(existsSync(`${path}.provenance`), 'the sidecar exists');
    });
    await withServer(ws.env, async (client) => {
      const uri = client.open(path, readFileSync(path, 'utf8'));
      const diagnostics = await client.diagnosticsNow(uri);
      assert.ok(!diagnostics.some((d) => d.code === 'provenance.external-edit'), 'no outside change');
      const runs = await client.request<RunsResult>('fountainProvenance/runs', {
        uri,
        range: { start: client.position(uri, at), end: client.position(uri, at + generated.length) },
      });
      assert.deepEqual(runs.runs.map((r) => r.kind), ['ai']);
      assert.equal((runs.runs[0].origin as { model?: string }).model, 'claude-sonnet-4');
      client.close(uri);
      await client.request('fountainProvenance/status', null);
    });
  });

  test('a change made on disk between sessions is reconciled and flagged', async () => {
    const text = readFileSync(path, 'utf8');
    const marker = 'Nobody gets out.';
    const added = 'Somebody, it turns out, does get out: a man in a paper hat.';
    writeFileSync(path, text.replace(marker, `${marker}\n\n${added}`));
    await withServer(ws.env, async (client) => {
      const uri = client.open(path, readFileSync(path, 'utf8'));
      const diagnostics = await client.diagnosticsNow(uri);
      const flagged = diagnostics.find((d) => d.code === 'provenance.external-edit');
      assert.ok(flagged, `no external-edit finding in ${diagnostics.map((d) => d.code)}`);
      const start = client.text(uri).indexOf(added);
      const runs = await client.request<RunsResult>('fountainProvenance/runs', {
        uri,
        range: { start: client.position(uri, start), end: client.position(uri, start + added.length) },
      });
      assert.ok(runs.runs.every((r) => r.kind === 'external'), `kinds: ${runs.runs.map((r) => r.kind)}`);
      await client.waitFor('a message about the reconciliation', () => client.messages.find((m) => /changed|outside|reconcil/i.test(m.message)));
    });
  });
});
