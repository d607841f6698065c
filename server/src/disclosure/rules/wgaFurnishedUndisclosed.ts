import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { documentAnchor } from '../shares';
import { materialNames } from './wgaAiSourceMaterial';

const code = 'wga.furnished-undisclosed';

/** Furnished material that may be AI-made, with no company disclosure recorded. */
export const wgaFurnishedUndisclosed: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'Furnished material whose AI origin is yes or unknown has no company disclosure recorded.',
  basis: 'C',
  source: 'WGA MBA Article 72.C.1 (2023, carried into 2026): the company must disclose AI material it hands a writer.',
  union: 'wga',
  provisions: {
    'mba-2023': 'Article 72.C.1: the company discloses to the writer any material it furnishes that was produced or incorporates material produced by generative AI.',
    'mba-2026': 'Article 72.C.1 as carried into the 2026 MBA (read from published summaries of the April 2026 tentative agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    const runs = ctx.ledger.runs(0, ctx.ledger.length, (o) => o.kind === 'furnished');
    const anchor = documentAnchor(ctx.script);
    const reported = new Set<string>();
    for (const m of ctx.project.furnished) {
      const names = materialNames(m).map((n) => n.toLowerCase());
      const label = m.title ?? m.file ?? m.description ?? m.id ?? 'furnished material';
      for (const n of names) reported.add(n);
      if (m.aiOrigin === 'no' || m.disclosedBy) continue;
      const run = runs.find((r) => r.origin.kind === 'furnished' && names.includes(r.origin.material.trim().toLowerCase()));
      findings.push({
        code,
        severity: 'warning',
        message: `Furnished material "${label}" has AI origin "${m.aiOrigin}" and no company disclosure recorded: ask the company to disclose whether AI produced it, and record who disclosed it.`,
        start: run?.start ?? anchor.start,
        end: run?.end ?? anchor.end,
        data: { version: 1, material: label, aiOrigin: m.aiOrigin },
      });
    }
    for (const r of runs) {
      const o = r.origin;
      if (o.kind !== 'furnished' || o.aiOrigin === 'no' || o.disclosedBy) continue;
      if (reported.has(o.material.trim().toLowerCase())) continue;
      findings.push({
        code,
        severity: 'warning',
        message: `This text comes from furnished material "${o.material}" with AI origin "${o.aiOrigin}" and no company disclosure recorded.`,
        start: r.start,
        end: r.end,
        data: { version: 1, material: o.material, aiOrigin: o.aiOrigin },
      });
    }
    return findings;
  },
};
