/**
 * Bad input never takes the server down and never overwrites anything: a malformed sidecar,
 * the sidecar of another script, a binary file, a 10 MB script, a sidecar that cannot be
 * written, an untitled document, a client that pulls diagnostics.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver-protocol';
import { TestClient, defaultCapabilities, examplePath, tempWorkspace } from './client';

const example = readFileSync(examplePath, 'utf8');

function filesContaining(dir: string, content: string): string[] {
  return readdirSync(dir).filter((name) => {
    try {
      return readFileSync(join(dir, name), 'utf8') === content;
    } catch {
      return false;
    }
  });
}

describe('bad input', () => {
  const ws = tempWorkspace();
  let client: TestClient;

  before(async () => {
    client = new TestClient({ env: ws.env });
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  async function alive(): Promise<void> {
    const status = await client.request<{ rss: number }>('fountainProvenance/status', null);
    assert.ok(status.rss > 0);
  }

  test('a malformed sidecar is moved aside, kept, and reported', async () => {
    const path = join(ws.dir, 'malformed.fountain');
    writeFileSync(path, example);
    const garbage = 'this is not a journal\n{"half": \n';
    writeFileSync(`${path}.provenance`, garbage);
    const uri = client.open(path, example);
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(diagnostics.some((d) => d.code === 'provenance.chain-broken'), `codes: ${diagnostics.map((d) => d.code)}`);
    await client.waitFor('a message', () => client.messages.find((m) => m.message.includes('malformed.fountain.provenance')));
    assert.equal(filesContaining(ws.dir, garbage).length, 1, 'the unreadable journal is kept somewhere');
    client.close(uri);
    await alive();
  });

  test("another script's sidecar is not used and not overwritten", async () => {
    const a = join(ws.dir, 'first.fountain');
    writeFileSync(a, example);
    let uri = client.open(a, example);
    await client.diagnosticsNow(uri);
    client.save(uri);
    client.close(uri);
    await alive();
    const foreign = readFileSync(`${a}.provenance`, 'utf8');
    const b = join(ws.dir, 'second.fountain');
    writeFileSync(b, example);
    writeFileSync(`${b}.provenance`, foreign);
    uri = client.open(b, example);
    await client.diagnosticsNow(uri);
    await client.waitFor('a message naming the other script', () => client.messages.find((m) => /first\.fountain/.test(m.message) && /second/.test(m.message)));
    assert.ok(filesContaining(ws.dir, foreign).length >= 2, "the other script's journal is kept");
    client.close(uri);
    await alive();
  });

  test('a binary file named .fountain gets a diagnostic and no sidecar', async () => {
    const path = join(ws.dir, 'picture.fountain');
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    writeFileSync(path, bytes);
    const uri = client.open(path, bytes.toString('latin1'));
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(diagnostics.some((d) => d.code === 'provenance.record' && /binary/.test(String(d.message))));
    client.type(uri, 3, 'abc');
    await client.diagnosticsNow(uri);
    client.save(uri);
    client.close(uri);
    await alive();
    assert.equal(existsSync(`${path}.provenance`), false);
  });

  test('a 10 MB script opens, takes a keystroke and a hover', async () => {
    const path = join(ws.dir, 'huge.fountain');
    let text = '';
    while (text.length < 10 * 1024 * 1024) text += example.replace(/^[\s\S]*?# ACT ONE/, '# ACT ONE') + '\n\n';
    writeFileSync(path, text);
    const uri = client.open(path, text);
    await client.diagnosticsNow(uri, 120_000);
    client.type(uri, text.length - 10, 'x');
    await client.diagnosticsNow(uri, 60_000);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: client.position(uri, 5_000_000) });
    assert.ok(hover);
    client.close(uri);
    await alive();
  });

  test('a sidecar that cannot be written is reported, and editing goes on', async () => {
    const path = join(ws.dir, 'locked.fountain');
    writeFileSync(path, example);
    // Root ignores file modes, so make the sidecar path a folder: nothing can be written there.
    mkdirSync(`${path}.provenance`);
    writeFileSync(join(`${path}.provenance`, 'keep.txt'), 'mine');
    const uri = client.open(path, example);
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(diagnostics.some((d: Diagnostic) => d.code === 'provenance.record'), `codes: ${diagnostics.map((d) => d.code)}`);
    await client.waitFor('a message', () => client.messages.find((m) => m.message.includes('locked.fountain.provenance')));
    client.type(uri, 0, 'ok ');
    await client.diagnosticsNow(uri);
    client.save(uri);
    client.close(uri);
    await alive();
    assert.equal(readFileSync(join(`${path}.provenance`, 'keep.txt'), 'utf8'), 'mine');
  });

  test('an untitled document is tracked in memory', async () => {
    const uri = client.open('untitled:Untitled-1', 'INT. NOWHERE - DAY\n\nA test.\n');
    await client.diagnosticsNow(uri);
    client.edit(uri, 0, 0, 'x'.repeat(120) + '\n\n');
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(diagnostics.some((d) => d.code === 'provenance.unattributed'));
    client.close(uri);
    await alive();
  });
});

describe('a client that pulls diagnostics', () => {
  const ws = tempWorkspace();
  let client: TestClient;

  before(async () => {
    client = new TestClient({ env: ws.env, capabilities: { ...defaultCapabilities, textDocument: { ...defaultCapabilities.textDocument, diagnostic: {} } } });
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  test('gets its diagnostics by pulling, and none pushed', async () => {
    const path = join(ws.dir, 'pull.fountain');
    copyFileSync(examplePath, path);
    const uri = client.open(path, example);
    client.edit(uri, 0, 0, 'y'.repeat(100) + '\n\n');
    const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.ok(report.kind === 'full' && report.items.some((d) => d.code === 'provenance.unattributed'));
    await client.request('fountainProvenance/status', null);
    assert.equal(client.diagnostics.size, 0);
  });
});
