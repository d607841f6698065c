/**
 * Report part: furnished material (handed over by the company) and prior writers' material
 * found in the text, with the furnished material the project file lists. Kept apart in every
 * report: prior material supports a writer's first-writer case (WGA 72.C), furnished AI
 * material is AI-origin text.
 */
import type { Script } from '../fountain/types';
import type { Project } from '../disclosure/project';
import { materialNames } from '../disclosure/rules/wgaAiSourceMaterial';
import type { Run } from '../provenance/types';
import { sceneIndexAt } from './modelShares';
import { evidenceOf, placeOf } from './tally';
import type { MaterialReport } from './types';
import { furnishedMaterialName } from '../disclosure/materialName';

export function materialOf(script: Script, allRuns: Run[], countedRuns: Run[], countedTotal: number, project: Project): MaterialReport[] {
  const byKey = new Map<string, MaterialReport>();
  const entry = (key: string, make: () => MaterialReport): MaterialReport => {
    let m = byKey.get(key);
    if (!m) {
      m = make();
      byKey.set(key, m);
    }
    return m;
  };
  const keyOf = (run: Run): string | undefined => {
    const o = run.origin;
    if (o.kind === 'furnished') return `furnished\u0000${o.material.trim().toLowerCase()}`;
    if (o.kind === 'prior') return `prior\u0000${o.writer?.name ?? ''}\u0000${o.material ?? ''}`;
    return undefined;
  };
  const make = (run: Run) => (): MaterialReport => {
    const o = run.origin;
    if (o.kind === 'furnished') {
      const m: MaterialReport = { kind: 'furnished', name: o.material || 'unnamed', aiOrigin: o.aiOrigin, chars: 0, share: 0, evidence: evidenceOf(o), places: [], scenes: [], listed: false };
      if (o.disclosedBy) m.disclosedBy = o.disclosedBy;
      return m;
    }
    const p = o as Extract<Run['origin'], { kind: 'prior' }>;
    return { kind: 'prior', name: p.material || `${p.writer?.name ?? 'a prior writer'}'s draft`, writer: p.writer?.name ?? 'unnamed', chars: 0, share: 0, evidence: evidenceOf(o), places: [], scenes: [], listed: false };
  };
  for (const run of allRuns) {
    const key = keyOf(run);
    if (!key) continue;
    const m = entry(key, make(run));
    const last = m.places[m.places.length - 1];
    if (last && last.end === run.start) m.places[m.places.length - 1] = placeOf(script.lineStarts, last.start, run.end);
    else m.places.push(placeOf(script.lineStarts, run.start, run.end));
    for (const at of [run.start, Math.max(run.start, run.end - 1)]) {
      const s = sceneIndexAt(script, at);
      if (s !== undefined && !m.scenes.includes(s)) m.scenes.push(s);
    }
  }
  for (const run of countedRuns) {
    const key = keyOf(run);
    if (key) byKey.get(key)!.chars += run.end - run.start;
  }
  // The project's list: mark what it names, and add what it lists but the text does not hold.
  for (const f of project.furnished) {
    const names = materialNames(f).map((n) => n.toLowerCase());
    const found = [...byKey.values()].find((m) => m.kind === 'furnished' && names.includes(m.name.trim().toLowerCase()));
    if (found) {
      found.listed = true;
      if (!found.disclosedBy && f.disclosedBy) found.disclosedBy = f.disclosedBy;
      continue;
    }
    const m: MaterialReport = { kind: 'furnished', name: furnishedMaterialName(f), aiOrigin: f.aiOrigin, chars: 0, share: 0, evidence: 'declared', places: [], scenes: [], listed: true };
    if (f.disclosedBy) m.disclosedBy = f.disclosedBy;
    byKey.set(`listed\u0000${m.name}`, m);
  }
  return [...byKey.values()]
    .map((m) => ({ ...m, share: countedTotal === 0 ? 0 : m.chars / countedTotal, scenes: m.scenes.sort((a, b) => a - b) }))
    .sort((a, b) => (a.kind === b.kind ? b.chars - a.chars || a.name.localeCompare(b.name) : a.kind === 'prior' ? -1 : 1));
}
