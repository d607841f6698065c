import * as vscode from 'vscode';
import type { ProvenanceContext } from './context';
import { draftWithAI, rewriteWithAI, type AiCommandArgs } from './aiDraft';
import { markAiAssisted, markHumanWritten, markQuoted, type AttestCommandArgs } from './attest';
import { decorationsSetting } from './decorations';
import { applyFix } from './ownEdits';
import type { ProvenanceView } from './provenanceView';
import { revealPosition } from './provenanceView';
import type { ReportPanel } from './reportPanel';
import type { ExportFormat } from './reportWebview';
import type { ScriptRuns } from './scriptRuns';
import { activeScriptEditor } from './scripts';
import type { ScriptSummaries } from './summaries';
import { setWriter, type WriterArgs } from './writerIdentity';
import { openExample } from './example';
import { recordConsent, type ConsentArgs } from './consent';
import { exportPdf, type ExportPdfArgs } from './exportPdf';
import { attestCoWriter, markFurnished, markPrior, type CoWriterArgs, type FurnishedArgs, type PriorArgs } from './materials';

/** What the commands work with. */
export interface Features {
  ctx: ProvenanceContext;
  summaries: ScriptSummaries;
  runs: ScriptRuns;
  view: ProvenanceView;
  report: ReportPanel;
}

type CommandHandler = (features: Features, ...args: any[]) => unknown;

/** Refreshes the active script's figures right after a command changed its labels. */
async function thenRefresh<T>(features: Features, work: Promise<T>): Promise<T> {
  const result = await work;
  const editor = activeScriptEditor();
  if (editor) await features.summaries.refresh(editor.document.uri);
  return result;
}

/**
 * Every command the extension contributes, by id. (The server's own commands,
 * `fountainProvenance.insertGenerated`, `.attest`, `.report` and `.recordConsent`, are
 * registered by the language client and called through it.)
 */
export const commandTable: Record<string, CommandHandler> = {
  'fountainProvenance.restartServer': ({ ctx }) => ctx.restart(),
  'fountainProvenance.showOutput': ({ ctx }) => ctx.output.show(),
  'fountainProvenance.draftWithAI': (f, args?: AiCommandArgs) => thenRefresh(f, draftWithAI(f.ctx, args)),
  'fountainProvenance.rewriteWithAI': (f, args?: AiCommandArgs) => thenRefresh(f, rewriteWithAI(f.ctx, args)),
  'fountainProvenance.markAiAssisted': (f, args?: AttestCommandArgs) => thenRefresh(f, markAiAssisted(f.ctx, args)),
  'fountainProvenance.markHumanWritten': (f) => thenRefresh(f, markHumanWritten(f.ctx)),
  'fountainProvenance.markQuoted': (f, args?: AttestCommandArgs) => thenRefresh(f, markQuoted(f.ctx, args)),
  'fountainProvenance.markFurnished': (f, args?: FurnishedArgs) => thenRefresh(f, markFurnished(f.ctx, args)),
  'fountainProvenance.markPrior': (f, args?: PriorArgs) => thenRefresh(f, markPrior(f.ctx, args)),
  'fountainProvenance.attestCoWriter': (f, args?: CoWriterArgs) => thenRefresh(f, attestCoWriter(f.ctx, f.summaries, args)),
  'fountainProvenance.toggleDecorations': async () => {
    const config = vscode.workspace.getConfiguration('fountainProvenance');
    const enabled = config.get<boolean>(decorationsSetting, true);
    await config.update(decorationsSetting, !enabled, vscode.ConfigurationTarget.Global);
    return !enabled;
  },
  'fountainProvenance.showReport': ({ report }, uri?: vscode.Uri) => report.show(uri),
  'fountainProvenance.exportReport': ({ report }, format?: ExportFormat, destination?: vscode.Uri) => report.export(format, destination),
  'fountainProvenance.refreshProvenance': async (f) => {
    const editor = activeScriptEditor();
    if (editor) await f.summaries.refresh(editor.document.uri);
    f.view.refresh();
  },
  'fountainProvenance.revealScene': (_f, uri: string, line: number, character: number) => revealPosition(uri, line, character),
  'fountainProvenance.applyFix': (f, uri: string, version: number, edits: Parameters<typeof applyFix>[3]) => thenRefresh(f, applyFix(f.ctx.capture, uri, version, edits)),
  'fountainProvenance.setWriter': (_f, args?: WriterArgs) => setWriter(args),
  'fountainProvenance.openExample': ({ ctx }) => openExample(ctx.extension),
  'fountainProvenance.addConsent': (f, args?: ConsentArgs) => thenRefresh(f, recordConsent(f.ctx, args)),
  'fountainProvenance.exportPdf': (_f, args?: ExportPdfArgs) => exportPdf(args),
};

export function registerCommands(features: Features): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => handler(features, ...args)));
}
