/**
 * Diagnostics: the findings of the rules, pushed after every change, or pulled through
 * textDocument/diagnostic when the client declares support (then nothing is pushed).
 */
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { rules } from '../disclosure/index';
import type { Finding } from '../disclosure/types';
import type { DiagnosticData } from '../shared/protocol';
import { analyse } from './analysis';
import { tellClient, type ServerContext } from './context';
import { toRange } from './positions';
import type { ScriptSession } from './session';

export const diagnosticSource = 'fountain-provenance';
/** Problems the server met opening a script (binary file, record unavailable). */
export const recordProblemCode = 'provenance.record';

/** Notices no rule reports: the record is not what the writer expects, so say so where they look. */
const surfacedNotices: ReadonlySet<string> = new Set(['foreign-journal', 'not-writable']);

const severities: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const packageRoot = resolve(__dirname, '..');
let docPaths: Map<string, string> | undefined;

function ruleHref(code: string): string | undefined {
  docPaths ??= new Map(rules.map((r) => [r.code, r.docPath]));
  const docPath = docPaths.get(code);
  return docPath ? pathToFileURL(join(packageRoot, docPath)).href : undefined;
}

export function toDiagnostics(session: ScriptSession, findings: Finding[]): Diagnostic[] {
  const doc = session.doc;
  const out: Diagnostic[] = findings.map((finding, index) => {
    const data: DiagnosticData = { v: 1, version: session.version, finding: index, fixes: (finding.fixes ?? []).map((f) => f.title) };
    const href = ruleHref(finding.code);
    return {
      range: toRange(doc, finding.start, finding.end),
      severity: severities[finding.severity] ?? DiagnosticSeverity.Warning,
      code: finding.code,
      ...(href ? { codeDescription: { href } } : {}),
      source: diagnosticSource,
      message: finding.message,
      ...(finding.related?.length
        ? { relatedInformation: finding.related.map((r) => ({ location: { uri: session.uri, range: toRange(doc, r.start, r.end) }, message: r.message })) }
        : {}),
      data,
    };
  });
  for (const notice of session.record.notices) {
    if (!surfacedNotices.has(notice.kind)) continue;
    const problem = `The provenance record: ${notice.message}`;
    out.push({ range: toRange(doc, 0, 0), severity: DiagnosticSeverity.Warning, code: recordProblemCode, source: diagnosticSource, message: problem });
  }
  for (const problem of session.problems) {
    out.push({ range: toRange(doc, 0, 0), severity: DiagnosticSeverity.Warning, code: recordProblemCode, source: diagnosticSource, message: problem });
  }
  return out;
}

export function diagnosticsFor(ctx: ServerContext, session: ScriptSession): Diagnostic[] {
  return toDiagnostics(session, analyse(session, ctx.deps).findings);
}

export function usesPull(ctx: ServerContext): boolean {
  return Boolean(ctx.client().textDocument?.diagnostic);
}

export function capabilities(ctx: ServerContext): Partial<ServerCapabilities> {
  return usesPull(ctx) ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {};
}

export function register(ctx: ServerContext): void {
  const { connection, sessions } = ctx;
  sessions.onChange((session, textChanged) => publish(ctx, session.uri, textChanged));
  sessions.onClose((uri) => {
    if (!usesPull(ctx)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });
  connection.languages.diagnostics.on(async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: session ? diagnosticsFor(ctx, session) : [] };
  });
}

/** Pushes a script's diagnostics now, or asks a pulling client to pull again. */
export function publish(ctx: ServerContext, uri: string, textChanged: boolean): void {
  if (usesPull(ctx)) {
    // A pulling client pulls again after each text change by itself.
    if (!textChanged && ctx.client().workspace?.diagnostics?.refreshSupport) tellClient(() => ctx.connection.languages.diagnostics.refresh());
    return;
  }
  const session = ctx.sessions.get(uri);
  if (!session) return;
  const diagnostics = diagnosticsFor(ctx, session);
  tellClient(() => ctx.connection.sendDiagnostics({ uri, version: session.version, diagnostics }));
}
