/**
 * What the palette commands "Mark Selection as Furnished Material…", "Mark Selection as Prior
 * Writer's Material…" and "Attest Selection as Written by a Co-writer…" offer: the project
 * file's furnished material, prior writers and co-writers (the lists the quick fixes beside
 * "attest as my own writing" are made from), and the declared origin each choice attests
 * through `fountainProvenance.attest`. The server completes the origin as it does for the quick
 * fixes (channel, time, who declared it). Pure: no `vscode` here.
 */
import type { AttestArgs } from '../../server/src/shared/protocol';

/** The parts of the project file (`.fountain-provenance.json`) the commands offer. */
export interface ProjectLists {
  writers: Array<{ name: string; email?: string }>;
  furnished: Array<{ id?: string; title?: string; file?: string; description?: string; aiOrigin: AiOriginAnswer; disclosedBy?: string }>;
  prior: Array<{ writer: string; title?: string }>;
}

/**
 * The lists from the project file's text; anything malformed is left out (the server validates
 * the file and reports its problems; the client only offers names to pick from).
 */
export function readProjectLists(text: string | undefined): ProjectLists {
  const out: ProjectLists = { writers: [], furnished: [], prior: [] };
  let raw: unknown;
  try {
    raw = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return out;
  }
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
  const list = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);
  for (const w of list(r.writers)) {
    const name = str(w.name);
    if (name) out.writers.push({ name, ...(str(w.email) ? { email: str(w.email) } : {}) });
  }
  for (const f of list(r.furnished)) {
    if (!isAiOriginAnswer(f.aiOrigin)) continue;
    const m: ProjectLists['furnished'][number] = { aiOrigin: f.aiOrigin };
    for (const k of ['id', 'title', 'file', 'description', 'disclosedBy'] as const) if (str(f[k])) m[k] = str(f[k]);
    out.furnished.push(m);
  }
  for (const p of list(r.prior)) {
    const writer = str(p.writer);
    if (writer) out.prior.push({ writer, ...(str(p.title) ? { title: str(p.title) } : {}) });
  }
  return out;
}

/**
 * The name a furnished material is recorded under: its title, else its file, description or id
 * (the rule of server/src/disclosure/materialName.ts, which the quick fixes and the report use;
 * a test holds the two equal; the client imports nothing from the engine).
 */
export function furnishedMaterialName(m: { id?: string; title?: string; file?: string; description?: string }): string {
  return m.title ?? m.file ?? m.description ?? m.id ?? 'furnished material';
}

export type DeclaredOrigin = AttestArgs['origin'];

export type AiOriginAnswer = 'yes' | 'no' | 'unknown';

export interface MaterialChoice {
  label: string;
  description?: string;
  origin: DeclaredOrigin;
}

/** Furnished material: the project's list, each with its AI-origin statement and who disclosed it. */
export function furnishedChoices(project: Pick<ProjectLists, 'furnished'>): MaterialChoice[] {
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
export function priorChoices(project: Pick<ProjectLists, 'prior'>): MaterialChoice[] {
  return project.prior.map((p) => ({ label: p.writer, ...(p.title ? { description: p.title } : {}), origin: priorOrigin(p.writer, p.title) }));
}

/** The project's writers other than the one at the keyboard (names compared as a reader would). */
export function coWriterChoices(project: Pick<ProjectLists, 'writers'>, me?: string): MaterialChoice[] {
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
