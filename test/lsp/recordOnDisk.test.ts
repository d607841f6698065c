/**
 * Labels reach the record on disk without a save: a passage the writer marks (no text change,
 * so the editor has nothing to save) is written and sealed after a pause, and Export PDF writes
 * the record first, so the PDF's disclosure and attached record carry what the editor shows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient, tempWorkspace } from './client';

const script = 'INT. GALLEY - NIGHT\n\nSoup boils over on the stove and the cook swears at the pot.\n\nThe kettle screams.\n';
const passage = 'Soup boils over on the stove and the cook swears at the pot.';

function journalLines(path: string): Array<Record<string, any>> {
  return readFileSync(`${path}.provenance`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** The journal's events that relabel or attest text. */
function labels(path: string): Array<Record<string, any>> {
  return journalLines(path).filter((l) => l.type === 'relabel' || l.type === 'attest');
}

async function withScript(body: (client: TestClient, uri: string, path: string) => Promise<void>): Promise<void> {
  const ws = tempWorkspace();
  const path = join(ws.dir, 'galley.fountain');
  writeFileSync(path, script);
  const client = new TestClient({ env: ws.env, settings: { writer: { name: 'Nadia Reyes' } } });
  try {
    await client.initialize();
    const uri = client.open(path, script);
    await client.diagnosticsNow(uri);
    await body(client, uri, path);
  } finally {
    await client.shutdown();
  }
}

async function markAi(client: TestClient, uri: string): Promise<void> {
  const at = client.text(uri).indexOf(passage);
  const done = await client.request<{ attested: boolean }>('workspace/executeCommand', {
    command: 'fountainProvenance.attest',
    arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at + passage.length) }, origin: { kind: 'ai', model: 'gpt-4o' } }],
  });
  assert.equal(done.attested, true);
}

describe('labels reach the record on disk without a save', () => {
  test('a marked passage is written and sealed after a pause', async () => {
    await withScript(async (client, uri, path) => {
      assert.equal(labels(path).length, 0);
      await markAi(client, uri);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const lines = journalLines(path);
        const at = lines.findIndex((l) => l.type === 'relabel' || l.type === 'attest');
        if (at >= 0 && lines.slice(at + 1).some((l) => (l.type === 'seal' || l.type === 'checkpoint') && l.signature)) break;
        if (Date.now() > deadline) assert.fail(`the mark is not on disk and sealed after a pause: ${lines.map((l) => l.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  });

  test('Export PDF writes the record before it reads it', async () => {
    await withScript(async (client, uri, path) => {
      await markAi(client, uri);
      const result = await client.request<{ pdf: string; pages: number }>('workspace/executeCommand', {
        command: 'fountainProvenance.renderPdf',
        arguments: [{ uri, marks: true }],
      });
      assert.ok(result.pages >= 1);
      assert.equal(labels(path).length, 1, 'the PDF was made from a record without the mark');
      const pdf = Buffer.from(result.pdf, 'base64').toString('latin1');
      assert.ok(pdf.startsWith('%PDF-'));
    });
  });
});
