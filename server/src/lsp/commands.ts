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
} from '../shared/protocol';
import { reportOf } from './summary';
import type { ServerContext } from './context';
import { recordConsent } from './consent';
import type { RecordConsentArgs } from '../shared/protocol';
import type { RenderPdfArgs } from '../shared/protocol';
import { renderPdf } from './exportPdf';
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
      case commands.renderPdf:
        return renderPdf(args as unknown as RenderPdfArgs, (uri) => ctx.sessions.get(uri)?.writeRecordNow());
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
    ...(args.vendor ? { vendor: String(args.vendor) } : {}),
    ...(args.version ? { version: String(args.version) } : {}),
    ...(args.promptHash ? { promptHash: String(args.promptHash) } : {}),
    requestedBy: session.settings.writer,
  };
  // What left the editor is journaled whether or not the insertion lands: it was sent.
  journalEgress(ctx, session, args);
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
/** Journals `insertGenerated`'s `sent` argument as an `egress` event; malformed excerpts are refused, never guessed. */
function journalEgress(ctx: ServerContext, session: ScriptSession, args: InsertGeneratedArgs): void {
  const sent = args.sent;
  if (!sent || typeof sent !== 'object' || !Array.isArray(sent.excerpts)) return;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  const excerpts = sent.excerpts.filter((x) => x && whole(x.start) && whole(x.end) && x.end >= x.start && whole(x.length) && typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.sha256));
  if (excerpts.length !== sent.excerpts.length) throw new ResponseError(ErrorCodes.InvalidParams, 'insertGenerated: each sent excerpt needs {start, end, length, sha256} (whole numbers, end >= start, a SHA-256 in hex)');
  const vendor = String(sent.vendor ?? args.vendor ?? 'unknown');
  const model = String(sent.model ?? args.model ?? 'unknown');
  const time = typeof sent.time === 'string' && !Number.isNaN(Date.parse(sent.time)) ? new Date(sent.time) : undefined;
  try {
    session.record.egress?.(excerpts, vendor, model, args.tool ? String(args.tool) : undefined, time);
  } catch (err) {
    ctx.deps.logger.error(`journaling what was sent to ${vendor}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Fills what a declaration leaves out: the channel, the time, and for a writer's own text the
 * writer. A passage attested as a named co-writer's (a human origin naming another writer) is
 * declared by the writer at the keyboard (`declaredBy`); furnished and prior material name who
 * declared them (`by`, `disclosedBy` stays the company's).
 */
function completeOrigin(partial: AttestArgs['origin'], session: ScriptSession, ctx: ServerContext): Origin {
  const origin = { channel: 'attestation', at: ctx.deps.now().toISOString(), ...partial } as Record<string, unknown>;
  const writer = session.settings.writer;
  if (origin.kind === 'human') {
    const w = origin.writer as { name?: unknown } | undefined;
    if (!w || typeof w.name !== 'string' || !w.name.trim()) origin.writer = writer;
    else if (writer && w.name.trim() !== writer.name && !origin.declaredBy) origin.declaredBy = writer;
  }
  if (origin.kind === 'prior') {
    const w = origin.writer as { name?: unknown } | undefined;
    if (!w || typeof w.name !== 'string' || !w.name.trim()) throw new ResponseError(ErrorCodes.InvalidParams, "a prior writer's material needs the writer's name: {kind: 'prior', writer: {name}}");
    if (!origin.by && writer) origin.by = writer;
  }
  if (origin.kind === 'furnished') {
    if (typeof origin.material !== 'string' || !origin.material.trim()) throw new ResponseError(ErrorCodes.InvalidParams, "furnished material needs its name: {kind: 'furnished', material, aiOrigin}");
    if (!['yes', 'no', 'unknown'].includes(String(origin.aiOrigin))) origin.aiOrigin = 'unknown';
  }
  if ((origin.kind === 'quoted' || origin.kind === 'pasted') && !origin.by) origin.by = writer;
  if (origin.kind === 'ai' && !origin.requestedBy) origin.requestedBy = writer;
  // Marked AI-assisted: the writer at the keyboard declares they shaped it.
  if (origin.kind === 'ai' && origin.assisted !== undefined) {
    if (origin.assisted !== true) throw new ResponseError(ErrorCodes.InvalidParams, 'assisted is true or absent');
    if (!origin.revisedBy && writer) origin.revisedBy = writer;
  }
  return origin as unknown as Origin;
}

/** The `fountainProvenance.report` command: an alias of the `fountainProvenance/report` request, returning the report model. */
async function report(ctx: ServerContext, args: ReportArgs): Promise<unknown> {
  const session = await sessionFor(ctx, args.uri);
  return reportOf(ctx, session).report;
}
