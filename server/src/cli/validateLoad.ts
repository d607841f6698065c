/**
 * Reads a script and its journal from disk without changing either, and runs the engine on
 * them: parse, verify, reconcile a copy of the ledger to the submitted text, run the rules.
 * Used by `report`, `stats` and `validate`.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from '../fountain/parser';
import type { Script } from '../fountain/types';
import { journalPathFor } from '../provenance/journal';
import { Ledger } from '../provenance/ledger';
import { reconcile } from '../provenance/reconcile';
import { verifyJournal, type Verification } from '../provenance/verify';
import { loadProject, parseProject, type Project, type ProjectProblem } from '../disclosure/project';
import { runRules, type Finding, type Severity } from '../disclosure/index';

/** The input could not be read: exit code 2. */
export class InputError extends Error {}

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
}

/** A policy file: a project file whose present keys override each script's own project. */
export interface PolicyOverride {
  path: string;
  keys: string[];
  project: Project;
}

/** Reads `--policy`: a JSON file in the project file's shape. Problems are usage errors (thrown). */
export function readPolicy(path: string): PolicyOverride {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the policy file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const { project, problems } = parseProject(text);
  if (problems.length > 0) {
    const p = problems[0];
    const where = p.line === undefined ? '' : ` (line ${p.line + 1}, column ${(p.column ?? 0) + 1})`;
    throw new InputError(`the policy file ${path} is not valid: ${p.message}${where}`);
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  return { path, keys: Object.keys(raw), project };
}

const POLICY_KEYS = new Set(['policy', 'severity', 'thresholds', 'counting', 'allowedTools', 'allowedModels']);

function applyPolicy(project: Project, policy: PolicyOverride | undefined): Project {
  if (!policy) return project;
  const out = { ...project } as unknown as Record<string, unknown>;
  const from = policy.project as unknown as Record<string, unknown>;
  for (const key of policy.keys) if (POLICY_KEYS.has(key)) out[key] = from[key];
  return out as unknown as Project;
}

function readScript(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (stat.isDirectory()) throw new InputError(`${path} is a folder, not a script`);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function readJournal(path: string): Buffer | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the provenance record ${path}: ${(err as Error).message}`);
  }
  if (stat.isDirectory()) throw new InputError(`the provenance record ${path} is a folder, not a journal`);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read the provenance record ${path}: ${(err as Error).message}`);
  }
}

export interface AnalyseOptions {
  policy?: PolicyOverride;
  severities?: Record<string, Severity>;
  now?: Date;
}

/** Analyses one script. Throws `InputError` when the script or its journal cannot be read. */
export function analyseScript(scriptPath: string, options: AnalyseOptions = {}): Analysis {
  const now = options.now ?? new Date();
  const text = readScript(scriptPath);
  const journalPath = journalPathFor(scriptPath);
  const journal = readJournal(journalPath);
  const script = parse(text);
  let verification: Verification | undefined;
  let ledger: Ledger;
  if (journal) {
    verification = verifyJournal(journal, text);
    ledger = verification.ledger ?? Ledger.create('', { kind: 'imported', channel: 'import', at: now.toISOString() });
    if (ledger.text !== text) {
      ledger = ledger.clone();
      reconcile(ledger, text, { kind: 'external', channel: 'reconcile', at: verification.timeSpan?.to ?? now.toISOString(), note: 'differs from the journal' });
    }
  } else {
    ledger = Ledger.create(text, { kind: 'imported', channel: 'import', at: now.toISOString(), source: 'no provenance record' });
  }
  const loaded = loadProject(scriptPath);
  const project = applyPolicy(loaded.project, options.policy);
  const run = runRules(
    {
      script,
      ledger,
      project,
      verification,
      now,
      ...(loaded.problems.length > 0 ? { projectProblems: loaded.problems } : {}),
      ...(loaded.path ? { projectPath: loaded.path } : {}),
    },
    options.severities,
  );
  return {
    scriptPath,
    text,
    script,
    journalPath,
    hasJournal: journal !== undefined,
    ...(journal ? { journal } : {}),
    verification,
    ledger,
    project,
    projectPath: loaded.path,
    projectProblems: loaded.problems,
    findings: run.findings,
    internal: run.internal,
  };
}
