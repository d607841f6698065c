// Builders for disclosure tests: a script as labelled segments, a ledger that records them,
// and a rule context over both.
import { parse } from '../../server/src/fountain/parser';
import type { TextEdit } from '../../server/src/fountain/types';
import { Ledger } from '../../server/src/provenance/ledger';
import type { AiOrigin, Origin, Writer } from '../../server/src/provenance/types';
import { defaultProject, type Project } from '../../server/src/disclosure/project';
import type { Finding, Fix, RuleContext } from '../../server/src/disclosure/types';

export const MARA: Writer = { name: 'Mara Okafor' };
export const DEV: Writer = { name: 'Dev Lindqvist' };
export const NOW = new Date('2026-03-10T12:00:00Z');

export const human = (writer: Writer = MARA, at = '2026-03-01T09:00:00Z'): Origin => ({ kind: 'human', channel: 'typing', writer, at });
/** An AI origin; pass null for a model or tool that was not recorded. */
export const ai = (model: string | null = 'gpt-4o', tool: string | null = 'vscode-lm', at = '2026-03-02T10:00:00Z'): AiOrigin => ({
  kind: 'ai',
  channel: 'ai-command',
  at,
  requestedBy: MARA,
  ...(model ? { model } : {}),
  ...(tool ? { tool } : {}),
});
export const pasted = (): Origin => ({ kind: 'pasted', channel: 'paste', at: '2026-03-03T10:00:00Z', by: MARA });
export const unattributed = (): Origin => ({ kind: 'unattributed', channel: 'typing', at: '2026-03-03T11:00:00Z' });
export const external = (): Origin => ({ kind: 'external', channel: 'reconcile', at: '2026-03-04T08:00:00Z' });
export const imported = (): Origin => ({ kind: 'imported', channel: 'import', at: '2026-02-01T08:00:00Z' });

/** Text and a ledger built by appending each segment with its origin, in order. */
export function record(segments: Array<[string, Origin]>): { text: string; ledger: Ledger } {
  const ledger = Ledger.create('', imported());
  for (const [text, origin] of segments) ledger.applyEdit({ offset: ledger.length, deleteLength: 0, insertText: text, origin });
  return { text: ledger.text, ledger };
}

export function project(overrides: Partial<Project> = {}): Project {
  return { ...defaultProject(), ...overrides };
}

export function context(text: string, ledger: Ledger, proj: Project = project(), extra: Partial<RuleContext> = {}): RuleContext {
  return { script: parse(text), ledger, project: proj, now: NOW, writer: MARA, ...extra };
}

/** Applies edits (each against the text before any of them) from the last offset backwards. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.insertText + out.slice(e.offset + e.deleteLength);
  return out;
}

/**
 * Applies a fix the way the server does: a relabel goes to the ledger as an attestation,
 * an edit changes the text and records the inserted text as the writer's.
 */
export function applyFix(ctx: RuleContext, fix: Fix): RuleContext {
  const ledger = ctx.ledger.clone();
  if (fix.kind === 'relabel') {
    ledger.relabel(fix.start, fix.end, fix.origin);
    return { ...ctx, ledger };
  }
  for (const e of [...fix.edits].sort((a, b) => b.offset - a.offset)) ledger.applyEdit({ ...e, origin: { kind: 'human', channel: 'typing', writer: MARA, at: NOW.toISOString() } });
  const text = applyTextEdits(ctx.script.text, fix.edits);
  return { ...ctx, ledger, script: parse(text) };
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** A small screenplay: title page, two scenes. */
export const TITLE = 'Title: The Night Shift\nCredit: Written by\nAuthor: Mara Okafor\n\n';
export const SCENE1 = 'INT. DINER - NIGHT\n\nMara wipes the counter.\n\n';
export const SCENE2 = 'EXT. PARKING LOT - NIGHT\n\nRain on the neon sign.\n';
