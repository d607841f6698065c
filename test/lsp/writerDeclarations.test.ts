/**
 * Issue 12 remainders at the language server: text the writer marks AI-assisted is declared
 * AI-origin text the writer shaped, never "used as generated"; and before the writer has a
 * name nothing names "Unknown writer": events carry the unnamed writer's label, are sealed by a
 * key shown by its key id, and a name set later signs what follows with the writer's own key.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import type { ReportResult, RunsResult } from '../../server/src/shared/protocol';
import { TestClient, tempWorkspace } from './client';

const script = 'INT. GALLEY - NIGHT\n\nSoup boils over on the stove and the cook swears at the pot.\n\nThe kettle screams.\n';
const passage = 'Soup boils over on the stove and the cook swears at the pot.';

function journalLines(path: string): Array<Record<string, any>> {
  return readFileSync(`${path}.provenance`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

async function withSession(settings: Record<string, unknown>, body: (client: TestClient, uri: string, path: string) => Promise<void>): Promise<void> {
  const ws = tempWorkspace();
  const path = join(ws.dir, 'galley.fountain');
  writeFileSync(path, script);
  // No git identity anywhere: the writer is whoever the settings name, or nobody.
  const client = new TestClient({ env: { ...ws.env, HOME: ws.dir, XDG_CONFIG_HOME: join(ws.dir, '.config'), GIT_CONFIG_GLOBAL: join(ws.dir, 'no-global-gitconfig'), GIT_CONFIG_NOSYSTEM: '1' }, settings });
  try {
    await client.initialize();
    const uri = client.open(path, script);
    await client.diagnosticsNow(uri);
    await body(client, uri, path);
  } finally {
    await client.shutdown();
  }
}

async function mark(client: TestClient, uri: string, origin: Record<string, unknown>): Promise<void> {
  const at = client.text(uri).indexOf(passage);
  const done = await client.request<{ attested: boolean }>('workspace/executeCommand', {
    command: 'fountainProvenance.attest',
    arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at + passage.length) }, origin }],
  });
  assert.equal(done.attested, true);
}

async function reportOf(client: TestClient, uri: string): Promise<ReportResult['report']> {
  return (await client.request<ReportResult>('fountainProvenance/report', { uri, markdown: true })).report;
}

/** Polls the journal until it ends with a signed checkpoint after the first `after` lines (a loaded machine writes it late). */
async function waitForCheckpoint(path: string, after = 0, ms = 20_000): Promise<Array<Record<string, any>>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const lines = journalLines(path);
    if (lines.length > after && lines.at(-1)?.type === 'checkpoint' && lines.at(-1)?.signature) return lines;
    if (Date.now() > deadline) throw new Error(`no signed checkpoint after line ${after}: ${lines.map((l) => l.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('writer declarations in the language server (issue 12)', () => {
  test('the report card says the AI share is declared when a writer marked it, not observed', async () => {
    await withSession({ writer: { name: 'Nadia Reyes' } }, async (client, uri) => {
      await mark(client, uri, { kind: 'ai', model: 'gpt-4o', assisted: true });
      const result = await client.request<ReportResult>('fountainProvenance/report', { uri, html: true });
      const card = /AI share<\/[^>]+>[\s\S]*?characters[^<]*/.exec(result.html ?? '')?.[0] ?? '';
      assert.match(card, /characters · declared/, `card: ${card}`);
      assert.doesNotMatch(card, /observed/);
    });
  });

  test('a passage marked AI-assisted counts as AI-origin, declared and shaped by the writer, never as used as generated', async () => {
    await withSession({ writer: { name: 'Nadia Reyes' } }, async (client, uri, path) => {
      await mark(client, uri, { kind: 'ai', model: 'gpt-4o', assisted: true });
      const report = await reportOf(client, uri);
      assert.equal(report.shares.byKind.ai, passage.length, 'the passage counts in the AI share');
      assert.ok(report.shares.aiShare > 0 && report.shares.aiOriginShare >= report.shares.aiShare);
      assert.equal(report.aiInsertions.length, 1);
      assert.equal(report.aiInsertions[0].assistedBy, 'Nadia Reyes');
      assert.equal(report.aiInsertions[0].evidence, 'declared');
      assert.ok(!report.findings.some((f) => f.code === 'usco.unrevised-ai' || f.code === 'provenance.model-unknown'), `findings: ${report.findings.map((f) => f.code).join(', ')}`);
      assert.match(report.statement, /of the text was marked AI-assisted \(gpt-4o\) by Nadia Reyes \(declared\)/);
      assert.doesNotMatch(report.statement, /as generated/);
      const gpt = report.models.find((m) => m.model === 'gpt-4o');
      assert.ok(gpt && gpt.survivalRatio < 0.9, `the model's survival reads as unrevised: ${JSON.stringify(gpt)}`);
      const diagnostics = await client.diagnosticsNow(uri);
      assert.ok(!diagnostics.some((d) => d.code === 'usco.unrevised-ai'));
      const at = client.text(uri).indexOf(passage);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: client.position(uri, at + 3) });
      const words = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
      assert.match(words, /marked AI-assisted by Nadia Reyes \(declared\)/);
      assert.doesNotMatch(words, /Survival/);
      const runs = await client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, at), end: client.position(uri, at + passage.length) } });
      assert.deepEqual(runs.runs.map((r) => r.label), ['AI: gpt-4o, marked AI-assisted by Nadia Reyes (declared)']);
      // The journal keeps the declaration: an additive field of the origin (format 2).
      client.save(uri);
      const lines = await waitForCheckpoint(path);
      const origin = JSON.stringify(lines);
      assert.match(origin, /"assisted":true/);
      assert.match(origin, /"revisedBy":\{"name":"Nadia Reyes"\}/);
    });
  });

  test('the same passage marked as AI without "assisted" is used as generated (the control)', async () => {
    await withSession({ writer: { name: 'Nadia Reyes' } }, async (client, uri) => {
      await mark(client, uri, { kind: 'ai', model: 'gpt-4o' });
      const report = await reportOf(client, uri);
      assert.equal(report.aiInsertions[0].assistedBy, undefined);
      assert.ok(report.findings.some((f) => f.code === 'usco.unrevised-ai'));
      assert.match(report.statement, /generated by AI \(gpt-4o\) and kept largely as generated/);
    });
  });

  test('before a name is set nothing names "Unknown writer"; the unnamed key is shown by its id; a name set later signs what follows', async () => {
    await withSession({}, async (client, uri, path) => {
      const end = client.type(uri, client.text(uri).length, 'Gulls.');
      const early = await client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, end - 6), end: client.position(uri, end) } });
      assert.deepEqual(early.runs.map((r) => r.label), ['An unnamed writer, typing']);
      client.save(uri);
      const sealed = await waitForCheckpoint(path);
      const unnamedKey = sealed.at(-1)!.signature ? (sealed.flatMap((l) => l.writers ?? []).at(-1) as { keyId: string; writer: { name: string } }) : undefined;
      assert.ok(unnamedKey, 'the unnamed writer\u2019s events are sealed, not left as an unsigned tail');
      assert.equal(unnamedKey.writer.name, 'an unnamed writer');
      let report = await reportOf(client, uri);
      assert.doesNotMatch(JSON.stringify(report), /Unknown writer/);
      assert.ok(report.verification.signatures.some((s) => s.valid && s.writer === 'an unnamed writer' && s.keyId === unnamedKey.keyId));
      assert.doesNotMatch(report.statement, /unnamed writer|Unknown writer/i, 'the unnamed writer is nobody to list in a statement');

      client.settings = { writer: { name: 'Nadia Reyes', email: 'nadia@example.invalid' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const typedAt = client.text(uri).length;
      const deadline = Date.now() + 15_000;
      while (((await client.request<{ writer?: { name: string } } | null>('fountainProvenance/summary', { uri }))?.writer?.name ?? '') !== 'Nadia Reyes') {
        if (Date.now() > deadline) throw new Error('the server never took the new writer');
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = client.type(uri, typedAt, ' Wind.');
      const named = await client.request<RunsResult>('fountainProvenance/runs', { uri, range: { start: client.position(uri, typedAt + 1), end: client.position(uri, after) } });
      assert.deepEqual(named.runs.map((r) => r.label), ['Nadia Reyes, typing']);
      const before = journalLines(path).length;
      client.save(uri);
      const lines = await waitForCheckpoint(path, before);
      const last = lines.at(-1)!;
      const keys = lines.flatMap((l) => (l.writers ?? []) as Array<{ keyId: string; writer: { name: string } }>);
      const nadia = keys.find((k) => k.writer.name === 'Nadia Reyes');
      assert.ok(nadia, `the writer's own key is announced: ${JSON.stringify(lines.map((l) => [l.type, l.actor?.name, (l.writers ?? []).map((w: { writer: { name: string } }) => w.writer.name), l.signature?.keyId]))}`);
      assert.notEqual(nadia.keyId, unnamedKey.keyId);
      assert.equal(last.actor.name, 'Nadia Reyes');
      assert.ok(last.signature, 'the next checkpoint is signed');
      // Earlier events keep what they were.
      const earlier = lines.slice(0, sealed.length);
      assert.deepEqual(earlier, sealed);
      assert.ok(earlier.every((l) => l.actor === undefined || l.actor.name === 'an unnamed writer'));
      report = await reportOf(client, uri);
      assert.doesNotMatch(JSON.stringify(report), /Unknown writer/);
      assert.ok(report.verification.signatures.some((s) => s.valid && s.writer === 'Nadia Reyes' && s.keyId === nadia.keyId), JSON.stringify(report.verification.signatures));
      assert.match(report.statement, /Writers in the record: Nadia Reyes \(not a credit\)/);
    });
  });
});

/** The journal's events that relabel or attest text. */
function labels(path: string): Array<Record<string, any>> {
  return journalLines(path).filter((l) => l.type === 'relabel' || l.type === 'attest');
}

describe('labels reach the record on disk without a save', () => {
  test('a marked passage is written and sealed after a pause', async () => {
    await withSession({ writer: { name: 'Nadia Reyes' } }, async (client, uri, path) => {
      assert.equal(labels(path).length, 0);
      await mark(client, uri, { kind: 'ai', model: 'gpt-4o' });
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
    await withSession({ writer: { name: 'Nadia Reyes' } }, async (client, uri, path) => {
      await mark(client, uri, { kind: 'ai', model: 'gpt-4o' });
      const result = await client.request<{ pdf: string; pages: number }>('workspace/executeCommand', {
        command: 'fountainProvenance.renderPdf',
        arguments: [{ uri, marks: true }],
      });
      assert.ok(result.pages >= 1);
      assert.equal(labels(path).length, 1, 'the PDF was made from a record without the mark');
      assert.ok(Buffer.from(result.pdf, 'base64').toString('latin1').startsWith('%PDF-'));
    });
  });
});
