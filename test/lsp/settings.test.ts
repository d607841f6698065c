/** Settings: the writer from git, the typing threshold, severity overrides, and a configuration change. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunsResult } from '../../server/src/shared/protocol';
import { TestClient, examplePath, tempWorkspace } from './client';

const example = readFileSync(examplePath, 'utf8');
const paragraph = 'A paragraph of sixty-odd characters, more than forty at a time.';

async function session(settings: Record<string, unknown>, body: (client: TestClient, uri: string) => Promise<void>, setup?: (dir: string) => void): Promise<void> {
  const ws = tempWorkspace();
  setup?.(ws.dir);
  const path = join(ws.dir, 'script.fountain');
  copyFileSync(examplePath, path);
  const client = new TestClient({ env: { ...ws.env, GIT_CONFIG_GLOBAL: join(ws.dir, 'no-global-gitconfig'), GIT_CONFIG_NOSYSTEM: '1' }, settings });
  try {
    await client.initialize();
    const uri = client.open(path, example);
    await client.diagnosticsNow(uri);
    await body(client, uri);
  } finally {
    await client.shutdown();
  }
}

function kindsOf(client: TestClient, uri: string, start: number, end: number): Promise<RunsResult> {
  return client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, start), end: client.position(uri, end) } });
}

describe('settings', () => {
  test("without a writer setting, the writer is git's user.name of the script's folder", async () => {
    await session(
      {},
      async (client, uri) => {
        const end = client.type(uri, 0, 'Hi');
        const runs = await kindsOf(client, uri, 0, end);
        assert.equal(runs.runs[0].label, 'Gita Commit, typing');
      },
      (dir) => {
        execFileSync('git', ['init', '-q', dir]);
        execFileSync('git', ['config', 'user.name', 'Gita Commit'], { cwd: dir });
        execFileSync('git', ['config', 'user.email', 'gita@example.invalid'], { cwd: dir });
      },
    );
  });

  test('the typing threshold decides what is typing', async () => {
    await session({ writer: { name: 'Wide Typist' }, typingThreshold: 200 }, async (client, uri) => {
      client.edit(uri, 0, 0, paragraph);
      const diagnostics = await client.diagnosticsNow(uri);
      assert.ok(!diagnostics.some((d) => d.code === 'provenance.unattributed'));
      const runs = await kindsOf(client, uri, 0, paragraph.length);
      assert.deepEqual(runs.runs.map((r) => r.label), ['Wide Typist, typing']);
    });
  });

  test('a severity setting turns a rule off or changes its level; a configuration change applies at once', async () => {
    await session({ writer: { name: 'Sev Writer' }, severity: { provenance: { unattributed: 'off' } } }, async (client, uri) => {
      client.edit(uri, 0, 0, paragraph);
      let diagnostics = await client.diagnosticsNow(uri);
      assert.ok(!diagnostics.some((d) => d.code === 'provenance.unattributed'));
      client.settings = { writer: { name: 'Sev Writer' }, severity: { 'provenance.unattributed': 'error' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const found = await client.waitFor('an error-level unattributed finding', () =>
        client.diagnostics.get(uri)?.diagnostics.find((d) => d.code === 'provenance.unattributed'),
      );
      assert.equal(found.severity, 1);
      diagnostics = await client.diagnosticsNow(uri);
      assert.ok(diagnostics.length > 0);
    });
  });
});
