/**
 * The built server driven over stdio by a real LSP client: open the example, type, paste,
 * undo, insert generated text, read diagnostics, apply quick fixes, and the read-only features.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { InsertGeneratedResult, RunsResult } from '../../server/src/shared/protocol';
import { TestClient, examplePath, tempWorkspace } from './client';

const pasted =
  'The van door slides shut. Somewhere a dog barks twice and stops, as if it thought better of it.';

describe('language server session on the example script', () => {
  let client: TestClient;
  let uri: string;
  const ws = tempWorkspace();

  before(async () => {
    const path = join(ws.dir, 'the-night-shift.fountain');
    copyFileSync(examplePath, path);
    client = new TestClient({ env: ws.env });
    await client.initialize();
    uri = client.open(path, readFileSync(path, 'utf8'));
    await client.diagnosticsNow(uri);
  });

  after(async () => {
    await client.shutdown();
  });

  const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
  const runs = (range?: { start: number; end: number }) =>
    client.request<RunsResult>('fountainProvenance/runs', {
      uri,
      ...(range ? { range: { start: client.position(uri, range.start), end: client.position(uri, range.end) } } : {}),
    });

  test('typing is the writer and raises no provenance finding', async () => {
    const at = client.text(uri).indexOf('We open at five.') + 'We open at five.'.length;
    const end = client.type(uri, at, ' Sharp.');
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(!codes(diagnostics).includes('provenance.unattributed'), `unexpected: ${codes(diagnostics)}`);
    const result = await runs({ start: at, end });
    assert.equal(result.runs.length, 1);
    assert.equal(result.runs[0].kind, 'human');
    assert.match(result.runs[0].label, /Mara Okafor/);
  });

  test('a long insertion is unattributed; undo removes the finding', async () => {
    const at = client.text(uri).indexOf('Nobody gets out.');
    client.edit(uri, at, at, pasted + '\n\n');
    let diagnostics = await client.diagnosticsNow(uri);
    const finding = diagnostics.find((d) => d.code === 'provenance.unattributed');
    assert.ok(finding, `no unattributed finding in ${codes(diagnostics)}`);
    assert.equal(client.doc(uri).offsetAt(finding.range.start), at);
    assert.equal(finding.source, 'fountain-provenance');
    client.edit(uri, at, at + pasted.length + 2, '');
    diagnostics = await client.diagnosticsNow(uri);
    assert.ok(!codes(diagnostics).includes('provenance.unattributed'));
  });

  test('undoing a deletion brings the text back with its old origin, not as unattributed', async () => {
    const line = 'Flour hangs in the air like weather. RUTH (60s, forearms of a boxer)';
    const at = client.text(uri).indexOf(line);
    client.edit(uri, at, at + line.length, '');
    await client.diagnosticsNow(uri);
    client.edit(uri, at, at, line);
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(!codes(diagnostics).includes('provenance.unattributed'), `codes: ${codes(diagnostics)}`);
    const result = await runs({ start: at, end: at + line.length });
    assert.deepEqual(result.runs.map((r) => r.kind), ['imported']);
  });

  test('the attest quick fix relabels a paste as the writer\'s own', async () => {
    const at = client.text(uri).indexOf('Nobody gets out.');
    client.edit(uri, at, at, pasted + '\n\n');
    const diagnostics = await client.diagnosticsNow(uri);
    const finding = diagnostics.find((d) => d.code === 'provenance.unattributed');
    assert.ok(finding);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    });
    const attest = actions.find((a) => a.command?.command === 'fountainProvenance.attest' && /own|writ/i.test(a.title));
    assert.ok(attest, `no attest action among ${actions.map((a) => a.title)}`);
    await client.request('workspace/executeCommand', { command: attest.command!.command, arguments: attest.command!.arguments });
    await client.waitFor('the unattributed finding to go', () => {
      const d = client.diagnostics.get(uri);
      return d && !d.diagnostics.some((x) => x.code === 'provenance.unattributed');
    });
    const result = await runs({ start: at, end: at + pasted.length });
    assert.deepEqual(
      result.runs.map((r) => r.kind),
      ['human'],
    );
    assert.equal(result.runs[0].origin.channel, 'attestation');
  });

  test('the attribute notification relabels a range sent for an older version', async () => {
    const at = client.text(uri).indexOf('Rain hammers');
    const version = client.edit(uri, at, at, pasted + ' ');
    const range = { start: client.position(uri, at), end: client.position(uri, at + pasted.length) };
    client.type(uri, at, 'Cold. ');
    await client.diagnosticsNow(uri);
    await client.connection.sendNotification('fountainProvenance/attribute', {
      uri,
      version,
      ranges: [{ range, origin: { kind: 'pasted', channel: 'paste', at: new Date().toISOString(), source: 'research notes' } }],
    });
    const shifted = at + 'Cold. '.length;
    // Messages are handled in order, so the request below sees the notification's effect.
    const after = await runs({ start: at, end: shifted + pasted.length });
    assert.deepEqual(
      after.runs.map((r) => [r.kind, client.doc(uri).offsetAt(r.start), client.doc(uri).offsetAt(r.end)]),
      [
        ['human', at, shifted],
        ['pasted', shifted, shifted + pasted.length],
      ],
    );
  });

  test('insertGenerated applies the text through the client and labels it AI', async () => {
    const at = client.text(uri).indexOf('Heat. Orange light.');
    const text = 'The proofing cabinet ticks like a clock that has lost track of the hour.\n\n';
    const result = await client.request<InsertGeneratedResult>('workspace/executeCommand', {
      command: 'fountainProvenance.insertGenerated',
      arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at) }, text, tool: 'test-suite', model: 'gpt-4o', promptHash: 'ab'.repeat(32) }],
    });
    assert.equal(result.applied, true);
    assert.equal(client.text(uri).slice(at, at + text.length), text);
    const after = await runs({ start: at, end: at + text.length });
    assert.deepEqual(after.runs.map((r) => r.kind), ['ai']);
    assert.equal((after.runs[0].origin as { model?: string }).model, 'gpt-4o');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: client.position(uri, at + 5) });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /gpt-4o/);
    assert.match(value, /Survival: \d+ of \d+ characters/);
  });

  test('AI text calls for a title page disclosure, and its quick fix edits the title page', async () => {
    const finding = await client.waitFor('disclosure.title-page-missing', () =>
      client.diagnostics.get(uri)?.diagnostics.find((d) => d.code === 'disclosure.title-page-missing'),
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    });
    const fix = actions.find((a) => a.edit);
    assert.ok(fix, `no edit among ${actions.map((a) => a.title)}`);
    assert.equal(client.applyWorkspaceEdit(fix.edit!), true);
    assert.match(client.text(uri), /^AI Disclosure:/m);
    const diagnostics = await client.diagnosticsNow(uri);
    assert.ok(!codes(diagnostics).includes('disclosure.title-page-missing'), `still there: ${codes(diagnostics)}`);
  });

  test('a quick fix computed for an older version is refused by version', async () => {
    const diagnostics = await client.diagnosticsNow(uri);
    const stale = diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: 1 } }));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: client.position(uri, client.text(uri).length) },
      context: { diagnostics: stale },
    });
    assert.ok(actions.length > 0, 'the findings offer fixes');
    for (const action of actions) {
      assert.ok(!action.edit && !action.command, `${action.title} offers a change for an old version`);
      assert.ok(action.disabled);
    }
  });

  test('hover names the origin of imported text', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: client.position(uri, client.text(uri).indexOf('Flour hangs')) });
    assert.match((hover.contents as MarkupContent).value, /Present when tracking began/);
  });

  test('document symbols put the scenes under their acts', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const acts = symbols.filter((s) => s.name.startsWith('ACT'));
    assert.deepEqual(acts.map((s) => s.name), ['ACT ONE', 'ACT TWO']);
    assert.deepEqual(acts[0].children!.map((s) => s.name), ['INT. CORNER BAKERY - NIGHT', 'EXT. ALLEY BEHIND THE BAKERY - CONTINUOUS', 'INT. CORNER BAKERY - LATER']);
    assert.deepEqual(acts[1].children!.map((s) => s.name), ['THE OVEN ROOM']);
  });

  test('folding ranges cover scenes, sections, boneyard and notes', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const text = client.doc(uri);
    const lineOf = (needle: string) => text.positionAt(text.getText().indexOf(needle)).line;
    assert.ok(ranges.some((r) => r.startLine === lineOf('# ACT ONE')), 'section fold');
    assert.ok(ranges.some((r) => r.startLine === lineOf('INT. CORNER BAKERY - NIGHT')), 'scene fold');
    assert.ok(ranges.some((r) => r.startLine === lineOf('/* A version') && r.kind === 'comment'), 'boneyard fold');
  });

  test('completion offers recent characters first, heading prefixes, locations and times', async () => {
    const text = client.text(uri);
    const at = text.indexOf("It's the only one I've got.") + "It's the only one I've got.".length;
    client.edit(uri, at, at, '\n\n');
    const cue = at + 2;
    let items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: client.position(uri, cue) });
    const names = items.filter((i) => i.detail === 'character').sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(names.slice(0, 2), ['RUTH', 'TOMAS']);
    assert.ok(items.some((i) => i.label === 'INT.'));
    client.edit(uri, cue, cue, 'INT. ');
    items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: client.position(uri, cue + 5) });
    assert.ok(items.some((i) => i.label === 'CORNER BAKERY'), `locations: ${items.map((i) => i.label)}`);
    client.edit(uri, cue + 5, cue + 5, 'CORNER BAKERY - ');
    items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: client.position(uri, cue + 21) });
    assert.ok(items.some((i) => i.label === 'NIGHT') && items.some((i) => i.label === 'LATER'));
    client.edit(uri, at, cue + 21, '');
    items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    assert.ok(items.some((i) => i.label === 'Draft date'), 'title page keys');
  });

  test('a code lens over each scene heading gives its shares', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 4);
    const text = client.doc(uri);
    const oven = lenses.find((l) => l.range.start.line === text.positionAt(text.getText().indexOf('.THE OVEN ROOM')).line);
    assert.ok(oven, 'a lens on the oven room');
    assert.match(oven.command!.title, /AI \d+(\.\d)?% \(gpt-4o\)/);
    const first = lenses[0].command!.title;
    assert.match(first, /predates the record \d+(\.\d)?%/);
  });

  test('the report command returns a report for the script', async () => {
    const report = await client.request<Record<string, unknown>>('workspace/executeCommand', { command: 'fountainProvenance.report', arguments: [{ uri }] });
    assert.ok(report && typeof report === 'object');
    assert.ok(JSON.stringify(report).includes('gpt-4o'));
  });
});
