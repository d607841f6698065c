/**
 * `analyse()`: the one pipeline every adapter runs. From a script's text, its record and its
 * project it computes the verification, the ledger brought to the text, the rule findings,
 * and (on first use) the figures, the disclosure statement and the report model. The command
 * line, the language server and, through the server, the VS Code client all read their
 * figures from it, so they agree. Pure: no disk (see load.ts for reading files), no clock
 * unless `now` is missing. Never throws on any input.
 */
import { parse, textOf } from '../fountain/parser';
import type { Script } from '../fountain/types';
import { Ledger } from '../provenance/ledger';
import { reconcile } from '../provenance/reconcile';
import type { RecordNotice } from '../provenance/record';
import type { Writer } from '../provenance/types';
import { verifyJournal, type Verification } from '../provenance/verify';
import { runRules } from '../disclosure/index';
import type { Finding, RuleContext, Severity } from '../disclosure/types';
import type { Project, ProjectProblem } from '../disclosure/project';
import { buildReport, generatedLimitOf } from '../report/model';
import { countedRanges, countedRuns, tally } from '../report/tally';
import { modelsOf, writersOf } from '../report/modelPeople';
import { gapsOf } from '../report/modelGaps';
import { verificationBlock } from '../report/modelVerification';
import { dialogueAndActionOf, scenesOf } from '../report/modelShares';
import { disclosureStatement } from '../disclosure/statement';
import type { ModelReport, Report, SceneReport, ShareTable, VerificationReport, WriterReport, GapReport } from '../report/types';
import type { ProjectInput } from './load';

/**
 * The record of a script, in one of three forms:
 * - `none`: there is no journal; every character is of unknown origin (`imported`).
 * - `journal`: the sidecar's bytes; verified against the text and replayed here.
 * - `live`: a record an adapter keeps open (the language server): its ledger, already in step
 *   with the text, and the verification the adapter last computed, passed through as it is.
 */
export type RecordInput =
  | { kind: 'none' }
  | { kind: 'journal'; bytes: Uint8Array | string }
  | {
      kind: 'live';
      ledger: Ledger;
      verification?: Verification;
      notices?: readonly RecordNotice[];
      /** The journal as it stands, read only when the report's session timeline is built. */
      journal?: () => Uint8Array | string | undefined;
    };

export interface AnalyseOptions {
  /** The script's path as it should appear in the report (title fallback, attribution). */
  scriptPath?: string;
  /** Rule code -> severity, over the project's (the editor's `fountainProvenance.severity`). */
  severities?: Record<string, Severity>;
  /** The time the analysis is for (default: now). */
  now?: Date;
  /** The writer at the keyboard, named in attestation fixes. */
  writer?: Writer;
  /**
   * The text already parsed (the language server re-parses incrementally); must be `parse(text)`.
   * With it, `text` may be left out: the script's own text is used, and joined into one string
   * only where a whole text is needed (not on the language server's keystroke path).
   */
  script?: Script;
  /** The rule runner (default: the engine's `runRules` over every rule); tests inject their own. */
  runRules?: (ctx: RuleContext, severities?: Record<string, Severity>) => { findings: Finding[]; internal: { code: string; message: string }[] };
}

export interface AnalyseInput {
  /** The script's text as the adapter has it (the editor's buffer, the submitted file); may be left out when `options.script` is given. */
  text?: string;
  record: RecordInput;
  project: ProjectInput;
  options?: AnalyseOptions;
}

/** The figures every adapter shows: the report's own, computed once. */
export interface Figures {
  /** The counted text's shares (title page and boneyard left out unless the project counts them). */
  shares: ShareTable;
  dialogueAndAction: Report['dialogueAndAction'];
  scenes: SceneReport[];
  writers: WriterReport[];
  models: ModelReport[];
  gaps: GapReport[];
  verification: VerificationReport;
  statement: string;
}

/** Everything the adapters show about one script at one moment. */
export interface Analysis {
  readonly text: string;
  readonly script: Script;
  /** The record's ledger brought to `text` (changes it did not see are `external`). */
  readonly ledger: Ledger;
  /** False when there is no record (`record.kind === 'none'`). */
  readonly hasRecord: boolean;
  /** The journal's verification, passed through unchanged; undefined without a record. */
  readonly verification?: Verification;
  readonly project: Project;
  readonly projectPath?: string;
  readonly projectProblems: ProjectProblem[];
  readonly notices: readonly RecordNotice[];
  /** The rule findings, with the project's and the caller's severities applied. */
  readonly findings: Finding[];
  /** Rules that threw (one entry each); they never stop the others. */
  readonly internal: { code: string; message: string }[];
  readonly now: Date;
  /** Shares by script, scene, writer and model; verification in the report's words; statement. Computed on first use. */
  readonly figures: Figures;
  /** The disclosure statement the record supports now. Computed on first use. */
  readonly statement: string;
  /** The credit disclosure report model (schemas/report.schema.json). Computed on first use. */
  readonly report: Report;
}

function importedLedger(text: string, at: string, source?: string): Ledger {
  return Ledger.create(text, { kind: 'imported', channel: 'import', at, ...(source ? { source } : {}) });
}

/** The record's ledger and verification for the script's text. */
function recordState(script: Script, record: RecordInput, now: Date): { ledger: Ledger; verification?: Verification; notices: readonly RecordNotice[] } {
  switch (record.kind) {
    case 'journal': {
      const text = script.text;
      const verification = verifyJournal(typeof record.bytes === 'string' ? record.bytes : Buffer.from(record.bytes.buffer, record.bytes.byteOffset, record.bytes.byteLength), text);
      let ledger = verification.ledger ?? importedLedger('', now.toISOString());
      if (ledger.text !== text) {
        ledger = ledger.clone();
        reconcile(ledger, text, { kind: 'external', channel: 'reconcile', at: verification.timeSpan?.to ?? now.toISOString(), note: 'differs from the journal' });
      }
      return { ledger, verification, notices: [] };
    }
    case 'live': {
      let ledger = record.ledger;
      // The adapter keeps its record in step with its text; comparing lengths is enough here.
      if (ledger.length !== textOf(script).length) {
        const text = script.text;
        // The adapter's record should be in step with its text; if not, nothing is assumed.
        ledger = ledger.clone();
        reconcile(ledger, text, { kind: 'external', channel: 'reconcile', at: now.toISOString(), note: 'differs from the record' });
      }
      return { ledger, verification: record.verification, notices: record.notices ?? [] };
    }
    default:
      return { ledger: importedLedger(script.text, now.toISOString(), 'no provenance record'), notices: [] };
  }
}

/** Analyses one script. Never throws: a rule that fails is listed in `internal`. */
export function analyse(input: AnalyseInput): Analysis {
  const options = input.options ?? {};
  const now = options.now ?? new Date();
  const given = options.script;
  const script = given && (input.text === undefined || given.text === input.text) ? given : parse(input.text ?? '');
  let state: ReturnType<typeof recordState>;
  try {
    state = recordState(script, input.record, now);
  } catch (err) {
    // A bug in replay must not cost the writer their diagnostics: analyse as unrecorded.
    state = { ledger: importedLedger(script.text, now.toISOString(), `the record could not be read: ${err instanceof Error ? err.message : String(err)}`), notices: [] };
  }
  const { ledger, verification, notices } = state;
  const { project, path: projectPath, problems: projectProblems } = input.project;
  const ctx: RuleContext = {
    script,
    ledger,
    project,
    now,
    ...(verification ? { verification } : {}),
    ...(notices.length > 0 ? { notices: [...notices] } : {}),
    ...(options.writer ? { writer: options.writer } : {}),
    ...(projectProblems.length > 0 ? { projectProblems } : {}),
    ...(projectPath ? { projectPath } : {}),
  };
  let findings: Finding[] = [];
  let internal: { code: string; message: string }[] = [];
  try {
    const run = (options.runRules ?? runRules)(ctx, options.severities);
    findings = run.findings;
    internal = run.internal;
  } catch (err) {
    internal = [{ code: '*', message: err instanceof Error ? err.message : String(err) }];
  }

  let report: Report | undefined;
  let figures: Figures | undefined;
  const buildTheReport = (): Report => {
    if (report) return report;
    // The journal gives the report its session timeline, the words each AI insertion put in and what was sent to AI vendors.
    let journal: string | Buffer | undefined;
    if (input.record.kind === 'journal') journal = typeof input.record.bytes === 'string' ? input.record.bytes : Buffer.from(input.record.bytes.buffer, input.record.bytes.byteOffset, input.record.bytes.byteLength);
    else if (input.record.kind === 'live' && input.record.journal) {
      try {
        const read = input.record.journal();
        if (read !== undefined) journal = typeof read === 'string' ? read : Buffer.from(read.buffer, read.byteOffset, read.byteLength);
      } catch {
        // no timeline is better than no report
      }
    }
    report = buildReport({
      ...(options.scriptPath ? { scriptPath: options.scriptPath } : {}),
      script,
      ledger,
      verification,
      project,
      findings,
      now,
      ...(figures ? { statement: figures.statement } : {}),
      // buildReport reads the session timeline, words and egress from the journal itself.
      ...(journal !== undefined ? { journal } : {}),
    });
    return report;
  };
  const figuresOf = (): Figures => {
    if (figures) return figures;
    // Without a report yet, only the parts the figures need: no journal reading, no word
    // counting, no findings table (the summary and the code lens ask for these after edits).
    if (!report) return (figures = figuresFromParts(script, ledger, verification, project));
    const r = report;
    figures = {
      shares: r.shares,
      dialogueAndAction: r.dialogueAndAction,
      scenes: r.scenes,
      writers: r.writers,
      models: r.models,
      gaps: r.gaps,
      verification: r.verification,
      statement: r.statement,
    };
    return figures;
  };

  return {
    get text() {
      return script.text;
    },
    script,
    ledger,
    hasRecord: input.record.kind !== 'none',
    ...(verification ? { verification } : {}),
    project,
    ...(projectPath ? { projectPath } : {}),
    projectProblems,
    notices,
    findings,
    internal,
    now,
    get figures() {
      return figuresOf();
    },
    get statement() {
      return figuresOf().statement;
    },
    get report() {
      return buildTheReport();
    },
  };
}

/**
 * The figures as `buildReport` computes them, from the same parts (report/model*.ts) but only
 * those the figures show; test/engine/figures.test.ts holds them equal to the report's.
 */
export function figuresFromParts(script: Script, ledger: Ledger, verification: Verification | undefined, project: Project): Figures {
  const text = textOf(script);
  const allRuns = ledger.runs();
  const runs = countedRuns(allRuns, countedRanges(script, project.counting));
  const shares = tally(runs, 0, text.length);
  let statement: string;
  try {
    statement = disclosureStatement(script, ledger, project);
  } catch (err) {
    statement = `No disclosure statement could be computed (${err instanceof Error ? err.message : String(err)}).`;
  }
  return {
    shares,
    dialogueAndAction: dialogueAndActionOf(script, runs),
    scenes: scenesOf(script, runs, generatedLimitOf(project)),
    writers: writersOf(ledger, runs, verification, shares),
    models: modelsOf(ledger.aiSurvival(), runs, shares),
    gaps: gapsOf(allRuns, verification, script.lineStarts),
    verification: verificationBlock(verification, script.lineStarts, { project, ledger }),
    statement,
  };
}
