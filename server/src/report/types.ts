/**
 * The credit disclosure report: everything a showrunner, a guild or a studio reads about one
 * script's record, as plain data. The renderers (Markdown, HTML, JSON, SARIF) only format it.
 * Offsets are UTF-16 code units into the script text; lines and columns are 1-based.
 */
import type { OriginKind, VerificationStatus } from '../provenance/types';

/** Version of the report's JSON shape (schemas/report.schema.json). */
export const REPORT_FORMAT_VERSION = '2.0';

/**
 * How a figure is known. `observed`: recorded as it happened (typing, an AI command, a paste).
 * `declared`: a writer's or a company's statement after the fact (attestation, quoted research,
 * furnished material). `unknown`: nobody saw where it came from (external edits, unattributed
 * insertions, text present when tracking began).
 */
export type Evidence = 'observed' | 'declared' | 'unknown';

/**
 * Scene classes from RULES.md: `writers` (no AI-origin or unknown text), `mixed` (some, below
 * the limit), `mostly-ai-origin` and `mostly-unknown` (at or above the policy's limit, default
 * 50%). Described, not judged: no class says "AI-generated", a term of art in the WGA contract.
 */
export type SceneClass = 'writers' | 'mixed' | 'mostly-ai-origin' | 'mostly-unknown';

/**
 * Short IPTC digital source type codes, each used as IPTC defines it. Text of unknown origin
 * gets none: no term says "unknown", and C2PA's `empty` means an asset with no content.
 */
export type DigitalSourceType =
  | 'digitalCreation'
  | 'trainedAlgorithmicMedia'
  | 'compositeWithTrainedAlgorithmicMedia'
  | 'humanEdits';

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
  /** Characters inserted and still present; `survivalRatio` is in characters. */
  inserted: number;
  surviving: number;
  survivalRatio: number;
  /** Words the insertion put in (from the journal's text; estimated from the survival where no journal is read). */
  insertedWords: number;
  /** Of them, words still in the text (a word counts when more than half its characters are this insertion's). */
  survivingWords: number;
  /** survivingWords / insertedWords (0 when no word was inserted). */
  wordSurvivalRatio: number;
  /** Where `insertedWords` comes from. */
  insertedWordsFrom: 'journal' | 'text' | 'estimate';
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
  /** Characters of AI-origin text (generated, or furnished declared AI) over the scene's counted characters. */
  aiOriginShare: number;
  writers: string[];
  models: string[];
  /** SHA-256 of the scene's text (UTF-8, heading to the next heading): what a likeness consent binds as `sceneHash`. */
  sceneHash: string;
}

/** Furnished material (handed over by the company) or a prior writer's draft found in the text. */
export interface MaterialReport {
  kind: 'furnished' | 'prior';
  /** The material's name, or for prior material the draft's name if one was given. */
  name: string;
  /** Prior material: the previous writer. */
  writer?: string;
  /** Furnished material: whether the company says AI produced it. */
  aiOrigin?: 'yes' | 'no' | 'unknown';
  disclosedBy?: string;
  /** Counted characters of it in the text now, and their share of the counted text. */
  chars: number;
  share: number;
  evidence: Evidence;
  places: Place[];
  scenes: number[];
  /** Whether the project file lists it (furnished) . */
  listed: boolean;
}

/** One replica or synthetic performer the script calls for, with its consent. */
export interface LikenessItemReport {
  kind: 'replica' | 'synthetic-performer';
  /** The performer (replica) or the character (synthetic performer). */
  subject: string;
  type?: 'employment' | 'independent' | 'background';
  deceased: boolean;
  minor: boolean;
  use?: string;
  character?: string;
  basedOn?: string;
  /** The consent or notice reference the note cites. */
  reference?: string;
  /** What the project file records for it: who granted it, representation, the scene bound, and whether it still matches. */
  consent?: {
    id: string;
    grantedBy?: string;
    representation?: string;
    description?: string;
    from?: string;
    to?: string;
    sceneHash?: string;
    /** `matches`: the scene's text hash equals `sceneHash`; `changed`: it differs; `unbound`: no hash recorded. */
    scene: 'matches' | 'changed' | 'unbound';
  };
  status: 'consented' | 'missing' | 'problem';
  /** The finding's message when the status is not `consented`. */
  problem?: string;
  place: Place;
  /** Scene indexes where the note appears. */
  scenes: number[];
}

export interface LikenessReport {
  items: LikenessItemReport[];
  /** Per replicated performer: the scenes that call for the replica (an estimate for compensation talks). */
  scenesPerReplica: { performer: string; scenes: number[]; count: number }[];
}

/** What AI commands sent out of the editor (`egress` journal events). */
export interface EgressReport {
  sends: {
    time: string;
    vendor: string;
    model: string;
    tool?: string;
    excerpts: { start: number; end: number; length: number; sha256: string }[];
    /** Characters sent in all excerpts. */
    characters: number;
  }[];
  /** Characters sent per vendor. */
  byVendor: { vendor: string; sends: number; characters: number }[];
  /** False when no journal was read (the ledger alone does not record what was sent). */
  recorded: boolean;
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
  /** Absent for text of unknown origin: the record claims no source type for it. */
  digitalSourceType?: DigitalSourceType;
  digitalSourceTypeUri?: string;
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
  /** Said beside every writer share: shares are not credit. */
  creditNote: string;
  /** Who is bound: the project's coverage per union (null: not covered) and its preset. */
  coverage: { policy: string; wga: string | null; sag: string | null };
  /** Furnished and prior-writer material in the text, and furnished material the project lists. */
  material: MaterialReport[];
  likeness: LikenessReport;
  egress: EgressReport;
  limits: string;
  /** The script text, for renderers that show it with its passages marked. */
  text: string;
  /** The limit used to classify scenes (fraction): at or above it a scene is mostly AI-origin or mostly unknown. */
  generatedLimit: number;
}
