/**
 * A small LSP client for the protocol tests and the benchmark: spawns the built server
 * (dist/server.js --stdio), keeps each open document's text and version, sends incremental
 * changes, answers workspace/configuration and workspace/applyEdit, and collects diagnostics
 * and messages with waiters that time out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  ClientCapabilities,
  Diagnostic,
  Position,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const repoRoot = resolve(__dirname, '..', '..');
export const serverBundle = resolve(repoRoot, 'dist', 'server.js');

export interface ClientOptions {
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  /** Answer workspace/applyEdit with applied: false. */
  refuseEdits?: boolean;
}

export const defaultCapabilities: ClientCapabilities = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export class TestClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly docs = new Map<string, TextDocument>();
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  stderr = '';
  refreshes = 0;
  /** performance.now() when the last didChange was sent. */
  lastChangeSentAt = 0;
  private waiters: Array<() => void> = [];
  settings: Record<string, unknown>;

  constructor(private readonly options: ClientOptions = {}) {
    if (!existsSync(serverBundle)) throw new Error(`${serverBundle} is missing: run \`npm run build\` first`);
    this.settings = options.settings ?? { writer: { name: 'Mara Okafor', email: 'mara@example.invalid' } };
    // FP_SERVER_NODE_ARGS: node flags for the server (profiling a benchmark: `--cpu-prof --cpu-prof-dir=/tmp/p`).
    this.process = spawn(process.execPath, [...(process.env.FP_SERVER_NODE_ARGS ? process.env.FP_SERVER_NODE_ARGS.split(' ') : []), serverBundle, '--stdio'], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    this.connection.onNotification('window/showMessage', (p: ShowMessageParams) => {
      this.messages.push(p);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((item) => (item.section === 'fountainProvenance' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.wake();
      return null;
    });
    this.connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams): ApplyWorkspaceEditResult => {
      if (this.options.refuseEdits) return { applied: false, failureReason: 'refused by the test' };
      return { applied: this.applyWorkspaceEdit(p.edit) };
    });
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: this.options.capabilities ?? defaultCapabilities,
    });
    await this.connection.sendNotification('initialized', {});
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `predicate` holds, checking after every notification; rejects after `ms`. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, ms = 10_000): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}; logs: ${this.logs.slice(-5).join(' | ')}`));
      }, ms);
      const check = (): void => {
        let value: T | undefined | false;
        try {
          value = predicate();
        } catch (err) {
          clearTimeout(timer);
          reject(err);
          return;
        }
        if (value) {
          clearTimeout(timer);
          resolvePromise(value);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Diagnostics published for the document's current version. */
  async diagnosticsNow(uri: string, ms = 10_000): Promise<Diagnostic[]> {
    const doc = this.doc(uri);
    const p = await this.waitFor(`diagnostics of ${uri} v${doc.version}`, () => {
      const d = this.diagnostics.get(uri);
      return d && d.version === doc.version ? d : undefined;
    }, ms);
    return p.diagnostics;
  }

  doc(uri: string): TextDocument {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  text(uri: string): string {
    return this.doc(uri).getText();
  }

  open(path: string, text: string): string {
    const uri = path.includes(':') && !path.startsWith('/') ? path : pathToFileURL(path).href;
    this.docs.set(uri, TextDocument.create(uri, 'fountain', 1, text));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'fountain', version: 1, text } });
    return uri;
  }

  /** Replaces [start, end) (offsets) with `text`, as one incremental change. */
  edit(uri: string, start: number, end: number, text: string): number {
    const doc = this.doc(uri);
    const range: Range = { start: doc.positionAt(start), end: doc.positionAt(end) };
    return this.change(uri, [{ range, text }]);
  }

  change(uri: string, changes: Array<{ range: Range; text: string }>): number {
    const doc = this.doc(uri);
    const version = doc.version + 1;
    TextDocument.update(doc, changes, version);
    // When the change left for the server: the benchmarks time the server from here, not the
    // test client's own copy of the document (on a 10 MB script that update alone takes ~100 ms).
    this.lastChangeSentAt = performance.now();
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Types `text` one character at a time at `offset`; returns the offset after it. */
  type(uri: string, offset: number, text: string): number {
    for (const ch of text) {
      this.edit(uri, offset, offset, ch);
      offset += ch.length;
    }
    return offset;
  }

  save(uri: string): void {
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  position(uri: string, offset: number): Position {
    return this.doc(uri).positionAt(offset);
  }

  applyWorkspaceEdit(edit: WorkspaceEdit): boolean {
    const perDoc: Array<{ uri: string; version?: number | null; edits: TextEdit[] }> = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) perDoc.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits as TextEdit[] });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDoc.push({ uri, edits });
    for (const { uri, version, edits } of perDoc) {
      const doc = this.docs.get(uri);
      if (!doc || (typeof version === 'number' && version !== doc.version)) return false;
    }
    for (const { uri, edits } of perDoc) {
      // Apply from the end so earlier ranges stay valid; send them as one change event.
      const sorted = [...edits].sort((a, b) => this.doc(uri).offsetAt(b.range.start) - this.doc(uri).offsetAt(a.range.start));
      this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
    }
    return true;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await new Promise<void>((r) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) return r();
      const timer = setTimeout(() => {
        this.process.kill('SIGKILL');
        r();
      }, 5000);
      this.process.once('exit', () => {
        clearTimeout(timer);
        r();
      });
    });
    this.connection.dispose();
  }
}

/** Runs `body` with a server started in `env` and initialized; shuts it down afterwards, whatever happens. */
export async function withServer<T>(env: Record<string, string>, body: (client: TestClient) => Promise<T>): Promise<T> {
  const client = new TestClient({ env });
  try {
    await client.initialize();
    return await body(client);
  } finally {
    await client.shutdown();
  }
}

/** A fresh temp folder, with FOUNTAIN_PROVENANCE_KEYS pointing at a keys folder inside it. */
export function tempWorkspace(prefix = 'fp-lsp-'): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(resolve(tmpdir(), prefix));
  const keys = resolve(dir, '.keys');
  mkdirSync(keys);
  return { dir, env: { FOUNTAIN_PROVENANCE_KEYS: keys } };
}

export const examplePath = resolve(repoRoot, 'examples', 'the-night-shift.fountain');
