import * as vscode from 'vscode';
import type { ScriptSummaries } from './summaries';

/** Optional arguments, so the command runs without its prompts (tests). */
export interface WriterArgs {
  name?: string;
  email?: string;
}

const askedKey = 'fountainProvenance.askedForWriter';

/**
 * Asks for the writer's name and email and stores them in the `fountainProvenance.writer`
 * setting (user settings), which the server applies at once to the typing it records, the
 * journal's actor and the signing key. Resolves true when a name was stored.
 */
export async function setWriter(args: WriterArgs = {}): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('fountainProvenance');
  const known = config.get<{ name?: string; email?: string } | null>('writer') ?? undefined;
  const name = (
    args.name ??
    (await vscode.window.showInputBox({
      title: 'Who is writing? (1/2)',
      prompt: 'Your name, as the record and the credit disclosure reports should show it.',
      value: known?.name ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A name is needed.'),
    }))
  )?.trim();
  if (!name) return false;
  const email = (
    args.email ??
    (args.name !== undefined
      ? ''
      : await vscode.window.showInputBox({
          title: 'Who is writing? (2/2)',
          prompt: 'Your email (optional): it tells writers with the same name apart.',
          value: known?.email ?? '',
          ignoreFocusOut: true,
        }))
  )?.trim();
  if (email === undefined) return false;
  await config.update('writer', email ? { name, email } : { name }, vscode.ConfigurationTarget.Global);
  return true;
}

/**
 * On first use with no identity (no setting, no git name) the writer is asked once for a
 * name; the status bar keeps saying that it is missing until it is set.
 */
export function askOnceForWriter(summaries: ScriptSummaries, state: vscode.Memento): vscode.Disposable {
  let asking = false;
  return summaries.onDidChange((uri) => {
    const summary = summaries.get(uri);
    if (!summary || summary.writer || asking || state.get<boolean>(askedKey)) return;
    asking = true;
    void state.update(askedKey, true);
    void vscode.window
      .showInformationMessage(
        'Fountain Provenance records who writes each word, but your name is not set (no fountainProvenance.writer setting, no git user.name). Set it now?',
        'Set My Name',
        'Later',
      )
      .then(async (choice) => {
        if (choice === 'Set My Name') await setWriter();
      })
      .then(
        () => (asking = false),
        () => (asking = false),
      );
  });
}
