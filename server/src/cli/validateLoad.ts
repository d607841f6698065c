/**
 * Reads a script, its journal and its project from disk without changing any of them, and
 * runs the engine's `analyse()` on them. Used by `report`, `stats` and `validate`.
 */
import { relative } from 'node:path';
import {
  analyse,
  applyPolicy,
  InputError,
  readPolicy as readPolicyFile,
  readScriptFiles,
  type Analysis as EngineAnalysis,
  type PolicyOverride,
} from '../engine/index';
import type { Script } from '../fountain/types';
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import type { Project, ProjectProblem } from '../disclosure/project';
import type { Finding, Severity } from '../disclosure/index';
import type { EngineWorkspace } from '../engine/workspace';
import { fsWorkspace } from './fsWorkspace';

export { InputError, type PolicyOverride };

export interface Analysis {
  scriptPath: string;
  text: string;
  script: Script;
  journalPath: string;
  /** False when there is no journal beside the script. */
  hasJournal: boolean;
  /** The journal's bytes, when there is one. */
  journal?: Buffer;
  verification?: Verification;
  /** The record's ledger brought to the submitted text (changes made outside it are `external`). */
  ledger: Ledger;
  project: Project;
  projectPath?: string;
  projectProblems: ProjectProblem[];
  findings: Finding[];
  internal: { code: string; message: string }[];
  /** The engine's analysis itself: figures, statement and report model on first use. */
  engine: EngineAnalysis;
}

/** Reads `--policy`: a JSON file in the project file's shape. Problems are usage errors (thrown). */
export function readPolicy(path: string, workspace: EngineWorkspace = fsWorkspace): PolicyOverride {
  return readPolicyFile(workspace, path);
}

export interface AnalyseOptions {
  policy?: PolicyOverride;
  severities?: Record<string, Severity>;
  now?: Date;
  /** The script's path as the report shows it (default: relative to `cwd` when given, else as named). */
  displayPath?: string;
  workspace?: EngineWorkspace;
}

/** Analyses one script. Throws `InputError` when the script or its journal cannot be read. */
export function analyseScript(scriptPath: string, options: AnalyseOptions = {}): Analysis {
  const files = readScriptFiles(options.workspace ?? fsWorkspace, scriptPath);
  const project = applyPolicy(files.project, options.policy);
  const journal = files.journal ? Buffer.from(files.journal.buffer, files.journal.byteOffset, files.journal.byteLength) : undefined;
  const engine = analyse({
    text: files.text,
    record: journal ? { kind: 'journal', bytes: journal } : { kind: 'none' },
    project,
    options: {
      scriptPath: options.displayPath ?? scriptPath,
      ...(options.severities ? { severities: options.severities } : {}),
      ...(options.now ? { now: options.now } : {}),
    },
  });
  return {
    scriptPath,
    text: files.text,
    script: engine.script,
    journalPath: files.journalPath,
    hasJournal: journal !== undefined,
    ...(journal ? { journal } : {}),
    ...(engine.verification ? { verification: engine.verification } : {}),
    ledger: engine.ledger,
    project: engine.project,
    ...(engine.projectPath ? { projectPath: engine.projectPath } : {}),
    projectProblems: engine.projectProblems,
    findings: engine.findings,
    internal: engine.internal,
    engine,
  };
}

/** `path` relative to `cwd` for display, or as given when that is shorter to read. */
export function displayPathOf(cwd: string, path: string, given: string): string {
  return relative(cwd, path) || given;
}
