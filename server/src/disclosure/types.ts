/**
 * Shared types of the disclosure rules: findings, fixes and the context a rule reads.
 * Offsets are UTF-16 code units into the script text; ranges are half-open.
 */
import type { Script, TextEdit } from '../fountain/types';
import type { Origin, Writer } from '../provenance/types';
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import type { RecordNotice } from '../provenance/record';
import type { Project, ProjectProblem } from './project';

/** How loudly a finding is shown; `off` means the rule does not run. */
export type Severity = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** How binding a rule's source is: Law in force, union Contract, Guidance an agency acts on, House policy. */
export type Basis = 'L' | 'C' | 'G' | 'H';

/** A change that makes a finding go away. A relabel fix is journaled as an attestation. */
export type Fix =
  | { title: string; kind: 'edit'; edits: TextEdit[] }
  | { title: string; kind: 'relabel'; start: number; end: number; origin: Origin };

/** One thing a rule found, at a range of the script. */
export interface Finding {
  code: string;
  severity: Exclude<Severity, 'off'>;
  /** One sentence naming what is wrong and where. */
  message: string;
  start: number;
  end: number;
  fixes?: Fix[];
  /** A small versioned object with what a quick fix needs (`version` is always 1 today). */
  data?: Record<string, unknown>;
  /** Other places the finding concerns (e.g. the surviving fragments of one AI insertion). */
  related?: Array<{ start: number; end: number; message: string }>;
}

/** What a rule reads. Everything but `script`, `ledger`, `project` and `now` is optional. */
export interface RuleContext {
  script: Script;
  ledger: Ledger;
  project: Project;
  verification?: Verification;
  notices?: RecordNotice[];
  now: Date;
  /** The writer at the keyboard, named in attestation fixes (falls back to the project's first writer). */
  writer?: Writer;
  /** Problems found in the project file; when present the rules ran with the defaults. */
  projectProblems?: ProjectProblem[];
  /** Path of the project file the rules read, if any (for messages). */
  projectPath?: string;
}

/** One disclosure rule: a stable code, its default, its source, and a pure check. */
export interface Rule {
  /** Stable code such as `provenance.unattributed`; never renamed or reused. */
  code: string;
  /** Severity in the `wga-mba` profile. */
  defaultSeverity: Exclude<Severity, 'off'>;
  /** One line: what the rule checks. */
  description: string;
  basis: Basis;
  /** Where the rule comes from, e.g. "WGA 2023 MBA, Article 72.B". */
  source: string;
  /**
   * For a rule of basis C: the union whose contract it reads. The rule applies only where the
   * project's coverage names that union; elsewhere it runs as a hint saying what would apply.
   */
  union?: 'wga' | 'sag';
  /** For a C rule: the provision it reads in each contract version (cited on its page and in its findings). */
  provisions?: Record<string, string>;
  /** The rule's page, relative to the extension root, e.g. `docs/rules/provenance.unattributed.md`. */
  docPath: string;
  /** Findings for the context; severity in them is the default (runRules applies the policy). */
  check(ctx: RuleContext): Finding[];
}
