/**
 * The language server re-parses a script over 4 KB in place after each edit (fountain/parser.ts,
 * reparseInPlace). After many random edits of every kind, what it derives from the parse (the
 * outline, the folds, the scene code lenses' positions, the parse-only findings) must be what
 * the same server gives for a fresh copy of the final text opened beside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CodeLens, DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { TestClient, tempWorkspace } from './client';
import { random } from '../random';

/** A script of our own, about 30 KB: scenes, dialogue, a section, notes, a transition. */
function script(): string {
  const out = ['Title: The Night Desk', 'Author: Fountain Provenance tests', '', '# ACT ONE', ''];
  for (let i = 1; i <= 60; i++) {
    out.push(`INT. NIGHT DESK ${i} - NIGHT`, '', `A radio hisses. JUNE leans over map ${i}. [[pins here]]`, '', 'JUNE', '(quietly)', `Call ${i} came from the same street.`, '', 'TOMAS', 'Then we go.', '', '> CUT TO:', '');
  }
  return out.join('\n');
}

test('after random edits, a big script\'s outline, folds, lenses and parse findings equal a fresh open of its text', async () => {
  const ws = tempWorkspace('fp-lsp-big-');
  const client = new TestClient({ env: ws.env });
  try {
    await client.initialize();
    const uri = client.open(join(ws.dir, 'edited.fountain'), script());
    await client.diagnosticsNow(uri);
    const next = random(17);
    const inserts = ['e', '\n', '\n\n', 'INT. ROOF - DAY\n\n', 'MARA\nHello.\n\n', '[[a note]]', '(beat)', '# ACT TWO\n\n', '> ', 'Word. ', ''];
    for (let k = 0; k < 120; k++) {
      const text = client.text(uri);
      const at = 100 + Math.floor(next() * (text.length - 100));
      const insert = inserts[Math.floor(next() * inserts.length)];
      const del = insert === '' || next() < 0.15 ? Math.min(Math.floor(next() * 30), text.length - at) : 0;
      client.edit(uri, at, at + del, insert);
      await client.diagnosticsNow(uri);
    }
    const fresh = client.open(join(ws.dir, 'fresh.fountain'), client.text(uri));
    await client.diagnosticsNow(fresh);
    const ask = async (u: string) => ({
      symbols: await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } }),
      folds: await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: u } }),
      lenses: (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } })).map((l) => l.range),
    });
    const edited = await ask(uri);
    const opened = await ask(fresh);
    assert.ok(edited.symbols.length > 0 && edited.folds.length >= 50, `${edited.symbols.length} symbols, ${edited.folds.length} folds`);
    assert.deepEqual(edited.symbols, opened.symbols);
    assert.deepEqual(edited.folds, opened.folds);
    assert.deepEqual(edited.lenses, opened.lenses);
    // Findings that read only the parse (not the record, which differs: typed versus opened).
    const parseOnly = (ds: { code?: unknown; range: unknown }[]) => ds.filter((d) => /^(fountain|sag)\./.test(String(d.code))).map((d) => [d.code, d.range]);
    assert.deepEqual(parseOnly(await client.diagnosticsNow(uri)), parseOnly(await client.diagnosticsNow(fresh)));
  } finally {
    await client.shutdown();
  }
});
