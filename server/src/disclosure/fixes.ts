/** Relabel fixes shared by the rules: attest as the writer's own, mark as AI, mark as quoted. */
import type { AiOrigin, Origin, Writer } from '../provenance/types';
import type { Fix, RuleContext } from './types';
import { modelLabel } from './shares';
import { furnishedMaterialName } from './materialName';
import { isUnnamedWriterName } from '../provenance/origin';

/** The writer named in attestations: the one at the keyboard, else the project's first. */
export function attestingWriter(ctx: RuleContext): Writer | undefined {
  return ctx.writer ?? ctx.project.writers[0];
}

/** Tool and model pairs a writer can pick from: those in the record, then the project's allowed models. */
export function knownModels(ctx: RuleContext): Array<{ tool?: string; model: string }> {
  const seen = new Set<string>();
  const out: Array<{ tool?: string; model: string }> = [];
  const add = (tool: string | undefined, model: string): void => {
    const key = `${tool ?? ''}\u0000${model}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(tool === undefined ? { model } : { tool, model });
  };
  for (const o of ctx.ledger.origins()) if (o.kind === 'ai' && o.model) add(o.tool, o.model);
  const tools = (ctx.project.allowedTools ?? []).filter((t) => !t.includes('*'));
  for (const m of ctx.project.allowedModels ?? []) if (!m.includes('*')) add(tools.length === 1 ? tools[0] : undefined, m);
  return out;
}

/** "Attest as my own writing (Mara Okafor)"; before the writer set a name, no name is shown. */
function ownWritingTitle(writer: Writer): string {
  return isUnnamedWriterName(writer.name) ? 'Attest as my own writing (your name is not set yet)' : `Attest as my own writing (${writer.name})`;
}

function attestHuman(writer: Writer, at: string): Origin {
  return { kind: 'human', channel: 'attestation', writer, at };
}

/** The three ways to attribute a run of unknown origin. `at` of an AI label keeps the text's own time. */
export function attributionFixes(ctx: RuleContext, start: number, end: number, textAt: string): Fix[] {
  const now = ctx.now.toISOString();
  const writer = attestingWriter(ctx);
  const fixes: Fix[] = [];
  if (writer) fixes.push({ title: ownWritingTitle(writer), kind: 'relabel', start, end, origin: attestHuman(writer, now) });
  const models = knownModels(ctx);
  for (const m of models) {
    const origin: AiOrigin = { kind: 'ai', channel: 'attestation', at: textAt, model: m.model, ...(m.tool ? { tool: m.tool } : {}), ...(writer ? { requestedBy: writer } : {}) };
    fixes.push({ title: `Mark as AI: ${modelLabel(origin)}`, kind: 'relabel', start, end, origin });
  }
  if (models.length === 0) {
    const origin: AiOrigin = { kind: 'ai', channel: 'attestation', at: textAt, ...(writer ? { requestedBy: writer } : {}) };
    fixes.push({ title: 'Mark as AI (model not recorded)', kind: 'relabel', start, end, origin });
  }
  fixes.push({ title: 'Mark as quoted research', kind: 'relabel', start, end, origin: { kind: 'quoted', channel: 'attestation', at: now, ...(writer ? { by: writer } : {}) } });
  fixes.push(...materialFixes(ctx, start, end));
  return fixes;
}

/**
 * Declarations beside "attest as my own writing": a named co-writer's passage (declared by the
 * writer at the keyboard), material the company furnished, and a prior writer's draft (WGA
 * 72.C: the first-writer case rests on them). Offered from the project file's lists.
 */
export function materialFixes(ctx: RuleContext, start: number, end: number): Fix[] {
  const now = ctx.now.toISOString();
  const writer = attestingWriter(ctx);
  const fixes: Fix[] = [];
  for (const w of ctx.project.writers) {
    if (writer && w.name === writer.name) continue;
    fixes.push({ title: `Attest as written by co-writer ${w.name}`, kind: 'relabel', start, end, origin: { kind: 'human', channel: 'attestation', at: now, writer: w, ...(writer ? { declaredBy: writer } : {}) } });
  }
  for (const m of ctx.project.furnished) {
    const material = furnishedMaterialName(m);
    fixes.push({
      title: `Mark as furnished material: ${material} (AI origin: ${m.aiOrigin})`,
      kind: 'relabel',
      start,
      end,
      origin: { kind: 'furnished', channel: 'attestation', at: now, material, aiOrigin: m.aiOrigin, ...(m.disclosedBy ? { disclosedBy: m.disclosedBy } : {}) },
    });
  }
  for (const p of ctx.project.prior) {
    fixes.push({
      title: `Mark as a prior writer's draft: ${p.writer}${p.title ? ` (${p.title})` : ''}`,
      kind: 'relabel',
      start,
      end,
      origin: { kind: 'prior', channel: 'attestation', at: now, writer: { name: p.writer }, ...(p.title ? { material: p.title } : {}), ...(writer ? { by: writer } : {}) },
    });
  }
  return fixes;
}

/** Attest a range as the writer's own writing, if a writer is known, or as a co-writer's, furnished or prior material. */
export function attestFix(ctx: RuleContext, start: number, end: number): Fix[] {
  const writer = attestingWriter(ctx);
  const own: Fix[] = writer ? [{ title: ownWritingTitle(writer), kind: 'relabel', start, end, origin: attestHuman(writer, ctx.now.toISOString()) }] : [];
  return [...own, ...materialFixes(ctx, start, end)];
}
