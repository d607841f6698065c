/**
 * Report part: every replica and synthetic performer the script calls for, with its consent
 * or notice, the scenes, and the scenes per replicated performer (for compensation talks).
 */
import type { Script } from '../fountain/types';
import type { Project } from '../disclosure/project';
import { checkReplica, hasFlag, likenessNotes, replicaChecks, sameName } from '../disclosure/likeness';
import { placeOf } from './tally';
import { sceneIndexAt } from './modelShares';
import type { LikenessItemReport, LikenessReport } from './types';

export function likenessOf(script: Script, project: Project, now: Date): LikenessReport {
  const items: LikenessItemReport[] = [];
  // The rules' own checks (sag.replica-consent, sag.replica-rewritten): one consent matching per analysis.
  const checks = new Map(replicaChecks(script, project, now).map((c) => [c.note.start, c]));
  for (const note of likenessNotes(script)) {
    const scene = sceneIndexAt(script, note.start);
    const base = { place: placeOf(script.lineStarts, note.start, note.end), scenes: scene === undefined ? [] : [scene] };
    if (note.kind === 'replica') {
      const c = checks.get(note.start) ?? checkReplica(note, project, script, now);
      const item: LikenessItemReport = { kind: 'replica', subject: c.performer, deceased: c.deceased, minor: c.minor, status: c.problem ? (note.fields.consent ? 'problem' : 'missing') : 'consented', ...base };
      if (c.type) item.type = c.type;
      if (note.fields.use) item.use = note.fields.use.trim();
      if (note.fields.character) item.character = note.fields.character.trim();
      if (note.fields.consent) item.reference = note.fields.consent.trim();
      if (c.problem) item.problem = `This note ${c.problem}.`;
      if (c.consent) {
        const k = c.consent;
        item.consent = { id: k.id, scene: c.scene };
        if (k.grantor || k.grantedBy) item.consent.grantedBy = k.grantor ? `${k.grantor}${k.grantedBy ? ` (${k.grantedBy})` : ''}` : k.grantedBy;
        if (k.representation) item.consent.representation = k.representation;
        if (k.description) item.consent.description = k.description;
        if (k.from) item.consent.from = k.from;
        if (k.to) item.consent.to = k.to;
        if (k.sceneHash) item.consent.sceneHash = k.sceneHash;
      }
      items.push(item);
    } else {
      const ref = note.fields.notice?.trim();
      const notice = ref ? project.syntheticPerformers.find((s) => s.notice.trim().toLowerCase() === ref.toLowerCase() && sameName(s.character, note.subject)) : undefined;
      const item: LikenessItemReport = { kind: 'synthetic-performer', subject: note.subject, deceased: false, minor: hasFlag(note, 'minor'), status: notice ? 'consented' : ref ? 'problem' : 'missing', ...base };
      if (ref) item.reference = ref;
      if (note.fields['based on']) item.basedOn = note.fields['based on'].trim();
      if (!notice) item.problem = ref ? `Notice "${ref}" is not recorded for ${note.subject}.` : `No notice to the union is cited for ${note.subject}.`;
      items.push(item);
    }
  }
  const perPerformer = new Map<string, { performer: string; scenes: Set<number> }>();
  for (const item of items) {
    if (item.kind !== 'replica' || !item.subject) continue;
    const key = item.subject.replace(/\s+/g, ' ').trim().toLowerCase();
    const e = perPerformer.get(key) ?? { performer: item.subject, scenes: new Set<number>() };
    for (const s of item.scenes) e.scenes.add(s);
    perPerformer.set(key, e);
  }
  const scenesPerReplica = [...perPerformer.values()]
    .map((e) => ({ performer: e.performer, scenes: [...e.scenes].sort((a, b) => a - b), count: e.scenes.size }))
    .sort((a, b) => b.count - a.count || a.performer.localeCompare(b.performer));
  return { items, scenesPerReplica };
}
