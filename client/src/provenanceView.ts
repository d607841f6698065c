import * as vscode from 'vscode';
import { parsedScript } from './parsedScript';
import type { ScriptRuns } from './scriptRuns';
import { activeScriptEditor } from './scriptRuns';
import { describeShares, summarize } from './shares';

/** One scene of the active script (or the whole script when it has no scene headings). */
export interface SceneEntry {
  uri: vscode.Uri;
  label: string;
  description: string;
  start: number;
  end: number;
}

/**
 * The Provenance view in the explorer: the active script's scenes with their shares; a click
 * reveals the scene. Scenes come from the engine's parser, shares from the server's runs.
 */
export class ProvenanceView implements vscode.TreeDataProvider<SceneEntry>, vscode.Disposable {
  static readonly viewId = 'fountainProvenance.scenes';
  private readonly changed = new vscode.EventEmitter<SceneEntry | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private cached?: { key: string; entries: SceneEntry[] };

  constructor(private readonly runs: ScriptRuns) {
    this.disposables.push(
      runs.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The entries the view shows now. */
  entries(): SceneEntry[] {
    const editor = activeScriptEditor();
    if (!editor) return [];
    const document = editor.document;
    const snapshot = this.runs.get(document.uri);
    const key = `${document.uri.toString()}@${document.version}/${snapshot?.version ?? -1}:${snapshot?.runs.length ?? 0}`;
    if (this.cached?.key === key) return this.cached.entries;
    const spans = snapshot?.spans ?? [];
    const script = parsedScript(document);
    const scenes = script.scenes.length > 0 ? script.scenes : [{ start: 0, end: document.getText().length, title: 'Whole script', index: 0 }];
    const entries = scenes.map((scene) => ({
      uri: document.uri,
      label: scene.title || `Scene ${scene.index + 1}`,
      description: snapshot ? describeShares(summarize(spans, scene.start, scene.end), 3) : 'waiting for the server',
      start: scene.start,
      end: scene.end,
    }));
    this.cached = { key, entries };
    return entries;
  }

  getChildren(element?: SceneEntry): SceneEntry[] {
    return element ? [] : this.entries();
  }

  getTreeItem(entry: SceneEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
    item.description = entry.description;
    item.tooltip = `${entry.label}\n${entry.description}`;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.command = { command: 'fountainProvenance.revealScene', title: 'Reveal Scene', arguments: [entry.uri.toString(), entry.start] };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Shows a script at an offset, selecting nothing. */
export async function revealOffset(uri: string, offset: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
  const position = document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
}
