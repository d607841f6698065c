import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { aiRuns, matchesPattern, modelLabel } from '../shares';

const code = 'wga.policy-tool';

/** An AI tool or model the project does not allow. */
export const wgaPolicyTool: Rule = {
  code,
  defaultSeverity: 'warning',
  description: "The AI tool or model is not on the project's allowed list.",
  basis: 'H',
  source: "The company's own AI policy (house policy: the WGA MBA only says a writer who uses AI follows it).",
  docPath: ruleDocPath(code),
  check(ctx) {
    const { allowedTools, allowedModels } = ctx.project;
    if (!allowedTools && !allowedModels) return [];
    const findings: Finding[] = [];
    for (const run of aiRuns(ctx.ledger)) {
      const o = run.origin;
      const badTool = allowedTools !== undefined && !allowedTools.some((p) => matchesPattern(p, o.tool));
      const badModel = allowedModels !== undefined && !allowedModels.some((p) => matchesPattern(p, o.model));
      if (!badTool && !badModel) continue;
      const what = [badTool ? `tool "${o.tool ?? 'unrecorded'}"` : '', badModel ? `model "${o.model ?? 'unrecorded'}"` : ''].filter(Boolean).join(' and ');
      findings.push({
        code,
        severity: 'warning',
        message: `AI text from ${modelLabel(o)}: the ${what} ${badTool && badModel ? 'are' : 'is'} not on the project's allowed list.`,
        start: run.start,
        end: run.end,
        data: { version: 1, tool: o.tool, model: o.model },
      });
    }
    return findings;
  },
};
