/**
 * Builds the credit disclosure report from a parsed script, its ledger, the journal's
 * verification, the project and the rule findings. Pure: no disk, no clock unless `now` is
 * missing.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementType, Script } from '../fountain/types';
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import type { Origin, OriginKind, Run } from '../provenance/types';
import type { Project } from '../disclosure/project';
import type { Finding, Rule } from '../disclosure/types';
import { rules as allRules } from '../disclosure/index';
import { disclosureStatement } from '../disclosure/statement';
import {
  addRange,
  countedRanges,
  countedRuns,
  eachOverlap,
  evidenceOf,
  newCounts,
  placeOf,
  shareTable,
  tally,
} from './tally';
import type { OriginActivity } from './activity';
import { originKey } from '../provenance/origin';
import { contributorOf, digitalSourceTypeOf, digitalSourceTypeUri, whoOf } from './digitalSource';
import type {
  AiInsertionReport,
  AttributionTrace,
  FindingReport,
  GapReport,
  ModelReport,
  Report,
  RuleSummary,
  RunReport,
  SceneClass,
  SceneReport,
  SessionReport,
  VerificationReport,
  WriterReport,
} from './types';
import { REPORT_FORMAT_VERSION } from './types';

export const GENERATOR = { name: 'fountain-provenance', version: '0.1.0' };

/** What a record can and cannot prove, in every report. */
export const LIMITS_TEXT =
  'This record shows what the tracker observed while the script was written: who typed each ' +
  'passage, which passages an AI model produced and how much of them survived revision, and ' +
  'where text arrived from outside. It is tamper-evident, not tamper-proof: a broken chain or ' +
  'a mismatch is detected and reported, but nothing stops a person from retyping model output ' +
  'by hand, and text written while the tracker was not watching can only be labelled unknown. ' +
  'Declared figures rest on a writer\'s or a company\'s word. No figure comes from an AI-detector ' +
  'guess. This report is product guidance, not legal advice.';

export interface ReportInput {
  scriptPath?: string;
  script: Script;
  ledger: Ledger;
  verification?: Verification;
  project: Project;
  findings: Finding[];
  /** Generation time (defaults to the current time). */
  now?: Date;
  /** Rule metadata for the findings (defaults to the engine's rule table). */
  rules?: readonly Pick<Rule, 'code' | 'defaultSeverity' | 'description' | 'basis' | 'source' | 'docPath'>[];
  /** The disclosure statement, when the caller has computed it already. */
  statement?: string;
  /** When each origin was at work (from `journalActivity`), for the session timeline. */
  activity?: OriginActivity[];
}

const DIALOGUE: ReadonlySet<ElementType> = new Set(['character', 'parenthetical', 'dialogue', 'lyrics']);
const ACTION: ReadonlySet<ElementType> = new Set(['action', 'centered', 'scene_heading', 'transition']);
const NOT_COUNTED: ReadonlySet<ElementType> = new Set(['title_page', 'boneyard']);

/** The AI share at or above which a scene is AI-generated (RULES.md default 50%). */
export function generatedLimitOf(project: Project): number {
  const limit = project.thresholds?.aiGeneratedSceneShare;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : 0.5;
}

export function classifyScene(aiShare: number, generatedLimit: number): SceneClass {
  if (aiShare <= 0) return 'human-written';
  return aiShare >= generatedLimit ? 'ai-generated' : 'ai-assisted';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function titleOf(script: Script, scriptPath?: string): string {
  const entry = script.titlePage.find((e) => e.key.toLowerCase() === 'title');
  const value = entry?.value.replace(/\s+/g, ' ').trim();
  if (value) return value;
  if (scriptPath) return scriptPath.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return 'Untitled';
}

const CREDIT_KEYS = new Set(['credit', 'author', 'authors', 'written by', 'source', 'draft date', 'ai disclosure']);

/** Builds the report. Never throws on a well-formed input. */
export function buildReport(input: ReportInput): Report {
  const { script, ledger, verification, project } = input;
  const text = script.text;
  const lineStarts = script.lineStarts;
  const generatedAt = (input.now ?? new Date()).toISOString();
  const generatedLimit = generatedLimitOf(project);
  const ruleTable = input.rules ?? allRules;

  const allRuns: Run[] = ledger.runs();
  const counted = countedRanges(script, project.counting);
  const runs = countedRuns(allRuns, counted);
  const shares = tally(runs, 0, text.length);

  // Dialogue and action, by element.
  const dialogueCounts = newCounts();
  const actionCounts = newCounts();
  const otherCounts = newCounts();
  for (const el of script.elements) {
    if (NOT_COUNTED.has(el.type)) continue;
    const bucket = DIALOGUE.has(el.type) ? dialogueCounts : ACTION.has(el.type) ? actionCounts : otherCounts;
    addRange(bucket, runs, el.start, el.end);
  }

  // Scenes.
  const scenes: SceneReport[] = script.scenes.map((scene) => {
    const table = tally(runs, scene.start, scene.end);
    const writers = new Set<string>();
    const models = new Set<string>();
    eachOverlap(runs, scene.start, scene.end, (run) => {
      if (run.origin.kind === 'human') writers.add(run.origin.writer.name);
      if (run.origin.kind === 'ai') models.add(run.origin.model ?? 'unknown');
    });
    return {
      index: scene.index,
      title: scene.title,
      sceneNumber: scene.sceneNumber,
      place: placeOf(lineStarts, scene.start, scene.end),
      shares: table,
      classification: classifyScene(table.aiShare, generatedLimit),
      writers: [...writers].sort(),
      models: [...models].sort(),
    };
  });

  const sceneAt = (offset: number): number | undefined => {
    let lo = 0;
    let hi = script.scenes.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (script.scenes[mid].start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === undefined) return undefined;
    const s = script.scenes[found];
    return offset < s.end ? s.index : undefined;
  };

  // Writers.
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
  const writers = [...writerMap.values()]
    .map((w) => ({ ...w, share: shares.total === 0 ? 0 : (w.typed + w.attested) / shares.total }))
    .sort((a, b) => b.typed + b.attested - (a.typed + a.attested) || a.name.localeCompare(b.name));

  // AI insertions and models.
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
      const item: AiInsertionReport = {
        insertionId: s.insertionId,
        at: o.at,
        channel: o.channel,
        inserted: s.inserted,
        surviving: s.surviving,
        survivalRatio: s.survivalRatio,
        evidence: evidenceOf(o),
        places: ranges.map((r) => placeOf(lineStarts, r.start, r.end)),
        scenes: [...sceneSet].sort((x, y) => x - y),
      };
      if (o.model) item.model = o.model;
      if (o.tool) item.tool = o.tool;
      if (o.version) item.version = o.version;
      if (o.promptHash) item.promptHash = o.promptHash;
      if (o.requestedBy) item.requestedBy = o.requestedBy.name;
      return item;
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.insertionId - b.insertionId);

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
    m.inserted += s.inserted;
    m.surviving += s.surviving;
    if (s.origin.tool && !m.tools.includes(s.origin.tool)) m.tools.push(s.origin.tool);
    if (s.origin.version && !m.versions.includes(s.origin.version)) m.versions.push(s.origin.version);
    if (evidenceOf(s.origin) === 'declared') m.evidence = 'declared';
  }
  for (const run of runs) {
    if (run.origin.kind === 'ai') model(run.origin.model ?? 'unknown').chars += run.end - run.start;
  }
  const models = [...modelMap.values()]
    .map((m) => ({
      ...m,
      survivalRatio: m.inserted === 0 ? 0 : m.surviving / m.inserted,
      share: shares.total === 0 ? 0 : m.chars / shares.total,
    }))
    .sort((a, b) => b.chars - a.chars || a.model.localeCompare(b.model));

  // Gaps: unknown text in the ledger, then what the journal check found.
  const gaps: GapReport[] = [];
  let pending: { kind: 'external' | 'unattributed'; start: number; end: number } | undefined;
  const flush = (): void => {
    if (!pending) return;
    const chars = pending.end - pending.start;
    const place = placeOf(lineStarts, pending.start, pending.end);
    const where = place.line === place.endLine ? `line ${place.line}` : `lines ${place.line}-${place.endLine}`;
    gaps.push({
      kind: pending.kind,
      evidence: 'unknown',
      place,
      chars,
      message:
        pending.kind === 'external'
          ? `${chars} characters on ${where} changed outside the tracker; nobody has attested them.`
          : `${chars} characters on ${where} arrived with no known origin.`,
    });
    pending = undefined;
  };
  for (const run of allRuns) {
    const kind = run.origin.kind;
    if (kind === 'external' || kind === 'unattributed') {
      if (pending && pending.kind === kind && pending.end === run.start) pending.end = run.end;
      else {
        flush();
        pending = { kind, start: run.start, end: run.end };
      }
    } else flush();
  }
  flush();
  for (const g of verification?.gaps ?? []) {
    if (g.kind === 'external' || g.kind === 'unattributed') continue; // already listed from the ledger
    const gap: GapReport = { kind: g.kind, evidence: 'unknown', message: g.message };
    if (g.event !== undefined) gap.event = g.event;
    if (g.from) gap.from = g.from;
    if (g.to) gap.to = g.to;
    if (g.start !== undefined && g.end !== undefined) gap.place = placeOf(lineStarts, g.start, g.end);
    gaps.push(gap);
  }

  // Findings and rules.
  const meta = new Map(ruleTable.map((r) => [r.code, r]));
  const findings: FindingReport[] = input.findings
    .map((f) => {
      const r = meta.get(f.code);
      const item: FindingReport = {
        code: f.code,
        severity: f.severity,
        message: f.message,
        docs: r?.docPath ?? `docs/rules/${f.code}.md`,
        place: placeOf(lineStarts, Math.max(0, Math.min(f.start, text.length)), Math.max(0, Math.min(f.end, text.length))),
      };
      if (r) {
        item.basis = r.basis;
        item.source = r.source;
        item.description = r.description;
      }
      return item;
    })
    .sort((a, b) => a.place.start - b.place.start || a.code.localeCompare(b.code));
  const ruleSummaries: RuleSummary[] = ruleTable.map((r) => {
    const own = findings.filter((f) => f.code === r.code);
    return {
      code: r.code,
      description: r.description,
      basis: r.basis,
      source: r.source,
      severity: own[0]?.severity ?? r.defaultSeverity,
      findings: own.length,
    };
  });

  const verificationReport = verificationBlock(verification, lineStarts);

  // Sessions on the timeline: each origin's recorded start, running until the next recorded
  // moment (or the end of the journal's time span).
  const sessions = sessionsOf(ledger.origins(), runs, verification?.timeSpan?.to, input.activity);

  // Runs split at element boundaries, with their IPTC digital source type.
  const runReports = runsWithSourceTypes(script, allRuns, lineStarts);

  const statement = input.statement ?? safeStatement(script, ledger, project);

  const report: Report = {
    format: 'fountain-provenance-report',
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt,
    generator: GENERATOR,
    script: {
      title: titleOf(script, input.scriptPath),
      characters: text.length,
      countedCharacters: shares.total,
      scenes: script.scenes.length,
      sha256: sha256(text),
      credits: script.titlePage
        .filter((e) => CREDIT_KEYS.has(e.key.toLowerCase()))
        .map((e) => ({ key: e.key, value: e.value })),
    },
    writers,
    models,
    shares,
    dialogueAndAction: {
      dialogue: shareTable(dialogueCounts),
      action: shareTable(actionCounts),
      other: shareTable(otherCounts),
    },
    scenes,
    aiInsertions,
    gaps,
    findings,
    rules: ruleSummaries,
    verification: verificationReport,
    sessions,
    runs: runReports,
    attribution: attributionOf(text, allRuns, lineStarts, input.scriptPath, generatedAt),
    statement,
    limits: LIMITS_TEXT,
    text,
    generatedLimit,
  };
  if (input.scriptPath) report.script.file = input.scriptPath;
  return report;
}

function safeStatement(script: Script, ledger: Ledger, project: Project): string {
  try {
    return disclosureStatement(script, ledger, project);
  } catch (err) {
    return `No disclosure statement could be computed (${err instanceof Error ? err.message : String(err)}).`;
  }
}

function verificationBlock(v: Verification | undefined, lineStarts: number[]): VerificationReport {
  if (!v) {
    return {
      status: 'no-record',
      chainIntact: false,
      events: 0,
      problems: [],
      signatures: [],
      signedBy: [],
      untracked: [],
      breaks: [],
    };
  }
  const signatures = v.signatures.map((s) => ({ writer: s.writer.name, event: s.event, valid: s.valid, publicKey: s.publicKey }));
  const block: VerificationReport = {
    status: v.status,
    chainIntact: v.chainIntact,
    events: v.events,
    problems: v.problems.map((p) => {
      const out: VerificationReport['problems'][number] = { kind: p.kind, message: p.message };
      if (p.event !== undefined) out.event = p.event;
      if (p.line !== undefined) out.line = p.line;
      return out;
    }),
    signatures,
    signedBy: [...new Set(signatures.filter((s) => s.valid).map((s) => s.writer))].sort(),
    untracked: v.gaps
      .filter((g) => g.kind === 'untracked-period')
      .map((g) => {
        const out: VerificationReport['untracked'][number] = { message: g.message };
        if (g.from) out.from = g.from;
        if (g.to) out.to = g.to;
        return out;
      }),
    breaks: v.gaps
      .filter((g) => g.kind === 'break')
      .map((g) => {
        const out: VerificationReport['breaks'][number] = { message: g.message };
        if (g.event !== undefined) out.event = g.event;
        return out;
      }),
  };
  if (v.timeSpan) block.timeSpan = { from: v.timeSpan.from, to: v.timeSpan.to };
  if (v.firstDivergence) {
    const d = v.firstDivergence;
    block.firstDivergence = { event: d.event, message: d.message };
    if (d.line !== undefined) block.firstDivergence.journalLine = d.line;
    if (d.offset !== undefined) {
      block.firstDivergence.offset = d.offset;
      block.firstDivergence.scriptLine = placeOf(lineStarts, d.offset, d.offset).line;
    }
  }
  return block;
}

function sessionsOf(origins: readonly Origin[], runs: Run[], end: string | undefined, activity?: OriginActivity[]): SessionReport[] {
  const chars = new Map<Origin, number>();
  for (const r of runs) chars.set(r.origin, (chars.get(r.origin) ?? 0) + r.end - r.start);
  const spans = new Map((activity ?? []).map((a) => [a.key, a]));
  const timed = origins.filter((o) => o.at && !Number.isNaN(Date.parse(o.at)) && o.channel !== 'attestation' && o.kind !== 'imported');
  const moments = [...new Set(timed.map((o) => o.at))].sort();
  const last = end && !Number.isNaN(Date.parse(end)) ? end : moments[moments.length - 1];
  const out: SessionReport[] = [];
  for (const o of timed) {
    const span = activity ? spans.get(originKey(o)) : undefined;
    if (activity && !span) continue; // defined but never used by an edit
    let from = o.at;
    let to: string;
    if (span) {
      from = span.from < o.at ? span.from : o.at;
      to = span.to;
    } else {
      // Without the journal's times: until the next recorded moment.
      const i = moments.indexOf(o.at);
      to = o.kind === 'ai' ? o.at : (moments[i + 1] ?? last ?? o.at);
    }
    if (o.kind === 'ai') to = from;
    out.push({ kind: o.kind, who: whoOf(o), from, to: to < from ? from : to, chars: chars.get(o) ?? 0, evidence: evidenceOf(o) });
  }
  return out.sort((a, b) => a.from.localeCompare(b.from) || a.who.localeCompare(b.who));
}

function runsWithSourceTypes(script: Script, runs: Run[], lineStarts: number[]): RunReport[] {
  const elements: Element[] = script.elements.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  // Cut points: element boundaries, so each piece lies in at most one element.
  const out: RunReport[] = [];
  let e = 0;
  for (const run of runs) {
    let start = run.start;
    while (start < run.end) {
      while (e < elements.length && elements[e].end <= start) e++;
      const el = elements[e];
      let end = run.end;
      let neighbours: Set<OriginKind> = new Set();
      if (el && el.start <= start) {
        end = Math.min(run.end, el.end);
        neighbours = kindsIn(runs, el.start, el.end);
      } else if (el) end = Math.min(run.end, el.start);
      const type = digitalSourceTypeOf(run.origin, neighbours);
      const a = placeOf(lineStarts, start, end);
      const item: RunReport = {
        start,
        end,
        line: a.line,
        endLine: a.endLine,
        kind: run.origin.kind,
        evidence: evidenceOf(run.origin),
        contributor: contributorOf(run.origin),
        who: whoOf(run.origin),
        digitalSourceType: type,
        digitalSourceTypeUri: digitalSourceTypeUri(type),
      };
      if (run.origin.kind === 'ai' && run.origin.model) item.model = run.origin.model;
      out.push(item);
      start = end;
    }
  }
  return out;
}

function kindsIn(runs: Run[], start: number, end: number): Set<OriginKind> {
  const kinds = new Set<OriginKind>();
  eachOverlap(runs, start, end, (run) => kinds.add(run.origin.kind));
  return kinds;
}

function attributionOf(text: string, runs: Run[], lineStarts: number[], path: string | undefined, timestamp: string): AttributionTrace {
  const groups = new Map<string, AttributionTrace['files'][number]['conversations'][number]>();
  let prev: { key: string; start: number; end: number } | undefined;
  const pieces: { key: string; start: number; end: number; origin: Origin }[] = [];
  for (const run of runs) {
    const type = contributorOf(run.origin);
    const key = `${type}|${run.origin.kind === 'ai' ? (run.origin.model ?? '') : run.origin.kind === 'human' ? run.origin.writer.name : ''}`;
    if (prev && prev.key === key && prev.end === run.start) {
      prev.end = run.end;
      pieces[pieces.length - 1].end = run.end;
    } else {
      prev = { key, start: run.start, end: run.end };
      pieces.push({ key, start: run.start, end: run.end, origin: run.origin });
    }
  }
  for (const p of pieces) {
    let group = groups.get(p.key);
    if (!group) {
      const type = contributorOf(p.origin);
      const contributor: { type: 'human' | 'ai' | 'unknown'; model_id?: string; name?: string } = { type };
      if (p.origin.kind === 'ai' && p.origin.model) contributor.model_id = p.origin.model;
      if (p.origin.kind === 'human') contributor.name = p.origin.writer.name;
      group = { contributor, ranges: [] };
      groups.set(p.key, group);
    }
    const place = placeOf(lineStarts, p.start, p.end);
    group.ranges.push({
      start_line: place.line,
      end_line: place.endColumn === 1 && place.endLine > place.line ? place.endLine - 1 : place.endLine,
      start_offset: p.start,
      end_offset: p.end,
      content_hash: 'sha256:' + sha256(text.slice(p.start, p.end)),
    });
  }
  const digest = sha256(text);
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return {
    version: '0.1.0',
    id,
    timestamp,
    tool: { name: GENERATOR.name, version: GENERATOR.version },
    files: [{ path: path ? path.replace(/^.*[\\/]/, '') : 'script.fountain', conversations: [...groups.values()] }],
  };
}
