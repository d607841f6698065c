import * as vscode from 'vscode';
import { summaryChangedNotification, summaryRequest, type SummaryResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import { isScript } from './scripts';

/** Quiet time after a keystroke before the figures are asked for again. */
const typingDelayMs = 300;
/** Delay after the server said a script's figures changed (several changes often come together). */
const changedDelayMs = 30;

/**
 * The server's one summary of each open script (`fountainProvenance/summary`): the status bar,
 * the Provenance view and the marks read it from here, so they always agree with each other,
 * with the code lens and with the command line. Asked for again whenever the server says the
 * figures changed (`fountainProvenance/summaryChanged`), after the writer pauses, and when an
 * editor comes to the front. The client computes no figure itself.
 */
export class ScriptSummaries implements vscode.Disposable {
  private readonly cache = new Map<string, SummaryResult>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ctx: ProvenanceContext) {
    this.disposables.push(
      ctx.onDidStart((client) => {
        ctx.ownForClient(client.onNotification(summaryChangedNotification, (params) => this.schedule(params.uri, changedDelayMs)));
        for (const editor of vscode.window.visibleTextEditors) if (isScript(editor.document)) this.schedule(editor.document.uri.toString(), 0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isScript(e.document) && e.contentChanges.length > 0) this.schedule(e.document.uri.toString(), typingDelayMs);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isScript(editor.document)) this.schedule(editor.document.uri.toString(), 0);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cache.delete(document.uri.toString());
      }),
    );
  }

  /** The latest summary of a script (possibly of an older version while the writer types). */
  get(uri: vscode.Uri | string): SummaryResult | undefined {
    return this.cache.get(uri.toString());
  }

  /** Asks again after `delay` ms, replacing a request already scheduled. */
  schedule(uri: string, delay = typingDelayMs): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.refresh(uri);
      }, delay),
    );
  }

  /** Asks the server now; resolves with its answer (undefined when it has none). */
  async refresh(uri: vscode.Uri | string): Promise<SummaryResult | undefined> {
    const key = uri.toString();
    const client = this.ctx.runningClient;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!client || !document || document.isClosed) return undefined;
    let result: SummaryResult | null;
    try {
      result = await client.sendRequest(summaryRequest, { uri: key });
    } catch (error) {
      this.ctx.output.warn(`fountainProvenance/summary failed: ${String(error)}`);
      return undefined;
    }
    if (!result) return undefined;
    const known = this.cache.get(key);
    // An answer overtaken by a newer one is dropped.
    if (known && known.version > result.version) return known;
    this.cache.set(key, result);
    this.changed.fire(document.uri);
    if (result.version !== document.version) this.schedule(key, typingDelayMs);
    return result;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
