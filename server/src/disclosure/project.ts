/**
 * The project file `.fountain-provenance.json`: the disclosure policy of a project, looked
 * up from the script's folder upward. It is only ever read, never written.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Writer } from '../provenance/types';
import { createHash } from 'node:crypto';
import type { Severity } from './types';
import { lineColumnOf, readJson } from './jsonLocate';
import validateProject = require('./projectValidator.generated');

/** The project file's name. */
export const PROJECT_FILE_NAME = '.fountain-provenance.json';

/** Policy presets: `none` (the default) and `non-union` assume no union contract; `wga-mba` is WGA 2026 only, `wga-sag` both unions' 2026 agreements; `custom` names its rules. */
export type PolicyProfile = 'none' | 'wga-mba' | 'wga-sag' | 'non-union' | 'custom';

/** WGA Minimum Basic Agreement versions: 2023 (in force to May 1, 2026) and 2026. */
export type WgaContract = 'mba-2023' | 'mba-2026';
/** SAG-AFTRA TV/Theatrical agreement versions. */
export type SagContract = 'tv-theatrical-2023' | 'tv-theatrical-2026';

/** Which union contract, in which version, covers the project; `null`: not covered. */
export interface Coverage {
  wga: WgaContract | null;
  sag: SagContract | null;
}

/** The coverage each preset stands for (RULES.md, "Who is bound"). */
export function presetCoverage(policy: PolicyProfile | string | undefined): Coverage {
  switch (policy) {
    case 'wga-mba':
      return { wga: 'mba-2026', sag: null };
    case 'wga-sag':
      return { wga: 'mba-2026', sag: 'tv-theatrical-2026' };
    default:
      return { wga: null, sag: null };
  }
}

/** The project with another preset, its coverage following (a setting names a preset where no project file does). */
export function withPolicy(project: Project, policy: PolicyProfile): Project {
  return { ...project, policy, coverage: presetCoverage(policy) };
}

export interface Thresholds {
  /** No longer read: usco.disclose judges each passage (kept so older project files stay valid). */
  deMinimisShare: number;
  /** usco.disclose: a passage of AI-origin text with at least this many words (or a whole sentence) is more than de minimis (default 8). */
  deMinimisWords: number;
  /** A scene at or above this AI-origin (or unknown) share is mostly AI-origin (or mostly of unknown origin) (default 0.5). */
  aiGeneratedSceneShare: number;
  /** disclosure.threshold: a scene's AI share above this fires (default 0.5). */
  sceneAiShareLimit: number;
  /** disclosure.threshold: the script's AI share above this fires (default 0.25). */
  scriptAiShareLimit: number;
  /** Characters from which an unlabelled insertion is not typing (default 40). */
  typingThreshold: number;
}

/** A company's consent to the writer's use of AI tools. */
export interface CompanyConsent {
  id: string;
  from: string;
  to?: string;
  /** Tools or models covered (trailing `*` matches any ending); absent means any. */
  tools?: string[];
  scope?: string;
  grantedBy?: string;
}

/** Material the company handed the writer, with its AI-origin statement. */
export interface FurnishedMaterial {
  id?: string;
  title?: string;
  file?: string;
  description?: string;
  aiOrigin: 'yes' | 'no' | 'unknown';
  disclosedBy?: string;
  date?: string;
}

/** A digital replica consent (RULES.md, "Likeness and performers"). */
/** A previous writer's draft the current writers work from (WGA 72.C: a first writer's case). */
export interface PriorMaterial {
  /** The previous writer's name. */
  writer: string;
  /** The draft's name, e.g. "Draft of 3 March 2026". */
  title?: string;
  date?: string;
}

export interface LikenessConsent {
  id: string;
  uses?: string[];
  /** The reasonably specific description of the use consented to. */
  description?: string;
  from?: string;
  to?: string;
  /** Who granted it: the performer, or for a deceased performer the estate or an authorized representative; for a minor a parent or guardian. */
  grantedBy?: 'performer' | 'estate' | 'authorized-representative' | 'parent-or-guardian';
  /** The grantor's name (the estate's executor, the guardian...). */
  grantor?: string;
  /** Whether the performer had counsel or union representation when consenting. */
  representation?: 'counsel' | 'union' | 'counsel-and-union' | 'none';
  /** The replica type the consent covers. */
  type?: 'employment' | 'independent' | 'background';
  /** SHA-256 of the scene's text (UTF-8, heading to the next heading) the consent describes. */
  sceneHash?: string;
  /** Compensation terms in the production's words (for the record; not checked). */
  compensation?: string;
}

export interface Performer {
  name: string;
  deceased?: boolean;
  minor?: boolean;
  consents?: LikenessConsent[];
}

export interface SyntheticPerformerNotice {
  character: string;
  notice: string;
  date?: string;
  to?: string;
}

export interface Approval {
  /** A scene heading as written (without scene number), or `script`. */
  scene: string;
  ref: string;
  by?: string;
  date?: string;
}

/**
 * A writer's public key as the project file declares it (`writers[].publicKey`). The project
 * file is the writers' own, so a declared key is weaker evidence than a roster's.
 */
export interface DeclaredKey {
  name: string;
  email?: string;
  /** Raw Ed25519, base64url, as `keys export` prints it. */
  publicKey: string;
  /** First 16 hex digits of the SHA-256 of the raw key. */
  keyId: string;
}

/** The `.fountain-provenance.json` shape, with every default filled in. */
export interface Project {
  policy: PolicyProfile;
  /** Who is bound: the file's `coverage` where it has one, else the preset's. */
  coverage: Coverage;
  writers: Writer[];
  thresholds: Thresholds;
  counting: { titlePage: boolean; boneyard: boolean };
  allowedTools?: string[];
  allowedModels?: string[];
  consents: CompanyConsent[];
  furnished: FurnishedMaterial[];
  /** Previous writers' drafts (offered as quick fixes to mark text as prior material). */
  prior: PriorMaterial[];
  performers: Performer[];
  syntheticPerformers: SyntheticPerformerNotice[];
  approvals: Approval[];
  /** Severity overrides per rule code. */
  severity: Record<string, Severity>;
  /** The writers' keys the file declares (absent or empty: none declared). */
  declaredKeys?: DeclaredKey[];
}

/** A problem in the project file: what, and where (JSON pointer; zero-based line and column). */
export interface ProjectProblem {
  message: string;
  pointer: string;
  line?: number;
  column?: number;
}

/** The project used when there is no project file (or a malformed one). */
export function defaultProject(): Project {
  return {
    policy: 'none',
    coverage: { wga: null, sag: null },
    writers: [],
    thresholds: {
      deMinimisShare: 0.01,
      deMinimisWords: 8,
      aiGeneratedSceneShare: 0.5,
      sceneAiShareLimit: 0.5,
      scriptAiShareLimit: 0.25,
      typingThreshold: 40,
    },
    counting: { titlePage: false, boneyard: false },
    consents: [],
    furnished: [],
    prior: [],
    performers: [],
    syntheticPerformers: [],
    approvals: [],
    severity: {},
  };
}

/** The nearest `.fountain-provenance.json` from the script's folder upward, or undefined. */
export function findProjectFile(scriptPath: string): string | undefined {
  try {
    let dir = dirname(resolve(scriptPath));
    for (;;) {
      const candidate = join(dir, PROJECT_FILE_NAME);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/** Checks a project against schemas/project.schema.json (ajv's code, compiled at build time). */
function validate(value: unknown): ErrorObject[] {
  return validateProject(value) ? [] : [...(validateProject.errors ?? [])];
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the project file' : `"${e.instancePath}"`;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property "${String(e.params.additionalProperty)}"`;
    case 'required':
      return `${where} is missing the required property "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return `${where} needs a "file" or a "description"`;
    default:
      return `${where} ${e.message ?? 'is not valid'}`;
  }
}

/**
 * Reads project file text into a Project. Any problem (bad JSON, a field of the wrong type)
 * is reported with its pointer and position, and the whole project falls back to the
 * defaults, so the rules never run on half a policy.
 */
export function parseProject(text: string): { project: Project; problems: ProjectProblem[] } {
  const read = readJson(text);
  if (!read.ok) {
    return {
      project: defaultProject(),
      problems: [{ message: `The project file is not valid JSON: ${read.message} (line ${read.line + 1}, column ${read.column + 1}).`, pointer: '', line: read.line, column: read.column }],
    };
  }
  const errors = validate(read.value).filter((e) => e.keyword !== 'if');
  if (errors.length > 0) {
    const seen = new Set<string>();
    const problems: ProjectProblem[] = [];
    for (const e of errors) {
      const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath;
      const message = describeError(e);
      if (seen.has(pointer + message)) continue;
      seen.add(pointer + message);
      const span = read.spans.get(pointer) ?? read.spans.get(e.instancePath);
      const at = span ? (span.keyStart ?? span.start) : undefined;
      problems.push({ message: `${message[0].toUpperCase()}${message.slice(1)}.`, pointer, ...(at === undefined ? {} : lineColumnOf(text, at)) });
    }
    return { project: defaultProject(), problems };
  }
  return { project: mergeDefaults(read.value as RawProject), problems: [] };
}

type RawProject = Omit<Partial<Project>, 'coverage' | 'writers'> & { coverage?: Partial<Coverage> | null; writers?: Array<Writer & { publicKey?: string }> };

/** The file's writers without their keys (origins and fixes name writers, never keys), and the keys. */
function writersAndKeys(raw: Array<Writer & { publicKey?: string }>): { writers: Writer[]; keys: DeclaredKey[] } {
  const writers: Writer[] = [];
  const keys: DeclaredKey[] = [];
  for (const { publicKey, ...writer } of raw) {
    writers.push(writer);
    // The key id as provenance/keys.ts keyIdOf computes it (not imported: the project file's
    // reader stays free of the signing code).
    if (publicKey) keys.push({ ...writer, publicKey, keyId: createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16) });
  }
  return { writers, keys };
}

function mergeDefaults(raw: RawProject): Project {
  const d = defaultProject();
  const policy = raw.policy ?? d.policy;
  // Where a file has both, `coverage` wins over the preset.
  const coverage: Coverage = raw.coverage ? { wga: raw.coverage.wga ?? null, sag: raw.coverage.sag ?? null } : presetCoverage(policy);
  const { writers, keys } = writersAndKeys(raw.writers ?? d.writers);
  return {
    policy,
    coverage,
    writers,
    thresholds: { ...d.thresholds, ...(raw.thresholds ?? {}) },
    counting: { ...d.counting, ...(raw.counting ?? {}) },
    ...(raw.allowedTools ? { allowedTools: raw.allowedTools } : {}),
    ...(raw.allowedModels ? { allowedModels: raw.allowedModels } : {}),
    consents: raw.consents ?? d.consents,
    furnished: raw.furnished ?? d.furnished,
    prior: raw.prior ?? d.prior,
    performers: raw.performers ?? d.performers,
    syntheticPerformers: raw.syntheticPerformers ?? d.syntheticPerformers,
    approvals: raw.approvals ?? d.approvals,
    severity: raw.severity ?? d.severity,
    ...(keys.length > 0 ? { declaredKeys: keys } : {}),
  };
}

/** Finds and reads the project file for a script; never throws. No file: the defaults, no problems. */
export function loadProject(scriptPath: string): { project: Project; path?: string; problems: ProjectProblem[] } {
  const path = findProjectFile(scriptPath);
  if (!path) return { project: defaultProject(), problems: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { project: defaultProject(), path, problems: [{ message: `The project file could not be read: ${(e as Error).message}`, pointer: '' }] };
  }
  return { path, ...parseProject(text) };
}
