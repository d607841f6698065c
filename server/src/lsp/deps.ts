/**
 * What the language server is given rather than reaching for: the logger, the record
 * factory, the rule runner, the report builder, the project loader and the clock. main.ts
 * wires the real engine; tests may wire their own.
 */
import type { ReportInput } from '../report/model';
import type { LedgerEdit, Origin, Writer } from '../provenance/types';
import type { Ledger } from '../provenance/ledger';
import type { RecordNotice, RecordOptions } from '../provenance/record';
import type { Verification } from '../provenance/verify';
import type { Finding, RuleContext, Severity } from '../disclosure/types';
import type { Project, ProjectProblem } from '../disclosure/project';

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
  /** The writer at the keyboard changed: later events and signatures are theirs. */
  setWriter?(writer: Writer): void;
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
  /** The report model, when the report builder exists. */
  buildReport?(input: ReportInput): unknown;
  loadProject(scriptPath: string | undefined): { project: Project; path?: string; problems: ProjectProblem[] };
  /** The writer configured in git for a folder (user.name, user.email), if any. */
  gitWriter(folder: string): Promise<Writer | undefined>;
  now(): Date;
}
