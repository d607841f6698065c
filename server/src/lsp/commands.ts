/**
 * workspace/executeCommand: insert generated text (applied through workspace/applyEdit and
 * labelled AI), a writer's attestation of a range, and the script's report.
 */
import { ResponseError, ErrorCodes, type WorkspaceEdit } from 'vscode-languageserver';
import { isOrigin } from '../provenance/origin';
import type { AiOrigin, Origin } from '../provenance/types';
import {
  commands,
  type AttestArgs,
  type InsertGeneratedArgs,
  type InsertGeneratedResult,
  type ReportArgs,
  type ReportSummary,
} from '../shared/protocol';
import { analyse } from './analysis';
import type { ServerContext } from './context';
import { recordConsent } from './consent';
import type { RecordConsentArgs } from '../shared/protocol';
import { toOffsets, toRange } from './positions';
import type { ScriptSession } from './session';

/** How long insertGenerated waits for the editor's change after the editor said it applied the edit. */
const landingWaitMs = 3000;

export const commandNames = Object.values(commands);

export function register(ctx: ServerContext): void {
  ctx.connection.onExecuteCommand(async (params) => {
    const args = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
    switch (params.command) {
      case commands.insertGenerated:
        return insertGenerated(ctx, args as unknown as InsertGeneratedArgs);
      case commands.attest:
        return attest(ctx, args as unknown as AttestArgs);
      case commands.recordConsent:
        return recordConsent(ctx, args as unknown as RecordConsentArgs);
      case commands.report:
        return report(ctx, args as unknown as ReportArgs);
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    }
  });
}

async function sessionFor(ctx: ServerContext, uri: unknown): Promise<ScriptSession> {
  const session = typeof uri === 'string' ? await ctx.sessions.ready(uri) : undefined;
  if (!session) throw new ResponseError(ErrorCodes.InvalidParams, `no open script ${String(uri)}`);
  return session;
}

async function insertGenerated(ctx: ServerContext, args: InsertGeneratedArgs): Promise<InsertGeneratedResult> {
  const session = await sessionFor(ctx, args.uri);
  if (typeof args.text !== 'string' || !args.range) throw new ResponseError(ErrorCodes.InvalidParams, 'insertGenerated needs {uri, range, text}');
  const origin: AiOrigin = {
    kind: 'ai',
    channel: 'ai-command',
    at: ctx.deps.now().toISOString(),
    ...(args.tool ? { tool: String(args.tool) } : {}),
    ...(args.model ? { model: String(args.model) } : {}),
    ...(args.version ? { version: String(args.version) } : {}),
    ...(args.promptHash ? { promptHash: String(args.promptHash) } : {}),
    requestedBy: session.settings.writer,
  };
  const version = session.version;
  const { start: at } = toOffsets(session.doc, args.range);
  const expected = session.expect(args.text, origin);
  const edit: WorkspaceEdit = ctx.client().workspace?.workspaceEdit?.documentChanges
    ? { documentChanges: [{ textDocument: { uri: session.uri, version }, edits: [{ range: args.range, newText: args.text }] }] }
    : { changes: { [session.uri]: [{ range: args.range, newText: args.text }] } };
  let applied = false;
  let failureReason: string | undefined;
  try {
    const result = await ctx.connection.workspace.applyEdit({ label: `Insert text from ${origin.model ?? 'an AI model'}`, edit });
    applied = result.applied;
    failureReason = result.failureReason;
  } catch (err) {
    failureReason = err instanceof Error ? err.message : String(err);
  }
  // Some editors (Neovim) answer before they send the change itself: give it a moment.
  if (applied) await session.landed(expected, landingWaitMs);
  const landed = session.settle(expected);
  const live = ctx.sessions.get(session.uri) === session;
  if (!applied || !live) return { applied: false, failureReason: failureReason ?? 'the editor did not apply the edit' };
  let start = landed?.start;
  if (start === undefined) {
    // The client split or reshaped the change: find the text where the edit was aimed.
    const mapped = session.history.mapForward(toRange(session.doc, at, at), version, session.version);
    const guess = mapped ? toOffsets(session.doc, mapped).start : at;
    const text = session.text;
    start = [guess, guess - args.text.length, text.indexOf(args.text, Math.max(0, guess - args.text.length))].find(
      (s) => s >= 0 && text.startsWith(args.text, s),
    );
  }
  if (start === undefined) return { applied: true, failureReason: 'the inserted text could not be found to label it' };
  const end = start + args.text.length;
  if (!landed?.exact) session.relabelOffsets(start, end, origin, 'relabel');
  ctx.sessions.changed(session, false);
  return { applied: true, range: toRange(session.doc, start, end) };
}

async function attest(ctx: ServerContext, args: AttestArgs): Promise<{ attested: boolean; range?: ReturnType<typeof toRange> }> {
  const session = await sessionFor(ctx, args.uri);
  if (!args.range || !args.origin || typeof args.origin !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, 'attest needs {uri, range, origin}');
  const origin = completeOrigin(args.origin, session, ctx);
  if (!isOrigin(origin)) throw new ResponseError(ErrorCodes.InvalidParams, `not an origin: ${JSON.stringify(args.origin)}`);
  const done = session.relabel(args.range, typeof args.version === 'number' ? args.version : undefined, origin, 'attest');
  if (!done) return { attested: false };
  ctx.sessions.changed(session, false);
  return { attested: true, range: toRange(session.doc, done.start, done.end) };
}

/** Fills what a declaration leaves out: the channel, the time, and for a writer's own text the writer. */
function completeOrigin(partial: AttestArgs['origin'], session: ScriptSession, ctx: ServerContext): Origin {
  const origin = { channel: 'attestation', at: ctx.deps.now().toISOString(), ...partial } as Record<string, unknown>;
  const writer = session.settings.writer;
  if (origin.kind === 'human') {
    const w = origin.writer as { name?: unknown } | undefined;
    if (!w || typeof w.name !== 'string' || !w.name.trim()) origin.writer = writer;
  }
  if ((origin.kind === 'quoted' || origin.kind === 'pasted') && !origin.by) origin.by = writer;
  if (origin.kind === 'ai' && !origin.requestedBy) origin.requestedBy = writer;
  return origin as unknown as Origin;
}

async function report(ctx: ServerContext, args: ReportArgs): Promise<unknown> {
  const session = await sessionFor(ctx, args.uri);
  const ledger = session.record.ledger;
  if (ctx.deps.buildReport) {
    return ctx.deps.buildReport({
      scriptPath: session.path,
      script: session.script,
      ledger,
      verification: session.verification,
      project: session.project,
      findings: analyse(session, ctx.deps).findings,
    });
  }
  const summary: ReportSummary = {
    uri: session.uri,
    version: session.version,
    length: ledger.length,
    shares: ledger.shares(),
    runs: ledger.runs().length,
    ai: ledger.aiSurvival().map((s) => ({
      model: s.origin.model,
      tool: s.origin.tool,
      inserted: s.inserted,
      surviving: s.surviving,
      survivalRatio: s.survivalRatio,
    })),
  };
  return summary;
}

