import * as vscode from 'vscode';
import { runsRequest, type OriginRunInfo, type RunsResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import type { Span } from './shares';

const debounceMs = 250;

/** A document's runs as the server last reported them, with offsets for the shares. */
export interface ScriptRunsSnapshot {
  uri: string;
  version: number;
  runs: OriginRunInfo[];
  spans: Span[];
}

/**
 * The origins of the open scripts' text, fetched from the server with
 * `fountainProvenance/runs` and refreshed (debounced) after changes, relabels and restarts.
 * Decorations, the status bar and the Provenance view all read from here.
 */
export class ScriptRuns implements vscode.Disposable {
  private readonly cache = new Map<string, ScriptRunsSnapshot>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ctx: ProvenanceContext) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isScript(e.document) && e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isScript(editor.document)) this.schedule(editor.document, 0);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        // A quick fix that attests text changes labels without changing text; new diagnostics follow it.
        for (const uri of e.uris) {
          const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          if (document && isScript(document)) this.schedule(document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cache.delete(document.uri.toString());
      }),
      ctx.onDidStart(() => {
        for (const editor of vscode.window.visibleTextEditors) if (isScript(editor.document)) this.schedule(editor.document, 0);
      }),
    );
  }

  get(uri: vscode.Uri): ScriptRunsSnapshot | undefined {
    return this.cache.get(uri.toString());
  }

  schedule(document: vscode.TextDocument, delay = debounceMs): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document);
      }, delay),
    );
  }

  /** Asks the server now; resolves with what it said (undefined when it could not answer). */
  async refresh(document: vscode.TextDocument): Promise<ScriptRunsSnapshot | undefined> {
    const client = this.ctx.runningClient;
    if (!client || document.isClosed) return undefined;
    let result: RunsResult | null;
    try {
      result = await client.sendRequest(runsRequest, { uri: document.uri.toString() });
    } catch (error) {
      this.ctx.output.warn(`fountainProvenance/runs failed: ${String(error)}`);
      return undefined;
    }
    if (!result) return undefined;
    if (result.version !== document.version) {
      // The writer kept typing: these ranges are already out of date, ask again shortly.
      this.schedule(document);
      return undefined;
    }
    const spans = result.runs.map((run) => ({
      kind: run.kind,
      start: document.offsetAt(new vscode.Position(run.start.line, run.start.character)),
      end: document.offsetAt(new vscode.Position(run.end.line, run.end.character)),
    }));
    const snapshot: ScriptRunsSnapshot = { uri: result.uri, version: result.version, runs: result.runs, spans };
    this.cache.set(document.uri.toString(), snapshot);
    this.changed.fire(document.uri);
    return snapshot;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function isScript(document: vscode.TextDocument): boolean {
  return document.languageId === 'fountain';
}

/** The active editor when it shows a Fountain script. */
export function activeScriptEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isScript(editor.document) ? editor : undefined;
}
