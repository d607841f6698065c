// Issue 16 over the protocol: insertGenerated's `sent` is journaled as an `egress` event
// (ranges and hashes, never the text), its `vendor` reaches the Agent Trace model_id, and the
// report lists what was sent; a prior writer's passage is attested with the writer's name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportResult } from '../../server/src/shared/protocol';
import { TestClient, tempWorkspace } from './client';

describe('egress and declared material through the language server', () => {
  test('insertGenerated with vendor and sent; attest a prior writer\'s passage', async () => {
    const ws = tempWorkspace('fp-egress-');
    const client = new TestClient({ env: ws.env });
    try {
      await client.initialize();
      const path = join(ws.dir, 'depot.fountain');
      const script = 'INT. DEPOT - NIGHT\n\nA tram waits in the rain.\n\nIDA\nIt is late.\n';
      writeFileSync(path, script);
      const uri = client.open(path, readFileSync(path, 'utf8'));
      await client.diagnosticsNow(uri);
      const excerpt = script.slice(0, 44);
      const sha256 = createHash('sha256').update(excerpt, 'utf8').digest('hex');
      const at = client.text(uri).indexOf('IDA');
      const generated = 'The driver counts the coins twice and sighs at the empty seats.\n\n';
      const result = await client.request<{ applied: boolean; failureReason?: string }>('workspace/executeCommand', {
        command: 'fountainProvenance.insertGenerated',
        arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at) }, text: generated, tool: 'vscode-lm', model: 'gpt-4o', vendor: 'copilot', sent: { excerpts: [{ start: 0, end: 44, length: 44, sha256 }] } }],
      });
      assert.equal(result.applied, true, result.failureReason);
      const priorAt = client.text(uri).indexOf('A tram waits');
      const attested = await client.request<{ attested: boolean }>('workspace/executeCommand', {
        command: 'fountainProvenance.attest',
        arguments: [{ uri, range: { start: client.position(uri, priorAt), end: client.position(uri, priorAt + 26) }, origin: { kind: 'prior', writer: { name: 'Ann Prior' }, material: 'Draft of 3 March' } }],
      });
      assert.equal(attested.attested, true);
      const served = await client.request<ReportResult>('fountainProvenance/report', { uri });
      const report = served.report;
      assert.deepEqual(report.egress.byVendor, [{ vendor: 'copilot', sends: 1, characters: 44 }]);
      const ai = report.attribution.files[0].conversations.find((c) => c.contributor.type === 'ai');
      assert.equal(ai?.contributor.model_id, 'copilot/gpt-4o');
      const prior = report.material.find((m) => m.kind === 'prior');
      assert.equal(prior?.writer, 'Ann Prior');
      assert.equal(prior?.chars, 26);
      client.save(uri);
      client.close(uri);
      const journal = await client.waitFor('the journal holds the egress event', () => {
        const text = readFileSync(`${path}.provenance`, 'utf8');
        return text.includes('"type":"egress"') ? text : undefined;
      });
      assert.ok(!journal.includes(excerpt), 'the text sent is never journaled');
    } finally {
      await client.shutdown();
    }
  });
});
