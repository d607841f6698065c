import * as vscode from 'vscode';
import type { SummaryResult } from '../../server/src/shared/protocol';
import { activeScriptEditor } from './scripts';
import type { ScriptSummaries } from './summaries';

/** One scene of the active script (or the whole script when it has no scene headings). */
export interface SceneEntry {
  uri: vscode.Uri;
  label: string;
  description: string;
  line: number;
  character: number;
}

/**
 * The Provenance view in the explorer: the active script's scenes with their shares, both as
 * the server's summary gives them (the code lens shows the same words); a click reveals the scene.
 */
export class ProvenanceView implements vscode.TreeDataProvider<SceneEntry>, vscode.Disposable {
  static readonly viewId = 'fountainProvenance.scenes';
  private readonly changed = new vscode.EventEmitter<SceneEntry | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly summaries: ScriptSummaries) {
    this.disposables.push(
      summaries.onDidChange(() => this.refresh()),
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
    const uri = editor.document.uri;
    const summary = this.summaries.get(uri);
    if (!summary) return [{ uri, label: 'Whole script', description: 'waiting for the server', line: 0, character: 0 }];
    return entriesOf(uri, summary);
  }

  getChildren(element?: SceneEntry): SceneEntry[] {
    return element ? [] : this.entries();
  }

  getTreeItem(entry: SceneEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
    item.description = entry.description;
    item.tooltip = `${entry.label}\n${entry.description}`;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.command = { command: 'fountainProvenance.revealScene', title: 'Reveal Scene', arguments: [entry.uri.toString(), entry.line, entry.character] };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function entriesOf(uri: vscode.Uri, summary: SummaryResult): SceneEntry[] {
  if (summary.scenes.length === 0) return [{ uri, label: 'Whole script', description: summary.label.short, line: 0, character: 0 }];
  return summary.scenes.map((scene) => ({
    uri,
    label: scene.title || `Scene ${scene.index + 1}`,
    description: scene.label,
    line: scene.range.start.line,
    character: scene.range.start.character,
  }));
}

/** Shows a script at a position, selecting nothing. */
export async function revealPosition(uri: string, line: number, character: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
  const position = document.validatePosition(new vscode.Position(line, character));
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
}
