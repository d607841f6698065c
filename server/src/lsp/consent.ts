/**
 * Recording a company's consent to AI use (`fountainProvenance.recordConsent`), the quick fix
 * on `wga.consent-missing`: the consent is appended to the script's project file
 * (`.fountain-provenance.json`, created beside the script when there is none), keeping the
 * rest of the file as it is. A consent only: no union coverage, policy or anything else is
 * written. The project is read again at once for every open script it governs.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyEdits, modify, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { ResponseError, ErrorCodes, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { PROJECT_FILE_NAME, type CompanyConsent } from '../disclosure/project';
import type { Finding } from '../disclosure/types';
import type { RecordConsentArgs, RecordConsentResult } from '../shared/protocol';
import type { ServerContext } from './context';
import type { ScriptSession } from './session';

/** The client command that asks for the reference, then calls `fountainProvenance.recordConsent`. */
export const addConsentCommand = 'fountainProvenance.addConsent';

/** The quick fix offered on a `wga.consent-missing` finding. */
export function consentAction(session: ScriptSession, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  if (finding.code !== 'wga.consent-missing' || !session.path) return undefined;
  // A consent the record shows only after the AI text (informational) is already in the file.
  if (finding.data?.informational === true) return undefined;
  const data = (finding as { data?: { tool?: string; model?: string; at?: string } }).data ?? {};
  const tools = [data.model ?? data.tool].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const from = typeof data.at === 'string' && /^\d{4}-\d{2}-\d{2}/.test(data.at) ? data.at.slice(0, 10) : undefined;
  const args: Partial<RecordConsentArgs> = { uri: session.uri, ...(tools.length > 0 ? { tools } : {}), ...(from ? { from } : {}) };
  return {
    title: `Record the company's consent to ${tools[0] ?? 'AI'} use…`,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    command: { title: 'Record the company\u2019s consent', command: addConsentCommand, arguments: [args] },
  };
}

export async function recordConsent(ctx: ServerContext, args: RecordConsentArgs): Promise<RecordConsentResult> {
  const session = typeof args?.uri === 'string' ? await ctx.sessions.ready(args.uri) : undefined;
  if (!session) throw new ResponseError(ErrorCodes.InvalidParams, `no open script ${String(args?.uri)}`);
  if (!session.path) return { recorded: false, failureReason: 'the script is not a file, so it has no project file' };
  const reference = typeof args.reference === 'string' ? args.reference.trim() : '';
  if (!reference) return { recorded: false, failureReason: 'a consent needs a reference' };
  const path = session.projectPath ?? join(dirname(session.path), PROJECT_FILE_NAME);
  const consent: CompanyConsent = {
    id: reference,
    from: typeof args.from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(args.from) ? args.from : ctx.deps.now().toISOString().slice(0, 10),
    ...(Array.isArray(args.tools) && args.tools.length > 0 ? { tools: args.tools.map(String) } : {}),
    ...(typeof args.grantedBy === 'string' && args.grantedBy.trim() ? { grantedBy: args.grantedBy.trim() } : {}),
  };
  let text = '{}\n';
  try {
    if (existsSync(path)) text = readFileSync(path, 'utf8');
  } catch (err) {
    return { recorded: false, path, failureReason: `${path} could not be read: ${(err as Error).message}` };
  }
  const errors: ParseError[] = [];
  const parsed = parseJsonc(text, errors) as unknown;
  if (errors.length > 0 || !parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { recorded: false, path, failureReason: `${path} is not a JSON object; fix it first (nothing was changed)` };
  }
  const consents = (parsed as { consents?: unknown }).consents;
  const at = Array.isArray(consents) ? ['consents', -1] : ['consents'];
  const value = Array.isArray(consents) ? consent : [consent];
  const next = applyEdits(text, modify(text, at, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  try {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, next.endsWith('\n') ? next : `${next}\n`);
    renameSync(tmp, path);
  } catch (err) {
    return { recorded: false, path, failureReason: `${path} could not be written: ${(err as Error).message}` };
  }
  // At once, not when the file watcher reports it.
  ctx.sessions.projectFileChanged(path);
  return { recorded: true, path };
}
