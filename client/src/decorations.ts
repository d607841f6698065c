import * as vscode from 'vscode';
import type { OriginKind } from '../../server/src/shared/protocol';
import type { ScriptRuns } from './scriptRuns';
import { isScript } from './scripts';

export const decorationsSetting = 'decorations.enabled';

type Mark = 'ai' | 'pasted' | 'unknown';
const marks: readonly Mark[] = ['ai', 'pasted', 'unknown'];

const markOf: Partial<Record<OriginKind, Mark>> = {
  ai: 'ai',
  pasted: 'pasted',
  unattributed: 'unknown',
  external: 'unknown',
};

/**
 * A mark on AI text, one on pasted text and one on text of unknown origin (unattributed
 * insertions and outside edits), in theme colours the user can change, with the origin in the hover.
 */
export class OriginDecorations implements vscode.Disposable {
  private readonly types: Record<Mark, vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: ScriptRuns) {
    this.types = {
      ai: vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor('fountainProvenance.aiTextBackground'),
        overviewRulerColor: new vscode.ThemeColor('fountainProvenance.aiTextRuler'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
      pasted: vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor('fountainProvenance.pastedTextBackground'),
        overviewRulerColor: new vscode.ThemeColor('fountainProvenance.pastedTextRuler'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
      unknown: vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor('fountainProvenance.unknownTextBackground'),
        overviewRulerColor: new vscode.ThemeColor('fountainProvenance.unknownTextRuler'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
    };
    this.disposables.push(
      this.types.ai,
      this.types.pasted,
      this.types.unknown,
      runs.onDidChange(() => this.paintAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`fountainProvenance.${decorationsSetting}`)) this.paintAll();
      }),
    );
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration('fountainProvenance').get<boolean>(decorationsSetting, true);
  }

  /** The ranges currently painted in an editor, by mark (for the tests and the output channel). */
  painted(editor: vscode.TextEditor): Record<Mark, vscode.Range[]> {
    return this.rangesFor(editor);
  }

  private rangesFor(editor: vscode.TextEditor): Record<Mark, vscode.Range[]> {
    const out: Record<Mark, vscode.Range[]> = { ai: [], pasted: [], unknown: [] };
    const snapshot = this.runs.get(editor.document.uri);
    if (!this.enabled || !snapshot || snapshot.version !== editor.document.version) return out;
    for (const run of snapshot.runs) {
      const mark = markOf[run.kind];
      if (!mark) continue;
      out[mark].push(new vscode.Range(run.start.line, run.start.character, run.end.line, run.end.character));
    }
    return out;
  }

  paintAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (!isScript(editor.document)) continue;
      const snapshot = this.runs.get(editor.document.uri);
      // While the writer types, the old marks stay until fresh runs arrive rather than flicker.
      if (this.enabled && snapshot && snapshot.version !== editor.document.version) continue;
      const ranges = this.rangesFor(editor);
      const labels = new Map<string, string>();
      for (const run of snapshot?.runs ?? []) labels.set(`${run.start.line}:${run.start.character}`, run.label);
      for (const mark of marks) {
        editor.setDecorations(
          this.types[mark],
          ranges[mark].map((range) => ({ range, hoverMessage: labels.get(`${range.start.line}:${range.start.character}`) })),
        );
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
