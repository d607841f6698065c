import * as vscode from 'vscode';
import { commands as serverCommands, type RecordConsentArgs, type RecordConsentResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';

/** What the quick fix on `wga.consent-missing` passes (the rest is asked for). */
export interface ConsentArgs extends Partial<RecordConsentArgs> {
  uri: string;
}

/**
 * The quick fix on `wga.consent-missing`: asks for the company's consent reference, then has
 * the server record that consent (and nothing else: no union coverage) in the project file,
 * creating the file if there is none.
 */
export async function recordConsent(ctx: ProvenanceContext, args?: ConsentArgs): Promise<boolean> {
  if (!args?.uri) return false;
  const reference =
    args.reference ??
    (await vscode.window.showInputBox({
      title: 'Record the company\u2019s consent to AI use',
      prompt: `The reference of the written consent${args.tools?.length ? ` covering ${args.tools.join(', ')}` : ''} (a letter, an email, a contract clause).`,
      placeHolder: 'e.g. Night Shift Productions, email of 3 March 2026',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'The consent needs a reference.'),
    }));
  if (!reference?.trim()) return false;
  const grantedBy =
    args.grantedBy ??
    (await vscode.window.showInputBox({ title: 'Record the company\u2019s consent to AI use', prompt: 'Who granted it? (optional)', ignoreFocusOut: true }));
  if (grantedBy === undefined) return false;
  try {
    const result = await ctx.executeServerCommand<RecordConsentResult>(serverCommands.recordConsent, {
      ...args,
      reference: reference.trim(),
      ...(grantedBy.trim() ? { grantedBy: grantedBy.trim() } : {}),
    } satisfies RecordConsentArgs);
    if (!result?.recorded) throw new Error(result?.failureReason ?? 'the server did not record it');
    void vscode.window.showInformationMessage(`Consent "${reference.trim()}" recorded in ${result.path}.`);
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Fountain Provenance: the consent was not recorded: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
