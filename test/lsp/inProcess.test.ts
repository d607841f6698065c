/**
 * createServer over an in-memory stream pair with injected dependencies: a rule runner that
 * throws is logged once, and the server keeps answering.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createServer } from '../../server/src/lsp/server';
import { productionDeps } from '../../server/src/lsp/engine';
import type { Logger } from '../../server/src/lsp/deps';
import { verifyAfterPauseMs } from '../../server/src/lsp/documents';

test('a rule runner that throws is logged once and the server goes on', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const errors: string[] = [];
  const logger: Logger = { error: (m) => errors.push(m), warn() {}, info() {}, log() {} };
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  createServer(serverConnection, {
    ...productionDeps(logger),
    runRules: () => {
      throw new Error('rule runner exploded');
    },
  });
  serverConnection.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  client.listen();
  try {
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification('initialized', {});
    const uri = 'untitled:in-process';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'fountain', version: 1, text: 'INT. HALL - DAY\n\nRain.\n' } });
    for (let v = 2; v <= 4; v++) {
      await client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }],
      });
    }
    const hover = await client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
    assert.ok(hover, 'hover still answers');
    assert.ok(published.some((p) => p.version === 4), 'diagnostics still published');
    assert.equal(errors.filter((e) => e.includes('rule runner exploded')).length, 1);
  } finally {
    client.dispose();
    serverConnection.dispose();
  }
});

test('timers that fire after the client has gone do not crash the server', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const logger: Logger = { error() {}, warn() {}, info() {}, log() {} };
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  createServer(serverConnection, productionDeps(logger));
  serverConnection.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => void uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification('initialized', {});
    const uri = 'untitled:gone';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'fountain', version: 1, text: 'INT. HALL - DAY\n\nRain.\n' } });
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }],
    });
    await new Promise((r) => setTimeout(r, 100));
    // The client goes away mid-session: the pause timers (summary, verification, seal) still fire.
    client.dispose();
    serverConnection.dispose();
    await new Promise((r) => setTimeout(r, verifyAfterPauseMs + 500));
    assert.deepEqual(uncaught.map(String), []);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
