/**
 * Builds the credit disclosure report from a parsed script, its ledger, the journal's
 * verification, the project and the rule findings. Pure: no disk, no clock unless `now` is
 * missing. Each part of the report is built in its own file: modelShares.ts (dialogue,
 * action, scenes), modelPeople.ts (writers, AI insertions, models), modelGaps.ts,
 * modelFindings.ts, modelVerification.ts, modelRuns.ts (sessions, runs, attribution).
 */
import type { Script } from '../fountain/types';
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import type { Run } from '../provenance/types';
import type { Project } from '../disclosure/project';
import type { Finding } from '../disclosure/types';
import { rules as allRules } from '../disclosure/index';
import { disclosureStatement, NOT_CREDIT } from '../disclosure/statement';
import { countedRanges, countedRuns, tally } from './tally';
import { journalActivity, journalEgress, journalInsertedWords, type EgressSend, type OriginActivity } from './activity';
import { materialOf } from './modelMaterial';
import { likenessOf } from './modelLikeness';
import { egressOf } from './modelEgress';
import { findingsOf, type RuleMeta } from './modelFindings';
import { gapsOf } from './modelGaps';
import { aiOf, writersOf } from './modelPeople';
import { attributionOf, runsWithSourceTypes, sessionsOf, sha256 } from './modelRuns';
import { dialogueAndActionOf, generatedLimitOf, scenesOf } from './modelShares';
import { verificationBlock } from './modelVerification';
import type { Report } from './types';
import { REPORT_FORMAT_VERSION } from './types';

import { VERIFIED_MEANS } from './validation';
export { classifyScene, generatedLimitOf } from './modelShares';

export const GENERATOR = { name: 'fountain-provenance', version: '0.1.0' };

/** What a record can and cannot prove, in every report. */
export const LIMITS_TEXT =
  VERIFIED_MEANS +
  ' ' +
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
  rules?: readonly RuleMeta[];
  /** The disclosure statement, when the caller has computed it already. */
  statement?: string;
  /** When each origin was at work (from `journalActivity`), for the session timeline. */
  activity?: OriginActivity[];
  /**
   * The journal's text: gives the session timeline (when `activity` is not given), the words
   * each AI insertion put in, and what was sent to AI vendors (`egress` events).
   */
  journal?: string | Buffer;
  /** What was sent to AI vendors, when the caller read it already (otherwise from `journal`). */
  egress?: EgressSend[];
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

  const writers = writersOf(ledger, runs, verification, shares);
  const { aiInsertions, models } = aiOf(script, ledger, allRuns, runs, shares, input.journal ? journalInsertedWords(input.journal) : undefined);
  const gaps = gapsOf(allRuns, verification, lineStarts);
  const { findings, rules: ruleSummaries } = findingsOf(input.findings, ruleTable, text, lineStarts);
  const verificationReport = verificationBlock(verification, lineStarts, { project, ledger });

  // Sessions on the timeline: each origin's recorded start, running until the next recorded
  // moment (or the end of the journal's time span).
  const activity = input.activity ?? (input.journal ? journalActivity(input.journal) : undefined);
  const sessions = sessionsOf(ledger.origins(), runs, verification?.timeSpan?.to, activity);

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
    dialogueAndAction: dialogueAndActionOf(script, runs),
    scenes: scenesOf(script, runs, generatedLimit),
    aiInsertions,
    gaps,
    findings,
    rules: ruleSummaries,
    verification: verificationReport,
    sessions,
    runs: runReports,
    attribution: attributionOf(text, allRuns, lineStarts, input.scriptPath, generatedAt, GENERATOR),
    statement,
    creditNote: NOT_CREDIT,
    coverage: { policy: project.policy, wga: project.coverage?.wga ?? null, sag: project.coverage?.sag ?? null },
    material: materialOf(script, allRuns, runs, shares.total, project),
    likeness: likenessOf(script, project, input.now ?? new Date()),
    egress: egressOf(input.egress ?? (input.journal ? journalEgress(input.journal) : undefined)),
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
