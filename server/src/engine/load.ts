/**
 * What `analyse()` needs from the files beside a script, read through an
 * {@link EngineWorkspace}: the script's text, its sidecar journal and the nearest project
 * file (`.fountain-provenance.json` in its folder or above), and a `--policy` override.
 */
import { dirname, join, resolve } from 'node:path';
import { journalPathFor } from '../provenance/journal';
import { defaultProject, parseProject, PROJECT_FILE_NAME, type Project, type ProjectProblem } from '../disclosure/project';
import type { EngineWorkspace } from './workspace';

/** A file the analysis needs could not be read (the CLI's exit code 2, the `unreadable` verdict). */
export class InputError extends Error {}

/** The project a script is analysed under, and where it came from. */
export interface ProjectInput {
  project: Project;
  /** The project file read, if any. */
  path?: string;
  /** Problems in that file; when there are any, `project` is the defaults. */
  problems: ProjectProblem[];
}

/** The nearest project file from the script's folder upward, or undefined. */
export function findProjectFile(workspace: EngineWorkspace, scriptPath: string): string | undefined {
  let dir = dirname(resolve(scriptPath));
  for (;;) {
    const candidate = join(dir, PROJECT_FILE_NAME);
    try {
      if (workspace.isFile(candidate)) return candidate;
    } catch {
      // an unreadable folder is no project file
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads a project file's text into a project. Never throws. */
export function projectFromText(text: string, path?: string): ProjectInput {
  const { project, problems } = parseProject(text);
  return { project, problems, ...(path ? { path } : {}) };
}

/** The project of the script at `scriptPath` (defaults when there is no project file). Never throws. */
export function loadProject(workspace: EngineWorkspace, scriptPath: string | undefined): ProjectInput {
  if (!scriptPath) return { project: defaultProject(), problems: [] };
  const path = findProjectFile(workspace, scriptPath);
  if (!path) return { project: defaultProject(), problems: [] };
  let text: string | undefined;
  try {
    text = workspace.readText(path, 'project');
  } catch (err) {
    return { project: defaultProject(), path, problems: [{ message: `The project file could not be read: ${(err as Error).message}`, pointer: '' }] };
  }
  if (text === undefined) return { project: defaultProject(), problems: [] };
  return projectFromText(text, path);
}

/** A policy file: a project file whose present keys override each script's own project. */
export interface PolicyOverride {
  path: string;
  keys: string[];
  project: Project;
}

/** The keys a policy file may override. */
export const POLICY_KEYS: ReadonlySet<string> = new Set(['policy', 'coverage', 'severity', 'thresholds', 'counting', 'allowedTools', 'allowedModels']);

/** Reads a `--policy` file. Its problems are the caller's usage errors: thrown as {@link InputError}. */
export function readPolicy(workspace: EngineWorkspace, path: string): PolicyOverride {
  let text: string | undefined;
  try {
    text = workspace.readText(path, 'policy');
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  if (text === undefined) throw new InputError(`cannot read the policy file ${path}: no such file`);
  const { project, problems } = parseProject(text);
  if (problems.length > 0) {
    const p = problems[0];
    const where = p.line === undefined ? '' : ` (line ${p.line + 1}, column ${(p.column ?? 0) + 1})`;
    throw new InputError(`the policy file ${path} is not valid: ${p.message}${where}`);
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  return { path, keys: Object.keys(raw), project };
}

/** The project with a policy file's keys put over it. */
export function applyPolicy(input: ProjectInput, policy: PolicyOverride | undefined): ProjectInput {
  if (!policy) return input;
  const out = { ...input.project } as unknown as Record<string, unknown>;
  const from = policy.project as unknown as Record<string, unknown>;
  for (const key of policy.keys) if (POLICY_KEYS.has(key) && key in from) out[key] = from[key];
  // A policy that names a preset and no coverage brings the preset's coverage along.
  if (policy.keys.includes('policy') && !policy.keys.includes('coverage') && 'coverage' in from) out.coverage = from.coverage;
  return { ...input, project: out as unknown as Project };
}

/** A script and what lies beside it, as read from the workspace. */
export interface ScriptFiles {
  scriptPath: string;
  text: string;
  journalPath: string;
  /** The journal's bytes; undefined when there is no journal. */
  journal?: Uint8Array;
  project: ProjectInput;
}

/** Reads a script, its journal and its project. Throws {@link InputError} when the script or the journal cannot be read. */
export function readScriptFiles(workspace: EngineWorkspace, scriptPath: string): ScriptFiles {
  let text: string | undefined;
  try {
    text = workspace.readText(scriptPath, 'script');
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  if (text === undefined) throw new InputError(`cannot read ${scriptPath}: no such file`);
  const journalPath = journalPathFor(scriptPath);
  let journal: Uint8Array | undefined;
  try {
    journal = workspace.readBytes(journalPath, 'journal');
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  return { scriptPath, text, journalPath, ...(journal ? { journal } : {}), project: loadProject(workspace, scriptPath) };
}
