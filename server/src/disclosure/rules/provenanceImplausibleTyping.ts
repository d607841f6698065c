import type { Finding, Rule } from '../types';
import { IMPLAUSIBLE_CHARS_PER_MINUTE, TYPING_WINDOW_MS } from '../../provenance/evidence';
import { ruleDocPath } from '../ruleDoc';
import { documentAnchor } from '../shares';

const code = 'provenance.implausible-typing';

/**
 * Text recorded as typed arrived at a sustained rate no person types: soft evidence, from the
 * journal's times only, so the editor and the validator agree.
 */
export const provenanceImplausibleTyping: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'Text recorded as typed arrived at a sustained rate no person types (over 1,000 characters a minute for a minute).',
  basis: 'H',
  source: 'House policy: professional typists sustain well under 1,000 characters a minute (about 200 words); see the rule page for the threshold and its source.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    const anchor = documentAnchor(ctx.script);
    for (const r of ctx.verification?.typingRates ?? []) {
      if (!r.implausible) continue;
      findings.push({
        code,
        severity: 'warning',
        message: `${r.writer.name || 'A writer'} is recorded as typing ${r.peakPerMinute.toLocaleString('en-US')} characters a minute, sustained over ${TYPING_WINDOW_MS / 1000} seconds from ${r.at}${r.events ? ` (journal events ${r.events.from} to ${r.events.to})` : ''}: more than the ${IMPLAUSIBLE_CHARS_PER_MINUTE.toLocaleString('en-US')} a minute a person types. The times come from the writer's clock; this is soft evidence, not proof.`,
        start: anchor.start,
        end: anchor.end,
        data: { version: 1, writer: r.writer.name, peakPerMinute: r.peakPerMinute, at: r.at, ...(r.events ? { events: r.events } : {}) },
      });
    }
    return findings;
  },
};
