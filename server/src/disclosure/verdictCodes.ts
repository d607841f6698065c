/**
 * Verdict-level codes (RULES.md): findings about whether the record can be trusted at all.
 * Unlike the rules they cannot be switched off or lowered by a project file or user
 * settings, so they have no severity setting. Each has its page in docs/rules/.
 */
import type { ProjectProblem } from './project';
import type { Finding } from './types';
import { ruleDocPath } from './ruleDoc';

export interface VerdictCode {
  code: string;
  severity: 'error';
  description: string;
  basis: 'H';
  source: string;
  docPath: string;
}

export const VERDICT_CODES: VerdictCode[] = [
  {
    code: 'provenance.untrusted-key',
    severity: 'error',
    description: 'A signature is by a key that is not in the roster given to the validator (--trusted-keys).',
    basis: 'H',
    source: 'House policy: keys are self-issued, so a signature names a writer only when the key is registered (docs/journal.md, Signing).',
    docPath: ruleDocPath('provenance.untrusted-key'),
  },
  {
    code: 'policy.invalid',
    severity: 'error',
    description: 'The project file cannot be parsed or breaks its schema; the defaults apply (no union coverage).',
    basis: 'H',
    source: 'House policy: a policy that silently vanishes would drop consents and coverage (schemas/project.schema.json).',
    docPath: ruleDocPath('policy.invalid'),
  },
];

/** The `policy.invalid` finding for a project file's problems (none when there are none), naming line and column. */
export function policyInvalidFinding(problems: readonly ProjectProblem[] | undefined, projectPath: string | undefined, anchor: { start: number; end: number }): Finding | undefined {
  if (!problems || problems.length === 0) return undefined;
  const first = problems[0];
  const where = first.line === undefined ? '' : ` at line ${first.line + 1}, column ${(first.column ?? 0) + 1}`;
  const pointer = first.pointer ? ` (${first.pointer})` : '';
  return {
    code: 'policy.invalid',
    severity: 'error',
    message: `The project file${projectPath ? ` ${projectPath}` : ''} is invalid${where}${pointer}: ${first.message.replace(/\.$/, '')}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : ''}. The defaults apply: no union coverage, no consents, no furnished material.`,
    start: anchor.start,
    end: anchor.end,
    data: { version: 1, ...(projectPath ? { path: projectPath } : {}), ...(first.line !== undefined ? { line: first.line + 1, column: (first.column ?? 0) + 1 } : {}), pointer: first.pointer },
  };
}
