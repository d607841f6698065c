import * as vscode from 'vscode';
import { runsRequest, type OriginRunInfo, type RunsResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import type { ScriptSummaries } from './summaries';

/** A document's runs as the server last reported them, with their offsets in that version. */
export interface ScriptRunsSnapshot {
  uri: string;
  version: number;
  runs: OriginRunInfo[];
  spans: Array<{ start: number; end: number }>;
}

/**
 * The origin runs of the open scripts (`fountainProvenance/runs`), for the marks in the editor
 * and for the origins a copy carries. Fetched again whenever the server's summary of a script
 * changes, which it does after every change of text or labels.
 */
export class ScriptRuns implements vscode.Disposable {
  private readonly cache = new Map<string, ScriptRunsSnapshot>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly ctx: ProvenanceContext,
    summaries: ScriptSummaries,
  ) {
    this.disposables.push(
      summaries.onDidChange((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) void this.refresh(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cache.delete(document.uri.toString());
      }),
    );
  }

  get(uri: vscode.Uri): ScriptRunsSnapshot | undefined {
    return this.cache.get(uri.toString());
  }

  /** Asks the server now; resolves with what it said (undefined when it could not answer for this version). */
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
    // Runs of another version than the editor's are already out of date; the next summary change brings fresh ones.
    if (!result || result.version !== document.version) return undefined;
    const spans = result.runs.map((run) => ({
      start: document.offsetAt(new vscode.Position(run.start.line, run.start.character)),
      end: document.offsetAt(new vscode.Position(run.end.line, run.end.character)),
    }));
    const snapshot: ScriptRunsSnapshot = { uri: result.uri, version: result.version, runs: result.runs, spans };
    this.cache.set(document.uri.toString(), snapshot);
    this.changed.fire(document.uri);
    return snapshot;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
