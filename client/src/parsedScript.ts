import type * as vscode from 'vscode';
import { parse } from '../../server/src/fountain/parser';
import type { Script } from '../../server/src/fountain/types';

let last: { uri: string; version: number; script: Script } | undefined;

/** The document parsed once per version, shared by the status bar and the Provenance view. */
export function parsedScript(document: vscode.TextDocument): Script {
  const uri = document.uri.toString();
  if (last && last.uri === uri && last.version === document.version) return last.script;
  const script = parse(document.getText());
  last = { uri, version: document.version, script };
  return script;
}
