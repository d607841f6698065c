/**
 * Policy profiles: which rules run and at what severity, before the project file's and the
 * user's overrides. See docs/policy.md.
 */
import type { PolicyProfile, Project } from './project';
import type { Rule, Severity } from './types';

/** The profiles a project can name. */
export const PROFILES: readonly PolicyProfile[] = ['wga-mba', 'non-union', 'custom'];

const SEVERITIES: readonly Severity[] = ['off', 'hint', 'info', 'warning', 'error'];

/** True for the five severity words. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

// A non-union project is not bound by the WGA contract; the company's tool list still
// matters, and replicas stay a warning because California law (AB 2602, AB 1836) binds anyway.
const NON_UNION: Record<string, Severity> = {
  'wga.ai-credited': 'info',
  'wga.ai-source-material': 'off',
  'wga.furnished-undisclosed': 'off',
  'wga.consent-missing': 'off',
  'sag.synthetic-performer': 'info',
};

/** The severity a profile gives a rule (before overrides). */
export function profileSeverity(profile: PolicyProfile, rule: Rule): Severity {
  switch (profile) {
    case 'non-union':
      return NON_UNION[rule.code] ?? rule.defaultSeverity;
    case 'custom':
      // A studio's own policy names what it enforces; the record's integrity checks always run.
      return rule.code.startsWith('provenance.') ? rule.defaultSeverity : 'off';
    default:
      return rule.defaultSeverity;
  }
}

/**
 * The severity a rule runs at: the profile's, then the project file's `severity`, then the
 * user's setting. A setting equal to the rule's default counts as not set, because editors
 * report defaults as values and a default must not undo the profile.
 */
export function effectiveSeverity(rule: Rule, project: Project, settings?: Record<string, Severity>): Severity {
  let severity = profileSeverity(project.policy, rule);
  const fromProject = project.severity[rule.code];
  if (isSeverity(fromProject)) severity = fromProject;
  const fromSettings = settings?.[rule.code];
  if (isSeverity(fromSettings) && fromSettings !== rule.defaultSeverity) severity = fromSettings;
  return severity;
}
