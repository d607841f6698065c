/**
 * What the palette commands "Mark Selection as Furnished Material…", "Mark Selection as Prior
 * Writer's Material…" and "Attest Selection as Written by a Co-writer…" offer: the project
 * file's furnished material, prior writers and co-writers (the lists the quick fixes beside
 * "attest as my own writing" are made from), and the declared origin each choice attests
 * through `fountainProvenance.attest`. The server completes the origin as it does for the quick
 * fixes (channel, time, who declared it). Pure: no `vscode` here.
 */
import type { AttestArgs } from '../../server/src/shared/protocol';
import type { Project } from '../../server/src/disclosure/project';
import { furnishedMaterialName } from '../../server/src/disclosure/materialName';

export type DeclaredOrigin = AttestArgs['origin'];

export type AiOriginAnswer = 'yes' | 'no' | 'unknown';

export interface MaterialChoice {
  label: string;
  description?: string;
  origin: DeclaredOrigin;
}

/** Furnished material: the project's list, each with its AI-origin statement and who disclosed it. */
export function furnishedChoices(project: Pick<Project, 'furnished'>): MaterialChoice[] {
  return project.furnished.map((m) => {
    const material = furnishedMaterialName(m);
    return {
      label: material,
      description: `AI origin: ${m.aiOrigin}${m.disclosedBy ? `, disclosed by ${m.disclosedBy}` : ''}`,
      origin: furnishedOrigin(material, m.aiOrigin, m.disclosedBy),
    };
  });
}

/** Prior writers' drafts the project lists. */
export function priorChoices(project: Pick<Project, 'prior'>): MaterialChoice[] {
  return project.prior.map((p) => ({ label: p.writer, ...(p.title ? { description: p.title } : {}), origin: priorOrigin(p.writer, p.title) }));
}

/** The project's writers other than the one at the keyboard (names compared as a reader would). */
export function coWriterChoices(project: Pick<Project, 'writers'>, me?: string): MaterialChoice[] {
  const same = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
  return project.writers
    .filter((w) => w.name?.trim() && !(me && same(w.name, me)))
    .map((w) => ({ label: w.name, ...(w.email ? { description: w.email } : {}), origin: coWriterOrigin(w.name, w.email) }));
}

export function furnishedOrigin(material: string, aiOrigin: AiOriginAnswer, disclosedBy?: string): DeclaredOrigin {
  return { kind: 'furnished', channel: 'attestation', material: material.trim(), aiOrigin, ...(disclosedBy?.trim() ? { disclosedBy: disclosedBy.trim() } : {}) };
}

export function priorOrigin(writer: string, draft?: string): DeclaredOrigin {
  return { kind: 'prior', channel: 'attestation', writer: { name: writer.trim() }, ...(draft?.trim() ? { material: draft.trim() } : {}) };
}

export function coWriterOrigin(name: string, email?: string): DeclaredOrigin {
  return { kind: 'human', channel: 'attestation', writer: { name: name.trim(), ...(email?.trim() ? { email: email.trim() } : {}) } };
}

/** Whether a typed answer is one of the AI-origin statements (`yes`, `no`, `unknown`). */
export function isAiOriginAnswer(value: unknown): value is AiOriginAnswer {
  return value === 'yes' || value === 'no' || value === 'unknown';
}
