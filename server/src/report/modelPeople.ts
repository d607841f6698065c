/**
 * Report parts: the writers (typed, attested, requested from AI, signed) and the AI
 * insertions and models (inserted, surviving, where and in which scenes).
 */
import type { Script } from '../fountain/types';
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import type { Run } from '../provenance/types';
import { sceneIndexAt } from './modelShares';
import { wordsByRun } from '../disclosure/passages';
import { isUnnamedWriterName, originKey, UNNAMED_WRITER_LABEL } from '../provenance/origin';
import { evidenceOf, placeOf } from './tally';
import type { AiInsertionReport, ModelReport, ShareTable, WriterReport } from './types';
import { textOf } from '../fountain/parser';

/** Every writer the record names, most text first. */
export function writersOf(ledger: Ledger, runs: Run[], verification: Verification | undefined, shares: ShareTable): WriterReport[] {
  const signatures = verification?.signatures ?? [];
  const writerMap = new Map<string, WriterReport>();
  const writer = (name: string, email?: string): WriterReport => {
    let w = writerMap.get(name);
    if (!w) {
      w = { name, typed: 0, attested: 0, aiRequested: 0, share: 0, sessions: 0, signed: false };
      if (email) w.email = email;
      writerMap.set(name, w);
    }
    return w;
  };
  for (const origin of ledger.origins()) {
    if (origin.kind === 'human') {
      const w = writer(origin.writer.name, origin.writer.email);
      if (origin.channel !== 'attestation') {
        w.sessions++;
        if (!w.firstAt || origin.at < w.firstAt) w.firstAt = origin.at;
        if (!w.lastAt || origin.at > w.lastAt) w.lastAt = origin.at;
      }
    } else if (origin.kind === 'ai' && origin.requestedBy) writer(origin.requestedBy.name, origin.requestedBy.email);
  }
  for (const run of runs) {
    const o = run.origin;
    const chars = run.end - run.start;
    if (o.kind === 'human') {
      const w = writer(o.writer.name, o.writer.email);
      if (o.channel === 'attestation') w.attested += chars;
      else w.typed += chars;
    } else if (o.kind === 'ai' && o.requestedBy) writer(o.requestedBy.name).aiRequested += chars;
  }
  for (const sig of signatures) {
    const w = writer(sig.writer.name, sig.writer.email);
    if (sig.valid) w.signed = true;
  }
  return [...writerMap.values()]
    .map((w) => ({ ...w, share: shares.total === 0 ? 0 : (w.typed + w.attested) / shares.total }))
    .sort((a, b) => b.typed + b.attested - (a.typed + a.attested) || a.name.localeCompare(b.name));

}

/** The AI insertions (oldest first) and the models (most text first). */
export function aiOf(
  script: Script,
  ledger: Ledger,
  allRuns: Run[],
  runs: Run[],
  shares: ShareTable,
  /** Words each AI origin's edits inserted, by `originKey` (from the journal). */
  insertedWords?: Map<string, number>,
): { aiInsertions: AiInsertionReport[]; models: ModelReport[] } {
  const lineStarts = script.lineStarts;
  // Surviving words per insertion, over the whole text (survival is not limited to counted text).
  const survivingWords = wordsByRun(textOf(script), allRuns.filter((r) => r.origin.kind === 'ai'));
  const insertionsPerOrigin = new Map<number, number>();
  for (const s of ledger.aiSurvival()) insertionsPerOrigin.set(s.originId, (insertionsPerOrigin.get(s.originId) ?? 0) + 1);
  const sceneAt = (offset: number): number | undefined => sceneIndexAt(script, offset);
  const survival = ledger.aiSurvival();
  const placesByInsertion = new Map<number, { start: number; end: number }[]>();
  for (const run of allRuns) {
    if (run.origin.kind !== 'ai') continue;
    const list = placesByInsertion.get(run.insertionId) ?? [];
    const last = list[list.length - 1];
    if (last && last.end === run.start) last.end = run.end;
    else list.push({ start: run.start, end: run.end });
    placesByInsertion.set(run.insertionId, list);
  }
  const aiInsertions: AiInsertionReport[] = survival
    .map((s) => {
      const ranges = placesByInsertion.get(s.insertionId) ?? [];
      const sceneSet = new Set<number>();
      for (const r of ranges) {
        const a = sceneAt(r.start);
        const b = sceneAt(Math.max(r.start, r.end - 1));
        if (a !== undefined) sceneSet.add(a);
        if (b !== undefined) sceneSet.add(b);
      }
      const o = s.origin;
      const surviving = survivingWords.get(`${s.insertionId}:${s.originId}`) ?? 0;
      // Inserted words: the journal's text when this origin is this insertion's alone; the text
      // itself when all of it survives; otherwise an estimate scaled from the survivors.
      const fromJournal = insertionsPerOrigin.get(s.originId) === 1 ? insertedWords?.get(originKey(o)) : undefined;
      let inserted: number;
      let from: AiInsertionReport['insertedWordsFrom'];
      if (fromJournal !== undefined && fromJournal >= surviving) [inserted, from] = [fromJournal, 'journal'];
      else if (s.surviving >= s.inserted) [inserted, from] = [surviving, 'text'];
      else [inserted, from] = [Math.max(surviving, s.surviving > 0 ? Math.round((surviving * s.inserted) / s.surviving) : Math.round(s.inserted / 6)), 'estimate'];
      const item: AiInsertionReport = {
        insertionId: s.insertionId,
        at: o.at,
        channel: o.channel,
        inserted: s.inserted,
        surviving: s.surviving,
        survivalRatio: s.survivalRatio,
        insertedWords: inserted,
        survivingWords: surviving,
        wordSurvivalRatio: inserted === 0 ? 0 : surviving / inserted,
        insertedWordsFrom: from,
        evidence: evidenceOf(o),
        places: ranges.map((r) => placeOf(lineStarts, r.start, r.end)),
        scenes: [...sceneSet].sort((x, y) => x - y),
      };
      if (o.model) item.model = o.model;
      if (o.tool) item.tool = o.tool;
      if (o.version) item.version = o.version;
      if (o.promptHash) item.promptHash = o.promptHash;
      if (o.requestedBy) item.requestedBy = o.requestedBy.name;
      if (o.assisted) item.assistedBy = assistedName(o.revisedBy ?? o.requestedBy);
      return item;
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.insertionId - b.insertionId);

  return { aiInsertions, models: modelsOf(survival, runs, shares) };
}

/** The models' figures (no journal and no word counting needed): what the summary shows and the report's `models`. */
export function modelsOf(survival: ReturnType<Ledger['aiSurvival']>, runs: Run[], shares: ShareTable): ModelReport[] {
  const modelMap = new Map<string, ModelReport>();
  const model = (id: string): ModelReport => {
    let m = modelMap.get(id);
    if (!m) {
      m = { model: id, tools: [], versions: [], insertions: 0, inserted: 0, surviving: 0, survivalRatio: 0, chars: 0, share: 0, evidence: 'observed' };
      modelMap.set(id, m);
    }
    return m;
  };
  for (const s of survival) {
    const m = model(s.origin.model ?? 'unknown');
    m.insertions++;
    // Text marked AI-assisted is declared shaped by the writer: its survival is no measure of revision.
    if (!s.origin.assisted) {
      m.inserted += s.inserted;
      m.surviving += s.surviving;
    }
    if (s.origin.tool && !m.tools.includes(s.origin.tool)) m.tools.push(s.origin.tool);
    if (s.origin.version && !m.versions.includes(s.origin.version)) m.versions.push(s.origin.version);
    if (evidenceOf(s.origin) === 'declared') m.evidence = 'declared';
  }
  for (const run of runs) {
    if (run.origin.kind === 'ai') model(run.origin.model ?? 'unknown').chars += run.end - run.start;
  }
  return [...modelMap.values()]
    .map((m) => ({
      ...m,
      survivalRatio: m.inserted === 0 ? 0 : m.surviving / m.inserted,
      share: shares.total === 0 ? 0 : m.chars / shares.total,
    }))
    .sort((a, b) => b.chars - a.chars || a.model.localeCompare(b.model));
}

/** Who marked text AI-assisted, for the report: the name, or the unnamed writer's label. */
function assistedName(writer: { name?: string } | undefined): string {
  return writer?.name && !isUnnamedWriterName(writer.name) ? writer.name : UNNAMED_WRITER_LABEL;
}
