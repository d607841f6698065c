import type { Finding, Rule } from '../types';
import { attestFix, attestingWriter } from '../fixes';
import { MISMATCH_KINDS } from '../../provenance/verify';
import { ruleDocPath } from '../ruleDoc';
import { documentAnchor } from '../shares';
import { textOf } from '../../fountain/parser';

const code = 'provenance.external-edit';

/** Text that changed while the tracker was not watching, not yet attested or accepted. */
export const provenanceExternalEdit: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'The file changed while the tracker was not watching (the journal no longer matches the file).',
  basis: 'H',
  source: 'House policy: outside changes stay visible until a writer attests or accepts them.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    const text = textOf(ctx.script);
    const reconciled = (ctx.notices ?? []).some((n) => n.kind === 'reconciled');
    const when = reconciled ? 'changed outside the editor before this file was opened' : 'changed while the tracker was not watching';
    // Only the runs of outside changes are made into objects (all of them were, on every keystroke).
    for (const run of ctx.ledger.runs(0, ctx.ledger.length, (o) => o.kind === 'external' && o.channel !== 'attestation')) {
      if (!/\S/.test(text.slice(run.start, run.end))) continue;
      const writer = attestingWriter(ctx);
      findings.push({
        code,
        severity: 'warning',
        message: `${run.end - run.start} characters ${when}: attest them as your own writing or accept them as an outside change.`,
        start: run.start,
        end: run.end,
        fixes: [
          ...attestFix(ctx, run.start, run.end),
          {
            title: 'Accept as an outside change',
            kind: 'relabel',
            start: run.start,
            end: run.end,
            origin: { kind: 'external', channel: 'attestation', at: ctx.now.toISOString(), note: writer ? `accepted by ${writer.name}` : 'accepted' },
          },
        ],
        data: { version: 1 },
      });
    }
    const v = ctx.verification;
    if (v && v.status === 'mismatch') {
      const mismatches = v.problems.filter((p) => p.kind === 'text-mismatch');
      const chainOnly = mismatches.length === 0 && v.chainIntact && !v.problems.some((p) => MISMATCH_KINDS.has(p.kind));
      if (chainOnly) mismatches.push({ kind: 'text-mismatch', message: v.firstDivergence?.message ?? 'the text differs from the replayed journal', offset: v.firstDivergence?.offset });
      for (const p of mismatches) {
        const anchor = p.offset === undefined ? documentAnchor(ctx.script) : { start: Math.min(p.offset, text.length), end: Math.min(p.offset + 1, text.length) };
        findings.push({
          code,
          severity: 'warning',
          message: `The file differs from what its journal records (${p.message.replace(/\.$/, '')}): it was changed where the tracker could not see.`,
          ...anchor,
          data: { version: 1, verification: v.status },
        });
      }
    }
    return findings;
  },
};
