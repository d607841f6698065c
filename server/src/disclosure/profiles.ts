/**
 * Policy presets and coverage: which rules run and at what severity, before the project
 * file's and the user's overrides. See docs/policy.md and RULES.md ("Who is bound").
 */
import type { PolicyProfile, Project } from './project';
import type { Rule, Severity } from './types';

/** The presets a project can name; `none` (no union contract assumed) is the default. */
export const PROFILES: readonly PolicyProfile[] = ['none', 'wga-mba', 'wga-sag', 'non-union', 'custom'];

const SEVERITIES: readonly Severity[] = ['off', 'hint', 'info', 'warning', 'error'];

/** True for the five severity words. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** True for a preset name. */
export function isProfile(value: unknown): value is PolicyProfile {
  return typeof value === 'string' && (PROFILES as readonly string[]).includes(value);
}

/** The contract version that binds the project for this rule, or null when the rule's union does not cover it. */
export function contractFor(rule: Pick<Rule, 'basis' | 'union'>, project: Project): string | null {
  if (rule.basis !== 'C' || !rule.union) return null;
  return project.coverage?.[rule.union] ?? null;
}

/** True when the rule binds the project: any rule not of basis C, or a C rule whose union covers it. */
export function ruleApplies(rule: Pick<Rule, 'basis' | 'union'>, project: Project): boolean {
  if (rule.basis !== 'C' || !rule.union) return true;
  return contractFor(rule, project) !== null;
}

/** The severity a preset gives a rule (before overrides). */
export function profileSeverity(profile: PolicyProfile, rule: Rule): Severity {
  if (profile === 'custom') {
    // A studio's own policy names what it enforces; the record's integrity checks always run.
    return rule.code.startsWith('provenance.') ? rule.defaultSeverity : 'off';
  }
  return rule.defaultSeverity;
}

/**
 * The severity a rule runs at: the preset's, then the project file's `severity`, then the
 * user's setting. A setting equal to the rule's default counts as not set, because editors
 * report defaults as values and a default must not undo the profile.
 *
 * A contract rule (basis C) whose union does not cover the project never raises more than a
 * hint, whatever the overrides say: a writer the contract does not bind is not in breach of
 * it. The hint says what would apply if the project were covered; `off` still silences it.
 */
export function effectiveSeverity(rule: Rule, project: Project, settings?: Record<string, Severity>): Severity {
  let severity = profileSeverity(project.policy, rule);
  const fromProject = project.severity[rule.code];
  if (isSeverity(fromProject)) severity = fromProject;
  const fromSettings = settings?.[rule.code];
  if (isSeverity(fromSettings) && fromSettings !== rule.defaultSeverity) severity = fromSettings;
  if (severity !== 'off' && !ruleApplies(rule, project)) severity = 'hint';
  return severity;
}
