/**
 * Quick fixes: every fix of every finding under the cursor. An edit fix becomes a versioned
 * WorkspaceEdit (a client holding a newer version refuses it); a relabel fix becomes the
 * `fountainProvenance.attest` command carrying the version its range belongs to.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { Fix } from '../disclosure/types';
import { commands, type AttestArgs, type DiagnosticData } from '../shared/protocol';
import { analyse } from './analysis';
import { consentAction } from './consent';
import { guarded, type ServerContext } from './context';
import { toDiagnostics } from './diagnostics';
import { toLspEdit, toOffsets, toRange } from './positions';
import type { ScriptSession } from './session';

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeAction(guarded(ctx, 'code actions', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    if (!session) return [];
    const { findings } = analyse(session, ctx.deps);
    const diagnostics = toDiagnostics(session, findings);
    const { start, end } = toOffsets(session.doc, params.range);
    const staleCodes = staleDiagnostics(params.context.diagnostics, session.version);
    const actions: CodeAction[] = [];
    findings.forEach((finding, index) => {
      if (finding.end < start || finding.start > end) return;
      if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return;
      const consent = staleCodes.has(finding.code) ? undefined : consentAction(session, finding, diagnostics[index]);
      if (consent) actions.push(consent);
      if (!finding.fixes?.length) return;
      for (const fix of finding.fixes) {
        actions.push(toAction(ctx, session, fix, diagnostics[index], staleCodes.has(finding.code)));
      }
    });
    return actions;
  }));
}

/** Codes of the client's diagnostics that were computed for another version than the current one. */
function staleDiagnostics(diagnostics: Diagnostic[], version: number): Set<string> {
  const codes = new Set<string>();
  for (const d of diagnostics) {
    const data = d.data as Partial<DiagnosticData> | undefined;
    if (data && typeof data.version === 'number' && data.version !== version && typeof d.code === 'string') codes.add(d.code);
  }
  return codes;
}

function toAction(ctx: ServerContext, session: ScriptSession, fix: Fix, diagnostic: Diagnostic, stale: boolean): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
  if (stale) {
    // The client shows diagnostics of an older version: offer nothing until it has the new ones.
    action.disabled = { reason: 'The script changed since this problem was found; wait for the diagnostics to refresh.' };
    return action;
  }
  if (fix.kind === 'edit') {
    const edits = fix.edits.map((e) => toLspEdit(session.doc, e));
    const documentChanges = ctx.client().workspace?.workspaceEdit?.documentChanges;
    const edit: WorkspaceEdit = documentChanges
      ? { documentChanges: [{ textDocument: { uri: session.uri, version: session.version }, edits }] }
      : { changes: { [session.uri]: edits } };
    action.edit = edit;
    return action;
  }
  const args: AttestArgs = {
    uri: session.uri,
    range: toRange(session.doc, fix.start, fix.end),
    origin: fix.origin,
    version: session.version,
  };
  action.command = { title: fix.title, command: commands.attest, arguments: [args] };
  return action;
}
