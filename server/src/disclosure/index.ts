/**
 * The disclosure rules and the function that runs them under a policy. Rules are pure; a
 * rule that throws becomes one internal finding for that rule, never a crash.
 */
import type { Finding, Rule, RuleContext, Severity } from './types';
import { contractFor, effectiveSeverity, ruleApplies } from './profiles';
import { contractName, uncoveredNote } from './contracts';
import { provenanceUnattributed } from './rules/provenanceUnattributed';
import { provenanceExternalEdit } from './rules/provenanceExternalEdit';
import { provenanceChainBroken } from './rules/provenanceChainBroken';
import { provenanceModelUnknown } from './rules/provenanceModelUnknown';
import { provenanceImplausibleTyping } from './rules/provenanceImplausibleTyping';
import { policyInvalidFinding } from './verdictCodes';
import { documentAnchor } from './shares';
import { wgaAiCredited } from './rules/wgaAiCredited';
import { wgaAiSourceMaterial } from './rules/wgaAiSourceMaterial';
import { wgaFurnishedUndisclosed } from './rules/wgaFurnishedUndisclosed';
import { wgaConsentMissing } from './rules/wgaConsentMissing';
import { wgaPolicyTool } from './rules/wgaPolicyTool';
import { uscoDisclose } from './rules/uscoDisclose';
import { uscoUnrevisedAi } from './rules/uscoUnrevisedAi';
import { sagReplicaConsent } from './rules/sagReplicaConsent';
import { sagSyntheticPerformer } from './rules/sagSyntheticPerformer';
import { sagReplicaRewritten } from './rules/sagReplicaRewritten';
import { sagReplicaHint } from './rules/sagReplicaHint';
import { disclosureTitlePageMissing } from './rules/disclosureTitlePageMissing';
import { disclosureTitlePageStale } from './rules/disclosureTitlePageStale';
import { disclosureThreshold } from './rules/disclosureThreshold';
import { textOf } from '../fountain/parser';

export type { Basis, Finding, Fix, Rule, RuleContext, Severity } from './types';

/** Every rule, in catalog order (docs/rules, RULES.md). */
export const rules: Rule[] = [
  provenanceUnattributed,
  provenanceExternalEdit,
  provenanceChainBroken,
  provenanceModelUnknown,
  provenanceImplausibleTyping,
  wgaAiCredited,
  wgaAiSourceMaterial,
  wgaFurnishedUndisclosed,
  wgaConsentMissing,
  wgaPolicyTool,
  uscoDisclose,
  uscoUnrevisedAi,
  sagReplicaConsent,
  sagReplicaRewritten,
  sagReplicaHint,
  sagSyntheticPerformer,
  disclosureTitlePageMissing,
  disclosureTitlePageStale,
  disclosureThreshold,
];

/** The rule with this code, if any. */
export function ruleFor(code: string): Rule | undefined {
  return rules.find((r) => r.code === code);
}

/** Code of the internal entry that says the project file was unusable. */
export const PROJECT_DEFAULTS_CODE = 'project.defaults';

export interface RuleRun {
  findings: Finding[];
  /** Rules that failed (one entry per rule) and policy notes such as a malformed project file. */
  internal: { code: string; message: string }[];
}

/**
 * Runs every rule the project's policy enables, at the severity the profile, the project
 * file's `severity` and the user's `severities` settings give it. Never throws.
 * `ruleSet` replaces the catalog (tests use it to run a failing rule).
 */
export function runRules(ctx: RuleContext, severities?: Record<string, Severity>, ruleSet: readonly Rule[] = rules): RuleRun {
  const findings: Finding[] = [];
  const internal: RuleRun['internal'] = [];
  const length = textOf(ctx.script).length;
  if (ctx.projectProblems && ctx.projectProblems.length > 0) {
    const first = ctx.projectProblems[0];
    const where = first.line === undefined ? '' : ` (line ${first.line + 1}, column ${(first.column ?? 0) + 1})`;
    internal.push({
      code: PROJECT_DEFAULTS_CODE,
      message: `The project file${ctx.projectPath ? ` ${ctx.projectPath}` : ''} has ${ctx.projectProblems.length} problem${ctx.projectProblems.length === 1 ? '' : 's'} (first: ${first.message}${where}); the rules ran with the default policy.`,
    });
  }
  // Verdict-level: a broken project file is an error whatever the severities say.
  const invalid = policyInvalidFinding(ctx.projectProblems, ctx.projectPath, documentAnchor(ctx.script));
  if (invalid) findings.push(invalid);
  for (const rule of ruleSet) {
    let severity: Severity;
    try {
      severity = effectiveSeverity(rule, ctx.project, severities);
    } catch {
      severity = rule.defaultSeverity;
    }
    if (severity === 'off') continue;
    try {
      const found = rule.check(ctx);
      const applies = ruleApplies(rule, ctx.project);
      const contract = contractFor(rule, ctx.project);
      for (const f of found) {
        const start = Math.max(0, Math.min(length, Math.trunc(f.start) || 0));
        const end = Math.max(start, Math.min(length, Math.trunc(f.end) || 0));
        // A finding a rule marks informational (data.informational) stays at info at most.
        const capped = f.data?.informational === true && (severity === 'error' || severity === 'warning') ? 'info' : severity;
        const out: Finding = { ...f, code: rule.code, severity: capped, start, end };
        if (rule.basis === 'C' && rule.union) {
          // Say which contract the finding reads, or that none binds the project.
          out.data = { version: 1, ...(f.data ?? {}), covered: applies, contract: contract ?? null };
          out.message = applies ? `${f.message} (${contractName(contract)}.)` : `${f.message} ${uncoveredNote(rule.union)}`;
        }
        findings.push(out);
      }
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      internal.push({ code: rule.code, message: `The rule ${rule.code} failed and was skipped: ${reason}` });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { findings, internal };
}
