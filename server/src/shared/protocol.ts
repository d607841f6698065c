/**
 * The custom part of the Fountain Provenance language protocol: method and command names with
 * their parameter and result types, declared once and imported by both the VS Code client and
 * the language server. docs/protocol.md describes each of them for other editors.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { Origin, OriginKind, Shares, Writer } from '../provenance/types';

/** Settings under `fountainProvenance.` as the server reads them (all optional on the wire). */
export interface ProvenanceSettings {
  /** The writer whose typing is recorded. Default: `git config user.name` / `user.email`. */
  writer?: Writer;
  /** Policy profile name (`wga-mba`, `non-union`, ...) or a path to a studio's JSON profile. */
  policy?: string;
  /** The longest insertion, in characters, still counted as typing. Default 40. */
  typingThreshold?: number;
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
} as const;

/** Arguments of `fountainProvenance.insertGenerated` (one object argument). */
export interface InsertGeneratedArgs {
  uri: string;
  range: Range;
  text: string;
  tool?: string;
  model?: string;
  promptHash?: string;
  version?: string;
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
