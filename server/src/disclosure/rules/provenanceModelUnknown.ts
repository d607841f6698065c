import type { AiOrigin } from '../../provenance/types';
import type { Finding, Fix, Rule } from '../types';
import { knownModels } from '../fixes';
import { ruleDocPath } from '../ruleDoc';
import { aiRuns, modelLabel } from '../shares';

const code = 'provenance.model-unknown';

/** An AI run with no tool or model recorded. */
export const provenanceModelUnknown: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'An AI run has no tool or model recorded.',
  basis: 'H',
  source: 'House policy: disclosure names the model; guild and registration statements need it.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const run of aiRuns(ctx.ledger)) {
      const o = run.origin;
      if (o.model && o.tool) continue;
      // A model the writer named when marking text AI-assisted is recorded with no tool it did not go through.
      if (o.model && o.assisted) continue;
      const missing = !o.model && !o.tool ? 'tool or model' : !o.model ? 'model' : 'tool';
      const fixes: Fix[] = [];
      for (const m of knownModels(ctx)) {
        if (o.model && m.model !== o.model) continue;
        const tool = o.tool ?? m.tool;
        const origin: AiOrigin = { ...o, channel: 'attestation', model: m.model, ...(tool ? { tool } : {}) };
        const title = `Record the model: ${modelLabel(origin)}`;
        if (fixes.some((f) => f.title === title)) continue;
        fixes.push({ title: `Record the model: ${modelLabel(origin)}`, kind: 'relabel', start: run.start, end: run.end, origin });
      }
      findings.push({
        code,
        severity: 'warning',
        message: `This AI-generated text (${run.end - run.start} characters) has no ${missing} recorded: pick the model that produced it.`,
        start: run.start,
        end: run.end,
        ...(fixes.length > 0 ? { fixes } : {}),
        data: { version: 1, missing },
      });
    }
    return findings;
  },
};
