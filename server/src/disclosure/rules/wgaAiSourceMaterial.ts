import type { FurnishedMaterial } from '../project';
import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';

const code = 'wga.ai-source-material';

/** Names a title page could cite a furnished material by: title, id, file name with and without extension. */
export function materialNames(m: FurnishedMaterial): string[] {
  const names = [m.title, m.id];
  if (m.file) {
    const base = m.file.split(/[\\/]/).pop() ?? m.file;
    names.push(base, base.replace(/\.[^.]+$/, ''));
  }
  if (m.description && m.description.length <= 80) names.push(m.description);
  return [...new Set(names.filter((n): n is string => !!n && n.trim().length >= 3).map((n) => n.trim()))];
}

/** AI-made furnished material cited as source material for credit. */
export const wgaAiSourceMaterial: Rule = {
  code,
  defaultSeverity: 'error',
  description: 'Furnished material whose AI origin is yes is cited as Source: or "based on" on the title page.',
  basis: 'C',
  source: 'WGA MBA Article 72.C (2023, carried into 2026): AI-generated material is not source material for credit, and does not make the writer a rewriter.',
  union: 'wga',
  provisions: {
    'mba-2023': 'Article 72.C: material produced by generative AI is not source material or literary material; a writer handed it is not a rewriter because of it.',
    'mba-2026': 'Article 72.C as carried into the 2026 MBA (read from published summaries of the April 2026 tentative agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const aiMaterials: Array<{ label: string; names: string[] }> = ctx.project.furnished
      .filter((m) => m.aiOrigin === 'yes')
      .map((m) => ({ label: m.title ?? m.file ?? m.description ?? m.id ?? 'furnished material', names: materialNames(m) }));
    for (const o of ctx.ledger.origins()) {
      if (o.kind === 'furnished' && o.aiOrigin === 'yes' && o.material.trim().length >= 3) aiMaterials.push({ label: o.material, names: [o.material.trim()] });
    }
    if (aiMaterials.length === 0) return [];
    const findings: Finding[] = [];
    for (const entry of ctx.script.titlePage) {
      const isSource = entry.key.trim().toLowerCase() === 'source';
      const value = entry.value.toLowerCase();
      if (!isSource && !/\bbased on\b/.test(value)) continue;
      const cited = aiMaterials.filter((m) => m.names.some((n) => value.includes(n.toLowerCase())));
      const labels = [...new Set(cited.map((m) => m.label))];
      if (labels.length === 0) continue;
      findings.push({
        code,
        severity: 'error',
        message: `The title page's "${entry.key.trim()}" cites ${labels.map((l) => `"${l}"`).join(', ')}, furnished material the company says AI produced: AI material is not source material for credit under the WGA MBA.`,
        start: entry.valueStart,
        end: Math.max(entry.valueEnd, entry.valueStart),
        data: { version: 1, materials: labels },
      });
    }
    return findings;
  },
};
