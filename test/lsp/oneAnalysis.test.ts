/**
 * One analysis for the editor and the command line: the server's summary, report and
 * diagnostics against `fountain-provenance report --format json` and `validate --format json`
 * on the same files, after edits, saves and project-file changes; the file watchers; the
 * summaryChanged notification.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ReportResult, SummaryResult } from '../../server/src/shared/protocol';
import { TestClient, defaultCapabilities, examplePath, repoRoot, tempWorkspace } from './client';

const cli = resolve(repoRoot, 'bin', 'fountain-provenance.js');
const exampleProject = JSON.parse(readFileSync(resolve(repoRoot, 'examples', '.fountain-provenance.json'), 'utf8')) as Record<string, unknown>;
const generated = 'Somewhere behind the tram a radio plays a song nobody has requested in years.\n\n';
const pasted = 'The depot clock stops at eleven minutes past midnight, and nobody notices but the cat, who has seen it all before.';

interface CliFinding {
  code: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function runCli(env: Record<string, string>, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function cliReport(env: Record<string, string>, path: string): Record<string, unknown> {
  const r = runCli(env, 'report', path, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function cliFindings(env: Record<string, string>, path: string): string[] {
  const r = runCli(env, 'validate', path, '--format', 'json');
  const out = JSON.parse(r.stdout) as { results: Array<{ file: string; findings: Array<CliFinding & { file: string }> }> };
  const result = out.results[0];
  return result.findings
    .filter((f) => !f.code.startsWith('validate.') && f.file === result.file)
    .map((f) => `${f.code} ${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1} ${f.severity}`)
    .sort();
}

const severityWord = ['', 'error', 'warning', 'info', 'hint'];

function serverFindings(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.code !== 'provenance.record')
    .map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${severityWord[d.severity ?? 2]}`)
    .sort();
}

/**
 * Makes a client's requests fail, instead of hanging, when the server exits before it answers
 * (a pending request would otherwise hold nothing alive, and node:test would cancel the test
 * as "promise still pending" without saying why) or after `ms`.
 */
function failFast(client: TestClient, ms = 60_000): TestClient {
  const connection = client.connection as unknown as { sendRequest: (...args: unknown[]) => Promise<unknown> };
  const send = connection.sendRequest.bind(connection);
  connection.sendRequest = (...args: unknown[]): Promise<unknown> =>
    new Promise<unknown>((resolvePromise, reject) => {
      const method = String(args[0]);
      const done = (): void => {
        clearTimeout(timer);
        client.process.off('exit', exited);
      };
      const exited = (code: number | null, signal: string | null): void => {
        done();
        reject(new Error(`the server exited (${code ?? signal}) before answering ${method}; stderr: ${client.stderr.slice(-2000)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no answer to ${method} after ${ms} ms; stderr: ${client.stderr.slice(-2000)}`));
      }, ms);
      if (client.process.exitCode !== null || client.process.signalCode !== null) return exited(client.process.exitCode, client.process.signalCode);
      client.process.on('exit', exited);
      send(...args).then(
        (value) => {
          done();
          resolvePromise(value);
        },
        (err: unknown) => {
          done();
          reject(err);
        },
      );
    });
  return client;
}

/** Counts pushed diagnostics per URI, so a test can wait for the next publication of the same version. */
function countPublications(client: TestClient): Map<string, number> {
  const counts = new Map<string, number>();
  const set = client.diagnostics.set.bind(client.diagnostics);
  client.diagnostics.set = (uri: string, p: PublishDiagnosticsParams) => {
    counts.set(uri, (counts.get(uri) ?? 0) + 1);
    return set(uri, p);
  };
  return counts;
}

/** Saves as an editor does: the text to disk, then didSave; resolves on the diagnostics published after the save. */
async function save(client: TestClient, counts: Map<string, number>, uri: string, path: string): Promise<Diagnostic[]> {
  const before = counts.get(uri) ?? 0;
  writeFileSync(path, client.text(uri));
  client.save(uri);
  const p = await client.waitFor(`diagnostics after saving ${uri}`, () => ((counts.get(uri) ?? 0) > before ? client.diagnostics.get(uri) : undefined), 60_000);
  return p.diagnostics;
}

async function insertGenerated(client: TestClient, uri: string, at: number, text: string): Promise<void> {
  const result = await client.request<{ applied: boolean; failureReason?: string }>('workspace/executeCommand', {
    command: 'fountainProvenance.insertGenerated',
    arguments: [{ uri, range: { start: client.position(uri, at), end: client.position(uri, at) }, text, tool: 'vscode-lm', model: 'gpt-4o' }],
  });
  assert.equal(result.applied, true, result.failureReason);
}

/** What must agree between the server's report and the command line's. */
function comparable(report: Record<string, unknown>): unknown {
  const v = report.verification as Record<string, unknown>;
  const { shares, scenes, writers, models } = report as { shares: unknown; scenes: Array<{ shares: unknown; classification: string }>; writers: Array<Record<string, unknown>>; models: unknown };
  return {
    verification: { status: v.status, chainIntact: v.chainIntact, events: v.events, signedBy: v.signedBy, problems: v.problems },
    shares,
    scenes: scenes.map((s) => [s.shares, s.classification]),
    writers: writers.map((w) => [w.name, w.typed, w.attested, w.share, w.signed]),
    models,
    statement: report.statement,
  };
}

describe('the editor and the command line give the same answers', () => {
  const ws = tempWorkspace('fp-one-');
  let client: TestClient;
  let counts: Map<string, number>;
  const changedNotes: Array<{ uri: string; version: number }> = [];
  const registrations: unknown[] = [];
  let registered: () => void = () => undefined;
  const watchersRegistered = new Promise<void>((r) => (registered = r));

  before(async () => {
    client = failFast(
      new TestClient({
        env: ws.env,
        capabilities: { ...defaultCapabilities, workspace: { ...defaultCapabilities.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } },
      }),
    );
    counts = countPublications(client);
    client.connection.onNotification('fountainProvenance/summaryChanged', (p: { uri: string; version: number }) => {
      changedNotes.push(p);
      (client as unknown as { wake(): void }).wake();
    });
    client.connection.onRequest('client/registerCapability', (p: { registrations: unknown[] }) => {
      registrations.push(...p.registrations);
      registered();
      return null;
    });
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  test('the server registers watchers for the project file and the sidecars', async () => {
    // Registered in answer to 'initialized'; a server that never registers fails below, not here.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([watchersRegistered, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    const watch = (registrations as Array<{ method: string; registerOptions?: { watchers: Array<{ globPattern: string }> } }>).find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, `registered: ${JSON.stringify(registrations)}`);
    assert.deepEqual(watch.registerOptions?.watchers.map((w) => w.globPattern).sort(), ['**/*.provenance', '**/.fountain-provenance.json']);
  });

  test('summary, code lens and report agree with each other and with report --format json, after edits, saves and a consent added to the project file', async () => {
    const dir = join(ws.dir, 'night-shift');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const path = join(dir, 'the-night-shift.fountain');
    copyFileSync(examplePath, path);
    copyFileSync(`${examplePath}.provenance`, `${path}.provenance`);
    const projectPath = join(dir, '.fountain-provenance.json');
    writeFileSync(projectPath, JSON.stringify({ ...exampleProject, consents: [] }, null, 2));
    const uri = client.open(path, readFileSync(path, 'utf8'));
    await client.diagnosticsNow(uri);

    // Edits: typing, a long paste nobody labelled, an AI insertion through the server.
    const text = client.text(uri);
    let at = text.indexOf('\n', text.indexOf('INT. CORNER BAKERY - LATER')) + 1;
    at = client.type(uri, at, 'Rain. ');
    client.edit(uri, at, at, `${pasted}\n\n`);
    await insertGenerated(client, uri, client.text(uri).indexOf('THE OVEN ROOM'), generated);
    const notesBefore = changedNotes.length;
    let diagnostics = await save(client, counts, uri, path);
    assert.ok(diagnostics.some((d) => d.code === 'wga.consent-missing'), `no consent: wga.consent-missing (${diagnostics.map((d) => d.code)})`);
    await client.waitFor('summaryChanged after the save', () => changedNotes.length > notesBefore && changedNotes[changedNotes.length - 1].uri === uri);

    const summary = await client.request<SummaryResult>('fountainProvenance/summary', { uri });
    const served = await client.request<ReportResult>('fountainProvenance/report', { uri, html: true });
    assert.equal(summary.version, client.doc(uri).version);
    assert.deepEqual(summary.shares, served.report.shares);
    assert.deepEqual(summary.verification, served.report.verification);
    assert.equal(summary.statement, served.report.statement);
    assert.equal(summary.findings.error, served.report.findings.filter((f) => f.severity === 'error').length);
    assert.ok(served.html?.startsWith('<!DOCTYPE html>') || served.html?.toLowerCase().startsWith('<!doctype html>'), 'HTML rendered');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command?.title), summary.scenes.map((s) => s.label), 'the code lens reads the summary');
    assert.ok(summary.scenes.some((s) => /AI \S+ \(gpt-4o\)/.test(s.label)), summary.scenes.map((s) => s.label).join(' | '));
    const alias = await client.request<Record<string, unknown>>('workspace/executeCommand', { command: 'fountainProvenance.report', arguments: [{ uri }] });
    assert.deepEqual(comparable(alias), comparable(served.report as unknown as Record<string, unknown>), 'the command is an alias of the request');

    const fromCli = cliReport(ws.env, path);
    assert.deepEqual(comparable(served.report as unknown as Record<string, unknown>), comparable(fromCli));
    assert.deepEqual(serverFindings(diagnostics), cliFindings(ws.env, path), 'diagnostics = validate findings');

    // The company's consent arrives in the project file; the watcher tells the server.
    writeFileSync(projectPath, JSON.stringify(exampleProject, null, 2));
    const published = counts.get(uri) ?? 0;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(projectPath).href, type: 2 }] });
    const p = await client.waitFor('diagnostics after the project file changed', () => ((counts.get(uri) ?? 0) > published ? client.diagnostics.get(uri) : undefined));
    diagnostics = p.diagnostics;
    assert.ok(!diagnostics.some((d) => d.code === 'wga.consent-missing'), `with the consent: no wga.consent-missing (${diagnostics.map((d) => d.code)})`);
    const cliAfter = cliFindings(ws.env, path);
    assert.ok(!cliAfter.some((f) => f.startsWith('wga.consent-missing')), 'nor from the command line');
    assert.deepEqual(serverFindings(diagnostics), cliAfter);
    const servedAfter = await client.request<ReportResult>('fountainProvenance/report', { uri });
    assert.deepEqual(comparable(servedAfter.report as unknown as Record<string, unknown>), comparable(cliReport(ws.env, path)));
    assert.equal(servedAfter.report.findings.filter((f) => f.code === 'wga.consent-missing').length, 0);

    // More edits and a second save: still the same.
    client.type(uri, client.text(uri).indexOf('THE OVEN ROOM'), 'Later. ');
    diagnostics = await save(client, counts, uri, path);
    const servedLast = await client.request<ReportResult>('fountainProvenance/report', { uri });
    assert.deepEqual(comparable(servedLast.report as unknown as Record<string, unknown>), comparable(cliReport(ws.env, path)));
    assert.deepEqual(serverFindings(diagnostics), cliFindings(ws.env, path));
    client.close(uri);
  });

  test("the server's own journal writes are ignored; an outside change to the sidecar re-opens the record", async () => {
    const path = join(ws.dir, 'own-writes.fountain');
    writeFileSync(path, 'INT. DEPOT - NIGHT\n\nA tram waits.\n');
    const uri = client.open(path, readFileSync(path, 'utf8'));
    await client.diagnosticsNow(uri);
    client.type(uri, client.text(uri).length, 'It is late.');
    await save(client, counts, uri, path);
    client.type(uri, client.text(uri).length, ' Very late.');
    await client.diagnosticsNow(uri);
    const sidecar = pathToFileURL(`${path}.provenance`).href;
    const published = counts.get(uri) ?? 0;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: sidecar, type: 2 }] });
    // A summary request is answered after the notification was handled.
    const summary = await client.request<SummaryResult>('fountainProvenance/summary', { uri });
    assert.equal(counts.get(uri) ?? 0, published, 'nothing re-published for the server\'s own write');
    assert.equal(summary.shares.byKind.external, 0);

    // Another program rewrites the sidecar: the record is opened again from it.
    appendFileSync(`${path}.provenance`, '{"type":"edit","seq":999}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: sidecar, type: 2 }] });
    const p = await client.waitFor('diagnostics after the sidecar changed', () => ((counts.get(uri) ?? 0) > published ? client.diagnostics.get(uri) : undefined));
    assert.ok(p.diagnostics.some((d) => d.code === 'provenance.chain-broken'), `the damaged journal is reported: ${p.diagnostics.map((d) => d.code)}`);
    client.close(uri);
  });
});

describe('a client that cannot watch files', () => {
  test('gets the project file read again on save', async () => {
    const ws = tempWorkspace('fp-nowatch-');
    const client = failFast(new TestClient({ env: ws.env }));
    const counts = countPublications(client);
    try {
      await client.initialize();
      const projectPath = join(ws.dir, '.fountain-provenance.json');
      writeFileSync(projectPath, JSON.stringify({ ...exampleProject, consents: [] }, null, 2));
      const path = join(ws.dir, 'depot.fountain');
      writeFileSync(path, 'INT. DEPOT - NIGHT\n\nA tram waits.\n\nIDA\nIt is late.\n');
      const uri = client.open(path, readFileSync(path, 'utf8'));
      await client.diagnosticsNow(uri);
      await insertGenerated(client, uri, client.text(uri).indexOf('IDA'), generated);
      let diagnostics = await save(client, counts, uri, path);
      assert.ok(diagnostics.some((d) => d.code === 'wga.consent-missing'), `no consent yet: ${diagnostics.map((d) => d.code)}`);
      writeFileSync(projectPath, JSON.stringify(exampleProject, null, 2));
      diagnostics = await save(client, counts, uri, path);
      assert.ok(!diagnostics.some((d) => d.code === 'wga.consent-missing' && d.severity !== 3), `the consent is read on save: ${diagnostics.map((d) => `${d.code}/${d.severity}`)}`);
      // The record shows the consent only after the AI text it covers: a note (information), not a failure.
      assert.ok(
        diagnostics.some((d) => d.code === 'wga.consent-missing' && d.severity === 3 && /consent NS-AI-2026-01 (first appears in the record|does not appear in the record's policy)/.test(typeof d.message === 'string' ? d.message : d.message.value)),
        `the late consent is a note: ${diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)).join(' | ')}`,
      );
      assert.deepEqual(serverFindings(diagnostics), cliFindings(ws.env, path));
    } finally {
      await client.shutdown();
    }
  });
});

describe('a server that dies', () => {
  test('fails the waiting request instead of leaving it pending', async () => {
    const ws = tempWorkspace('fp-dies-');
    const client = failFast(new TestClient({ env: ws.env }));
    try {
      await client.initialize();
      const answer = client.request('fountainProvenance/summary', { uri: 'file:///nowhere/none.fountain' });
      client.process.kill('SIGKILL');
      await assert.rejects(answer, /the server exited|disposed|closed/);
      await assert.rejects(client.request('fountainProvenance/summary', { uri: 'file:///nowhere/none.fountain' }), /the server exited/);
    } finally {
      await client.shutdown();
    }
  });
});

describe('pull diagnostics', () => {
  test('declare that other files affect them', async () => {
    const ws = tempWorkspace('fp-pull-');
    const client = failFast(new TestClient({ env: ws.env, capabilities: { ...defaultCapabilities, textDocument: { ...defaultCapabilities.textDocument, diagnostic: {} } } }));
    try {
      const result = await client.request<{ capabilities: { diagnosticProvider?: { interFileDependencies: boolean } } }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { ...defaultCapabilities, textDocument: { ...defaultCapabilities.textDocument, diagnostic: {} } },
      });
      assert.equal(result.capabilities.diagnosticProvider?.interFileDependencies, true);
    } finally {
      await client.shutdown();
    }
  });
});

const corpus = resolve(process.env.FOUNTAIN_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus'));
const corpusFiles = (() => {
  try {
    return readdirSync(corpus).filter((f) => f.endsWith('.fountain')).sort();
  } catch {
    return [];
  }
})();

describe('diagnostics = validate findings on the corpus', () => {
  if (corpusFiles.length === 0) {
    test('skipped: no corpus (set FOUNTAIN_CORPUS)', () => {});
    return;
  }
  const ws = tempWorkspace('fp-one-corpus-');
  let client: TestClient;
  let counts: Map<string, number>;
  before(async () => {
    client = failFast(new TestClient({ env: ws.env }));
    counts = countPublications(client);
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });
  for (const name of corpusFiles) {
    test(name, async () => {
      const path = join(ws.dir, name);
      copyFileSync(join(corpus, name), path);
      const uri = client.open(path, readFileSync(path, 'utf8'));
      await client.diagnosticsNow(uri, 60_000);
      // A record made by writing: typing, a paste nobody labelled, an AI insertion.
      const text = client.text(uri);
      const middle = text.indexOf('\n', Math.floor(text.length / 2)) + 1 || text.length;
      client.type(uri, middle, 'Rain. ');
      client.edit(uri, middle, middle, `${pasted}\n\n`);
      await insertGenerated(client, uri, client.text(uri).length, `\n\n${generated}`);
      const diagnostics = await save(client, counts, uri, path);
      assert.deepEqual(serverFindings(diagnostics), cliFindings(ws.env, path));
      client.close(uri);
    });
  }
});
