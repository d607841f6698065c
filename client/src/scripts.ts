import * as vscode from 'vscode';

export function isScript(document: vscode.TextDocument): boolean {
  return document.languageId === 'fountain';
}

/** The active editor when it shows a Fountain script. */
export function activeScriptEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isScript(editor.document) ? editor : undefined;
}

/** An editor showing `uri`, the active one first. */
export function editorFor(uri: string): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document.uri.toString() === uri) return active;
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
}

/** The script's file name, for titles. */
export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}
