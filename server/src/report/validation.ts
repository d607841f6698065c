/**
 * The outcome of validating one submitted script against its journal, as the `validate`
 * command reports it (text, JSON, SARIF).
 */

/**
 * `verified`: the journal replays to the script byte for byte and the chain is intact.
 * `verified-with-gaps`: the same, with text of unknown origin or untracked periods.
 * `mismatch`: the journal does not reproduce the script, or its chain is broken.
 * `no-record`: no journal beside the script. `unreadable`: the script or journal could not be read.
 */
export type Verdict = 'verified' | 'verified-with-gaps' | 'unsigned' | 'mismatch' | 'no-record' | 'unreadable';

export interface ValidationFinding {
  code: string;
  severity: 'hint' | 'info' | 'warning' | 'error';
  message: string;
  /** The file the finding is in (the script, or its journal for chain problems), as given. */
  file: string;
  /** 1-based; columns in UTF-16 code units, end exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Journal event number for journal problems. */
  event?: number;
  basis?: string;
  source?: string;
  description?: string;
  docs?: string;
}

export interface ScriptValidation {
  file: string;
  journal?: string;
  verdict: Verdict;
  chainIntact?: boolean;
  events?: number;
  aiShare?: number;
  signedBy?: string[];
  findings: ValidationFinding[];
  counts: { error: number; warning: number; info: number; hint: number };
  /** Passed: verified (with or without gaps) and no error-level finding (nor warning, when strict). */
  pass: boolean;
  /** Why the input could not be read. */
  error?: string;
}

/** Validator codes that are not disclosure rules. */
export const VALIDATOR_RULES = [
  {
    code: 'validate.no-record',
    defaultSeverity: 'error' as const,
    description: 'The script has no provenance journal beside it.',
    basis: 'H',
    source: 'Fountain Provenance validator',
  },
  {
    code: 'validate.mismatch',
    defaultSeverity: 'error' as const,
    description: 'Replaying the journal does not reproduce the submitted script byte for byte.',
    basis: 'H',
    source: 'Fountain Provenance validator',
  },
  {
    code: 'validate.journal',
    defaultSeverity: 'error' as const,
    description: 'A journal event is damaged, out of order or fails its hash or signature check.',
    basis: 'H',
    source: 'Fountain Provenance validator',
  },
  {
    code: 'validate.unreadable',
    defaultSeverity: 'error' as const,
    description: 'The script or its journal could not be read.',
    basis: 'H',
    source: 'Fountain Provenance validator',
  },
];

/** Exit code for a batch: 2 if any input was unreadable, 1 if any script failed, else 0. */
export function exitCodeOf(results: ScriptValidation[]): number {
  if (results.some((r) => r.verdict === 'unreadable')) return 2;
  return results.every((r) => r.pass) ? 0 : 1;
}
