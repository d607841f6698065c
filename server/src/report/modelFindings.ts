/**
 * Report parts: the findings, with their rules' basis and documentation, and one summary
 * per rule.
 */
import type { Finding, Rule } from '../disclosure/types';
import { placeOf } from './tally';
import type { FindingReport, RuleSummary } from './types';

/** The rule metadata a report shows. */
export type RuleMeta = Pick<Rule, 'code' | 'defaultSeverity' | 'description' | 'basis' | 'source' | 'docPath'>;

/** Findings in text order and one summary per rule of `ruleTable`. */
export function findingsOf(
  input: readonly Finding[],
  ruleTable: readonly RuleMeta[],
  text: string,
  lineStarts: number[],
): { findings: FindingReport[]; rules: RuleSummary[] } {
  const meta = new Map(ruleTable.map((r) => [r.code, r]));
  const findings: FindingReport[] = input
    .map((f) => {
      const r = meta.get(f.code);
      const item: FindingReport = {
        code: f.code,
        severity: f.severity,
        message: f.message,
        docs: r?.docPath ?? `docs/rules/${f.code}.md`,
        place: placeOf(lineStarts, Math.max(0, Math.min(f.start, text.length)), Math.max(0, Math.min(f.end, text.length))),
      };
      if (r) {
        item.basis = r.basis;
        item.source = r.source;
        item.description = r.description;
      }
      return item;
    })
    .sort((a, b) => a.place.start - b.place.start || a.code.localeCompare(b.code));
  const ruleSummaries: RuleSummary[] = ruleTable.map((r) => {
    const own = findings.filter((f) => f.code === r.code);
    return {
      code: r.code,
      description: r.description,
      basis: r.basis,
      source: r.source,
      severity: own[0]?.severity ?? r.defaultSeverity,
      findings: own.length,
    };
  });

  return { findings, rules: ruleSummaries };
}
