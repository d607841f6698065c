/**
 * The custom part of the Fountain Provenance language protocol: method and command names with
 * their parameter and result types, declared once and imported by both the VS Code client and
 * the language server. docs/protocol.md describes each of them for other editors.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { Origin, OriginKind, Shares, Writer } from '../provenance/types';

/** The engine's origin types, re-exported (types only) for the client, which imports nothing from the engine itself. */
export type { Origin, OriginKind, Writer } from '../provenance/types';

/** Settings under `fountainProvenance.` as the server reads them (all optional on the wire). */
export interface ProvenanceSettings {
  /** The writer whose typing is recorded. Default: `git config user.name` / `user.email`. */
  writer?: Writer;
  /** Policy profile name (`wga-mba`, `non-union`, ...) or a path to a studio's JSON profile. */
  policy?: string;
  /** The longest insertion, in characters, still counted as typing. Default 40. */
  typingThreshold?: number;
  /** An RFC 3161 time-stamp authority's URL (off when empty): each signed checkpoint's hash is stamped. */
  timestampAuthority?: string;
  /** Rule code -> `off` | `hint` | `info` | `warning` | `error`. */
  severity?: Record<string, string>;
}

/** The settings section the server asks for through workspace/configuration. */
export const settingsSection = 'fountainProvenance';

/** `fountainProvenance/attribute` (client -> server notification). */
export interface AttributeParams {
  uri: string;
  /** The document version the ranges refer to (the version right after the change they describe). */
  version: number;
  ranges: Array<{ range: Range; origin: Origin }>;
}
export const attributeNotification = new NotificationType<AttributeParams>('fountainProvenance/attribute');

/**
 * `fountainProvenance/nextChange` (client -> server notification), sent just BEFORE the
 * `didChange` that produces `version`: what only the editor knows about that change.
 * - `undo` / `redo`: the editor's history; inserted text takes back the origins the server
 *   remembers for it (observed), and what it does not remember is unattributed.
 * - `reload`: the editor reloaded the file from disk (changed outside while open): `external`.
 * - `fix`: a quick fix or another edit the writer applied through the extension: declared by
 *   the writer (`human`, channel `attestation`).
 */
export type ChangeSource = 'undo' | 'redo' | 'reload' | 'fix';
export interface NextChangeParams {
  uri: string;
  /** The version the change will produce. */
  version: number;
  source: ChangeSource;
}
export const nextChangeNotification = new NotificationType<NextChangeParams>('fountainProvenance/nextChange');

/** `fountainProvenance/runs` (client -> server request). */
export interface RunsParams {
  uri: string;
  range?: Range;
}
export interface OriginRunInfo {
  kind: OriginKind;
  /** The origin in plain English, e.g. "Mara Okafor, typing". */
  label: string;
  start: Position;
  end: Position;
  origin: Origin;
}
export interface RunsResult {
  uri: string;
  version: number;
  runs: OriginRunInfo[];
}
export const runsRequest = new RequestType<RunsParams, RunsResult | null, void>('fountainProvenance/runs');

/** `fountainProvenance/status` (client -> server request): the server's own figures. */
export interface StatusResult {
  /** Resident set size of the server process, in bytes. */
  rss: number;
  heapUsed: number;
  documents: number;
  /** V8's heap as reserved from the system (committed), in bytes. */
  heapTotal?: number;
  /** Memory outside V8's heap held by JavaScript objects (Buffers included), in bytes. */
  external?: number;
  /** Of `external`, ArrayBuffers and Buffers, in bytes. */
  arrayBuffers?: number;
  /** V8's heap spaces: bytes committed (`size`) and used, by space name (`large_object_space`...). */
  spaces?: Record<string, { size: number; used: number }>;
}
export interface StatusParams {
  /** Run a full garbage collection first, so the figures show what the server really keeps. */
  collectGarbage?: boolean;
}
export const statusRequest = new RequestType<StatusParams | null, StatusResult, void>('fountainProvenance/status');

/** Commands the server executes through workspace/executeCommand. */
export const commands = {
  insertGenerated: 'fountainProvenance.insertGenerated',
  attest: 'fountainProvenance.attest',
  report: 'fountainProvenance.report',
  recordConsent: 'fountainProvenance.recordConsent',
  renderPdf: 'fountainProvenance.renderPdf',
} as const;

/**
 * Arguments of `fountainProvenance.renderPdf`: the saved script as a PDF (what
 * `fountain-provenance pdf` writes). The client's "Export PDF" command saves the script first.
 */
export interface RenderPdfArgs {
  uri: string;
  paper?: 'letter' | 'a4';
  marks?: boolean;
  /** Embed the script, its record and the report (default true). */
  attach?: boolean;
}

/** Result of `fountainProvenance.renderPdf`. */
export interface RenderPdfResult {
  /** The PDF's bytes, base64. */
  pdf: string;
  pages: number;
  /** Rows marked as holding AI-generated text (with `marks`). */
  marked: number;
}

/**
 * Arguments of `fountainProvenance.recordConsent`: records a company's consent to AI use in the
 * script's project file (`.fountain-provenance.json`, created beside the script when there is
 * none). A consent only: it never sets union coverage or any other policy.
 */
export interface RecordConsentArgs {
  uri: string;
  /** The consent's reference (its id in the project file). */
  reference: string;
  /** Tools or models it covers (glob patterns); default: the ones the finding named. */
  tools?: string[];
  /** First day it covers (YYYY-MM-DD); default: the day of the first AI text. */
  from?: string;
  grantedBy?: string;
}
export interface RecordConsentResult {
  recorded: boolean;
  /** The project file written. */
  path?: string;
  failureReason?: string;
}

/** Arguments of `fountainProvenance.insertGenerated` (one object argument). */
export interface InsertGeneratedArgs {
  uri: string;
  range: Range;
  text: string;
  tool?: string;
  model?: string;
  /** The model's vendor as the language model API names it (Agent Trace `model_id` is `vendor/model`). */
  vendor?: string;
  promptHash?: string;
  version?: string;
  /**
   * What the command sent to the model's vendor, journaled as an `egress` event (docs/journal.md):
   * each excerpt's UTF-16 range in the text as it stood when sent, its length and the SHA-256 of
   * its UTF-8 bytes. `vendor` and `model` default to the arguments above; `time` to now.
   */
  sent?: SentToVendor;
}

/** What an AI command sent out of the editor (the `egress` event's shape). */
export interface SentToVendor {
  excerpts: Array<{ start: number; end: number; length: number; sha256: string }>;
  vendor?: string;
  model?: string;
  time?: string;
}

/** Result of `fountainProvenance.insertGenerated`. */
export interface InsertGeneratedResult {
  applied: boolean;
  /** Where the generated text is now, when applied. */
  range?: Range;
  failureReason?: string;
}

/** Arguments of `fountainProvenance.attest` (one object argument). */
export interface AttestArgs {
  uri: string;
  range: Range;
  /** The declared origin. A human origin without a writer name takes the configured writer. */
  origin: Partial<Origin> & { kind: OriginKind };
  /** The document version `range` refers to; the range is mapped forward when the document has moved on. */
  version?: number;
}

/** Arguments of `fountainProvenance.report` (one object argument). */
export interface ReportArgs {
  uri: string;
}

/** Result of `fountainProvenance.report` when no report model is available. */
export interface ReportSummary {
  uri: string;
  version: number;
  length: number;
  shares: Shares;
  runs: number;
  ai: Array<{ model?: string; tool?: string; inserted: number; surviving: number; survivalRatio: number }>;
}

/** The `data` a Fountain Provenance diagnostic carries (versioned). */
export interface DiagnosticData {
  v: 1;
  /** The document version the diagnostic was computed for. */
  version: number;
  /** Index of the finding among the findings of that version. */
  finding: number;
  /** Titles of the fixes the finding offers. */
  fixes: string[];
}

// ---------------------------------------------------------------------------------------------
// The one analysis, as the adapters read it (see docs/protocol.md). Every figure the VS Code
// client shows (status bar, Provenance view, code lens, report webview) comes from these two
// requests, computed by the engine's `analyse()`, the same function the CLI uses.

/** `fountainProvenance/summary` (client -> server request). */
export interface SummaryParams {
  uri: string;
}

/** One scene of the summary: the report's scene figures plus where it is in the editor. */
export interface SummaryScene {
  index: number;
  title: string;
  sceneNumber?: string;
  /** The scene's range in the editor (LSP positions). */
  range: Range;
  shares: import('../report/types').ShareTable;
  classification: string;
  /** The scene's shares in words, as the code lens and the Provenance view show them. */
  label: string;
}

export interface SummaryResult {
  uri: string;
  /** The document version the figures are for. */
  version: number;
  /** The record's verification, as in the report. */
  verification: import('../report/types').VerificationReport;
  /** The counted text's shares, as in the report's `shares`. */
  shares: import('../report/types').ShareTable;
  scenes: SummaryScene[];
  writers: import('../report/types').WriterReport[];
  models: import('../report/types').ModelReport[];
  /** The disclosure statement the record supports now. */
  statement: string;
  /** Findings by severity. */
  findings: { error: number; warning: number; info: number; hint: number };
  /** The script's shares in words: `short` for the status bar, `long` for its tooltip. */
  label: { short: string; long: string };
  /** The writer the server records typing for, or undefined while no identity is set. */
  writer?: Writer;
}
export const summaryRequest = new RequestType<SummaryParams, SummaryResult | null, void>('fountainProvenance/summary');

/** `fountainProvenance/report` (client -> server request): the report model, optionally rendered. */
export interface ReportParams {
  uri: string;
  /** Also render the report as self-contained HTML (for a webview). */
  html?: boolean;
  /** A disclosure packet for one recipient (`company`, `usco`, `sag`, `distributor`); default: the full report. */
  for?: string;
  /** Also render it as Markdown (for an export). */
  markdown?: boolean;
  /** Also render it as the command line's JSON (`report --format json`, for an export). */
  json?: boolean;
}
export interface ReportResult {
  uri: string;
  version: number;
  /** The report model (schemas/report.schema.json). */
  report: import('../report/types').Report;
  html?: string;
  /** The Markdown rendering, when asked for. */
  markdown?: string;
  /** The JSON rendering (as `fountain-provenance report --format json` writes it), when asked for. */
  json?: string;
}
export const reportRequest = new RequestType<ReportParams, ReportResult | null, void>('fountainProvenance/report');

/** `fountainProvenance/summaryChanged` (server -> client notification): a script's figures changed; ask again. */
export interface SummaryChangedParams {
  uri: string;
  version: number;
}
export const summaryChangedNotification = new NotificationType<SummaryChangedParams>('fountainProvenance/summaryChanged');
