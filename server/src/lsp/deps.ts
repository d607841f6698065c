/**
 * What the language server is given rather than reaching for: the logger, the record
 * factory, the rule runner, the workspace the engine reads files through and the clock.
 * main.ts wires the real engine; tests may wire their own.
 */
import type { EngineWorkspace } from '../engine/workspace';
import type { LedgerEdit, Origin, Writer } from '../provenance/types';
import type { Ledger } from '../provenance/ledger';
import type { RecordNotice, RecordOptions } from '../provenance/record';
import type { Verification } from '../provenance/verify';
import type { Finding, RuleContext, Severity } from '../disclosure/types';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, log() {} };

/** The part of ScriptRecord the server uses. */
export interface ProvenanceRecord {
  readonly notices: RecordNotice[];
  readonly ledger: Ledger;
  readonly text: string;
  readonly journalPath?: string;
  applyEdit(edit: LedgerEdit): void;
  relabel(start: number, end: number, origin: Origin, kind: 'relabel' | 'attest'): void;
  checkpoint(): void;
  flush(): void;
  close(): void;
  verify(): Verification;
  /** The journal as it stands (for the report's session timeline). */
  journalText?(): string;
  /** The writer at the keyboard changed: later events and signatures are theirs. */
  setWriter?(writer: Writer): void;
  /** A journal read from disk with an unsigned tail: its labels distrusted, its text unknown, a break journaled. */
  distrustTail?(v: Verification): boolean;
  /** Format 2: a signed seal after a typing pause (no ledger); nothing when there is no key. */
  seal?(): void;
  /** Format 2: the typing threshold in force (capped at 200), journaled at a checkpoint when it changes. */
  setTypingThreshold?(value: number): void;
  /** Format 2: the project file in force, journaled at the next checkpoint. */
  setPolicy?(policy: { file: string | null; content?: string }): void;
  /** The last checkpoint or seal when it is the last event: what a time stamp stamps. */
  readonly lastSeal?: { seq: number; hash: string } | undefined;
  /** Journals a time-stamp authority's token for checkpoint or seal `seq`. */
  addTimestamp?(seq: number, authority: string, token: string): void;
  /** Journals what an AI command sent to a vendor (`egress`); false when the journal cannot hold it. */
  egress?(excerpts: Array<{ start: number; end: number; length: number; sha256: string }>, vendor: string, model: string, tool?: string, time?: Date): boolean;
}

export type RuleInput = RuleContext;

export interface RuleOutcome {
  findings: Finding[];
  internal: { code: string; message: string }[];
}

export interface ServerDeps {
  logger: Logger;
  openRecord(scriptPath: string, text: string, options: RecordOptions): ProvenanceRecord;
  memoryRecord(text: string, options: RecordOptions): ProvenanceRecord;
  runRules(input: RuleInput, severities?: Record<string, Severity>): RuleOutcome;
  /** How the engine reads the project file (and nothing else: records have their own files). */
  workspace: EngineWorkspace;
  /** The writer configured in git for a folder (user.name, user.email), if any. */
  gitWriter(folder: string): Promise<Writer | undefined>;
  now(): Date;
}
