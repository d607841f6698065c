/**
 * The credit disclosure report: everything a showrunner, a guild or a studio reads about one
 * script's record, as plain data. The renderers (Markdown, HTML, JSON, SARIF) only format it.
 * Offsets are UTF-16 code units into the script text; lines and columns are 1-based.
 */
import type { OriginKind, VerificationStatus } from '../provenance/types';

/** Version of the report's JSON shape (schemas/report.schema.json). */
export const REPORT_FORMAT_VERSION = '1.0';

/**
 * How a figure is known. `observed`: recorded as it happened (typing, an AI command, a paste).
 * `declared`: a writer's or a company's statement after the fact (attestation, quoted research,
 * furnished material). `unknown`: nobody saw where it came from (external edits, unattributed
 * insertions, text present when tracking began).
 */
export type Evidence = 'observed' | 'declared' | 'unknown';

/** Scene classes from RULES.md. */
export type SceneClass = 'human-written' | 'ai-assisted' | 'ai-generated';

/** Short IPTC digital source type codes, plus C2PA's `empty` for an unknown source. */
export type DigitalSourceType =
  | 'digitalCreation'
  | 'trainedAlgorithmicMedia'
  | 'compositeWithTrainedAlgorithmicMedia'
  | 'humanEdits'
  | 'empty';

/** One labelled figure: characters of one origin kind known one way. */
export interface ShareRow {
  kind: OriginKind;
  evidence: Evidence;
  chars: number;
  /** chars / the table's total (0 when the total is 0). */
  share: number;
}

/** Characters of a stretch of counted text, by origin kind and by how they are known. */
export interface ShareTable {
  /** Counted characters (title page and boneyard excluded). */
  total: number;
  /** Non-empty rows only, in a stable order. */
  rows: ShareRow[];
  byKind: Record<OriginKind, number>;
  byEvidence: Record<Evidence, number>;
  /** AI characters over the total. */
  aiShare: number;
  /** Characters written by a named writer (typed or attested) over the total. */
  humanShare: number;
  /** Characters of unknown origin over the total. */
  unknownShare: number;
}

export interface WriterReport {
  name: string;
  email?: string;
  /** Characters the writer typed, still in the text (observed). */
  typed: number;
  /** Characters the writer declared as their own afterwards (declared). */
  attested: number;
  /** Characters of AI text the writer asked for, still in the text (observed). */
  aiRequested: number;
  /** (typed + attested) over the counted total. */
  share: number;
  /** Writing sessions recorded for the writer. */
  sessions: number;
  firstAt?: string;
  lastAt?: string;
  /** Whether a valid signature by this writer is in the journal. */
  signed: boolean;
}

export interface ModelReport {
  /** The model id, or `unknown` when none was recorded. */
  model: string;
  tools: string[];
  versions: string[];
  insertions: number;
  /** Characters inserted by all its insertions. */
  inserted: number;
  /** Characters of them still in the text. */
  surviving: number;
  survivalRatio: number;
  /** Characters of counted text now attributed to the model. */
  chars: number;
  share: number;
  evidence: Evidence;
}

/** A located stretch of the script. */
export interface Place {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface AiInsertionReport {
  insertionId: number;
  model?: string;
  tool?: string;
  version?: string;
  promptHash?: string;
  requestedBy?: string;
  at: string;
  channel: string;
  inserted: number;
  surviving: number;
  survivalRatio: number;
  evidence: Evidence;
  /** Where its surviving characters are now. */
  places: Place[];
  /** Indexes of the scenes its surviving characters are in. */
  scenes: number[];
}

export interface GapReport {
  kind: 'external' | 'unattributed' | 'break' | 'untracked-period';
  message: string;
  evidence: Evidence;
  place?: Place;
  chars?: number;
  event?: number;
  from?: string;
  to?: string;
}

export interface SceneReport {
  index: number;
  title: string;
  sceneNumber?: string;
  place: Place;
  shares: ShareTable;
  classification: SceneClass;
  writers: string[];
  models: string[];
}

export interface FindingReport {
  code: string;
  severity: 'hint' | 'info' | 'warning' | 'error';
  message: string;
  basis?: string;
  source?: string;
  description?: string;
  /** Documentation page of the rule, relative to the repository. */
  docs: string;
  place: Place;
}

export interface RuleSummary {
  code: string;
  description: string;
  basis: string;
  source: string;
  severity: string;
  findings: number;
}

export interface SignatureReport {
  writer: string;
  event: number;
  valid: boolean;
  publicKey: string;
}

export interface VerificationReport {
  /** `no-record` when the script has no journal. */
  status: VerificationStatus | 'no-record';
  chainIntact: boolean;
  events: number;
  firstDivergence?: { event: number; offset?: number; scriptLine?: number; journalLine?: number; message: string };
  problems: { kind: string; event?: number; line?: number; message: string }[];
  signatures: SignatureReport[];
  /** Writers with at least one valid signature. */
  signedBy: string[];
  timeSpan?: { from: string; to: string };
  untracked: { from?: string; to?: string; message: string }[];
  breaks: { event?: number; message: string }[];
}

/** A writing session (or an AI insertion) placed on the timeline. */
export interface SessionReport {
  kind: OriginKind;
  who: string;
  from: string;
  to: string;
  /** Characters from this session still in the counted text. */
  chars: number;
  evidence: Evidence;
}

/** One run of the text with its IPTC digital source type. */
export interface RunReport {
  start: number;
  end: number;
  line: number;
  endLine: number;
  kind: OriginKind;
  evidence: Evidence;
  contributor: 'human' | 'ai' | 'unknown';
  who: string;
  model?: string;
  digitalSourceType: DigitalSourceType;
  digitalSourceTypeUri: string;
}

/** Agent-Trace-style attribution export (version 0.1.0 shape, line ranges plus offsets). */
export interface AttributionTrace {
  version: string;
  id: string;
  timestamp: string;
  tool: { name: string; version: string };
  files: {
    path: string;
    conversations: {
      contributor: { type: 'human' | 'ai' | 'unknown'; model_id?: string; name?: string };
      ranges: {
        start_line: number;
        end_line: number;
        start_offset: number;
        end_offset: number;
        content_hash: string;
      }[];
    }[];
  }[];
}

export interface Report {
  format: 'fountain-provenance-report';
  formatVersion: string;
  generatedAt: string;
  generator: { name: string; version: string };
  script: {
    title: string;
    file?: string;
    characters: number;
    countedCharacters: number;
    scenes: number;
    /** SHA-256 (hex) of the script text. */
    sha256: string;
    credits: { key: string; value: string }[];
  };
  writers: WriterReport[];
  models: ModelReport[];
  shares: ShareTable;
  dialogueAndAction: { dialogue: ShareTable; action: ShareTable; other: ShareTable };
  scenes: SceneReport[];
  aiInsertions: AiInsertionReport[];
  gaps: GapReport[];
  findings: FindingReport[];
  rules: RuleSummary[];
  verification: VerificationReport;
  sessions: SessionReport[];
  runs: RunReport[];
  attribution: AttributionTrace;
  statement: string;
  limits: string;
  /** The script text, for renderers that show it with its passages marked. */
  text: string;
  /** The generated limit used to classify scenes (fraction). */
  generatedLimit: number;
}
