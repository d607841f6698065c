/** The server on real scripts from the corpus (copied into a temp folder): open, type, paste, outline. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { parse } from '../../server/src/fountain/parser';
import { corpusDir, corpusSuiteOptions } from '../corpus';
import { TestClient, tempWorkspace } from './client';

describe('the server on corpus scripts', corpusSuiteOptions(), () => {
  const ws = tempWorkspace();
  let client: TestClient;

  before(async () => {
    client = new TestClient({ env: ws.env });
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  for (const name of ['big-fish.fountain', 'brick-and-steel.fountain', 'afterwriting-jp.fountain']) {
    test(name, async () => {
      const path = join(ws.dir, name);
      copyFileSync(join(corpusDir()!, name), path);
      const text = readFileSync(path, 'utf8');
      const uri = client.open(path, text);
      await client.diagnosticsNow(uri, 30_000);
      const middle = text.indexOf('\n', Math.floor(text.length / 2));
      const end = client.type(uri, middle, ' typed');
      client.edit(uri, end, end, '\n\nA paragraph from somewhere else, long enough to be more than typing.\n');
      const diagnostics = await client.diagnosticsNow(uri);
      const unattributed = diagnostics.filter((d) => d.code === 'provenance.unattributed');
      assert.equal(unattributed.length, 1);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const count = (list: DocumentSymbol[]): number => list.reduce((n, s) => n + (s.kind === 5 ? 1 : 0) + count(s.children ?? []), 0);
      assert.equal(count(symbols), parse(client.text(uri)).scenes.length);
      const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
      assert.ok(folds.length >= parse(client.text(uri)).scenes.filter((s) => client.doc(uri).positionAt(s.end).line > client.doc(uri).positionAt(s.start).line + 1).length);
      client.close(uri);
    });
  }
});
