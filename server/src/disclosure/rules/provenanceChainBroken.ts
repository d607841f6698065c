import type { Finding, Rule } from '../types';
import { MISMATCH_KINDS } from '../../provenance/verify';
import { ruleDocPath } from '../ruleDoc';
import { documentAnchor } from '../shares';
import { textOf } from '../../fountain/parser';

const code = 'provenance.chain-broken';

/** The journal's hash chain is broken, a checkpoint does not match its replay, or time runs backwards. */
export const provenanceChainBroken: Rule = {
  code,
  defaultSeverity: 'error',
  description: "A journal event's hash does not match, a checkpoint does not match its replay, or time runs backwards.",
  basis: 'H',
  source: 'House policy: a tamper-evident record shows every break; nothing hides one.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const text = textOf(ctx.script);
    const anchor = documentAnchor(ctx.script);
    const add = (message: string, start = anchor.start, end = anchor.end, data: Record<string, unknown> = {}): void => {
      if (seen.has(message)) return;
      seen.add(message);
      findings.push({ code, severity: 'error', message, start: Math.min(start, text.length), end: Math.min(Math.max(start, end), text.length), data: { version: 1, ...data } });
    };
    const v = ctx.verification;
    if (v) {
      // A text mismatch alone is an outside edit (provenance.external-edit); notes such as a cut last line are not breaks.
      const problems = v.problems.filter((p) => MISMATCH_KINDS.has(p.kind) && p.kind !== 'text-mismatch');
      if (problems.length === 0 && !v.chainIntact) problems.push({ kind: 'chain-broken', message: v.firstDivergence?.message ?? 'the hash chain does not hold' });
      for (const p of problems) {
        const at = p.offset ?? anchor.start;
        add(`The provenance journal is broken: ${p.message.replace(/\.$/, '')}${p.event === undefined ? '' : ` (event ${p.event})`}.`, at, p.offset === undefined ? anchor.end : at + 1, { problem: p.kind, event: p.event });
      }
    }
    for (const n of ctx.notices ?? []) {
      if (n.kind !== 'chain-broken' && n.kind !== 'moved-aside') continue;
      const r = n.ranges?.[0] ?? anchor;
      add(n.kind === 'moved-aside' ? `The provenance journal could not be read and was moved aside; a new record began with a break: ${n.message}` : `The provenance journal is broken: ${n.message}`, r.start, r.end, { notice: n.kind, path: n.path });
    }
    return findings;
  },
};
