/**
 * `fountainProvenance/summary` and `fountainProvenance/report`: the figures of the one analysis
 * (lsp/analysis.ts, the engine's `analyse()`), for the status bar, the Provenance view and the
 * report webview; and `fountainProvenance/summaryChanged`, sent when a script's figures may have
 * changed (its text, its labels, its project file, its sidecar, its verification).
 */
import { renderJson } from '../report/json';
import { renderHtml } from '../report/html';
import { renderMarkdown } from '../report/markdown';
import { buildPacket, claimantPassages, RECIPIENTS, renderPacketHtml, renderPacketJson, renderPacketMarkdown, type Recipient } from '../report/packets';
import { sceneLabel, scriptLabel } from '../engine/labels';
import {
  reportRequest,
  summaryChangedNotification,
  summaryRequest,
  type ReportParams,
  type ReportResult,
  type SummaryResult,
} from '../shared/protocol';
import { analyse } from './analysis';
import { guarded, tellClient, type ServerContext } from './context';
import { toRange } from './positions';
import type { ScriptSession } from './session';

/**
 * summaryChanged waits for this pause in the changes of a script (each one asks the client for
 * the figures, which cost far more than a keystroke's diagnostics on a long script)...
 */
export const summaryChangedDelayMs = 250;
/** ...but is sent at least this often while the writer keeps typing, so the status bar moves. */
export const summaryChangedMaxWaitMs = 1000;

export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(
    summaryRequest,
    guarded(ctx, 'summary', null, async (params) => {
      const session = params && typeof params.uri === 'string' ? await ctx.sessions.ready(params.uri) : undefined;
      return session ? summaryOf(ctx, session) : null;
    }),
  );
  ctx.connection.onRequest(
    reportRequest,
    guarded(ctx, 'report', null, async (params) => {
      const session = params && typeof params.uri === 'string' ? await ctx.sessions.ready(params.uri) : undefined;
      return session ? reportOf(ctx, session, params) : null;
    }),
  );
  // Per script: the pending notification's timer, when its first change came, and whether any
  // of its changes left the text alone (then the code lens is refreshed too).
  const pending = new Map<string, { timer: NodeJS.Timeout; since: number; relabelled: boolean }>();
  ctx.sessions.onChange((session, textChanged) => {
    const uri = session.uri;
    const now = performance.now();
    const was = pending.get(uri);
    if (was) {
      was.relabelled ||= !textChanged;
      // Typing goes on: wait for the pause, unless the first unsent change is already old.
      if (now - was.since + summaryChangedDelayMs <= summaryChangedMaxWaitMs) was.timer.refresh();
      return;
    }
    const timer = setTimeout(() => {
      const entry = pending.get(uri);
      pending.delete(uri);
      const live = ctx.sessions.get(uri);
      if (!live) return;
      tellClient(() => ctx.connection.sendNotification(summaryChangedNotification, { uri: live.uri, version: live.version }));
      // The code lens reads the same figures: editors ask again after a text change by themselves.
      if (entry?.relabelled && ctx.client().workspace?.codeLens?.refreshSupport) tellClient(() => ctx.connection.sendRequest('workspace/codeLens/refresh'));
    }, summaryChangedDelayMs);
    timer.unref();
    pending.set(uri, { timer, since: now, relabelled: !textChanged });
  });
  ctx.sessions.onClose((uri) => {
    const entry = pending.get(uri);
    if (entry) clearTimeout(entry.timer);
    pending.delete(uri);
  });
}

/** The summary of an open script at its current version. */
export function summaryOf(ctx: ServerContext, session: ScriptSession): SummaryResult {
  const analysis = analyse(session, ctx.deps);
  const figures = analysis.engine.figures;
  const findings = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of analysis.findings) findings[f.severity]++;
  return {
    uri: session.uri,
    version: analysis.version,
    verification: figures.verification,
    shares: figures.shares,
    scenes: figures.scenes.map((scene) => ({
      index: scene.index,
      title: scene.title,
      ...(scene.sceneNumber ? { sceneNumber: scene.sceneNumber } : {}),
      range: toRange(session.doc, scene.place.start, scene.place.end),
      shares: scene.shares,
      classification: scene.classification,
      label: sceneLabel(scene, figures.gaps),
    })),
    writers: figures.writers,
    models: figures.models,
    statement: figures.statement,
    findings,
    label: scriptLabel(figures.shares),
    ...(session.settings.identified ? { writer: session.settings.writer } : {}),
  };
}

/**
 * The report of an open script. The journal is verified first when it changed since the last
 * verification, so the report says what `fountain-provenance report` would say of the same files.
 */
export function reportOf(ctx: ServerContext, session: ScriptSession, params: Partial<ReportParams> = {}): ReportResult {
  if (session.verificationStale) {
    try {
      session.refreshVerification();
      ctx.sessions.changed(session, false);
    } catch (err) {
      ctx.deps.logger.error(`verifying the journal of ${session.uri}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const analysis = analyse(session, ctx.deps);
  const e = analysis.engine;
  const report = e.report;
  // A disclosure packet for one recipient is rendered instead of the report (`report --for`).
  const recipient = (RECIPIENTS as readonly string[]).includes(params.for ?? '') ? (params.for as Recipient) : undefined;
  const packet = recipient ? buildPacket(recipient, report, e.project, recipient === 'usco' ? claimantPassages(e.script, e.ledger, e.project, report) : []) : undefined;
  return {
    uri: session.uri,
    version: analysis.version,
    report,
    ...(params.html ? { html: packet ? renderPacketHtml(packet) : renderHtml(report) } : {}),
    ...(params.markdown ? { markdown: packet ? renderPacketMarkdown(packet) : renderMarkdown(report) } : {}),
    ...(params.json ? { json: packet ? renderPacketJson(packet) : renderJson(report) } : {}),
  };
}
