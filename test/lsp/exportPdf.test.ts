import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RenderPdfResult } from '../../server/src/shared/protocol';
import { TestClient, examplePath, tempWorkspace } from './client';
import { openPdf, pdfAttachments, pdfPageRows } from '../../server/src/cli/validatePdf';
import { exportPdf } from '../../server/src/cli/pdfExport';
import { firstDifference, pageRows } from '../../server/src/export/index';

describe('fountainProvenance.renderPdf (the server side of Export PDF)', () => {
  const ws = tempWorkspace('fp-lsp-pdf-');
  const path = join(ws.dir, 'the-night-shift.fountain');
  let client: TestClient;

  before(async () => {
    copyFileSync(examplePath, path);
    copyFileSync(`${examplePath}.provenance`, `${path}.provenance`);
    client = new TestClient({ env: ws.env });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    rmSync(ws.dir, { recursive: true, force: true });
  });

  test('returns the PDF the command line writes: same pages, marks and attachments', async () => {
    client.open(path, readFileSync(path, 'utf8'));
    const uri = pathToFileURL(path).href;
    const result = await client.request<RenderPdfResult>('workspace/executeCommand', { command: 'fountainProvenance.renderPdf', arguments: [{ uri, marks: true }] });
    const bytes = Buffer.from(result.pdf, 'base64');
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(result.marked > 0);
    const fromCli = await exportPdf(path, { marks: true });
    assert.equal(result.pages, fromCli.layout.pages.length);
    const doc = await openPdf(bytes);
    try {
      assert.equal(firstDifference(fromCli.layout.pages.map(pageRows), await pdfPageRows(doc)), undefined);
      assert.ok((await pdfAttachments(doc)).has('the-night-shift.fountain.provenance'));
    } finally {
      await doc.destroy();
    }
  });

  test('a uri that is not a file is refused with a message, not a crash', async () => {
    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'fountainProvenance.renderPdf', arguments: [{ uri: 'untitled:Untitled-1' }] }),
      /saved script/,
    );
  });
});
