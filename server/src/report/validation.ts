/**
 * The outcome of validating one submitted script against its journal, as the `validate`
 * command reports it (text, JSON, SARIF).
 */
import type { Anchor } from '../provenance/verifyTypes';

/**
 * `verified`: the journal replays to the script byte for byte, every event is covered by a
 * valid signature and no text is of unknown origin (see VERIFIED_MEANS).
 * `verified-with-gaps`: the same, with text of unknown origin, untracked periods or an unsigned tail.
 * `unsigned`: no signature in the journal is valid, so nothing in it is trusted.
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
  /** Each signer by key id (valid signatures only), with how the key stands against the roster. */
  signers?: SignerReport[];
  /** Whether the signers' keys were checked against a roster (`--trusted-keys`). */
  keysChecked?: boolean;
  /** Counted text of unknown origin, and AI-origin text (generated in the editor or furnished as AI). */
  unknownShare?: number;
  aiOriginShare?: number;
  /** The journal's format, and what a format 1 journal lacks. */
  format?: string;
  lacks?: string[];
  /** The last event a valid signature covers, and the unsigned tail after it. */
  sealedThrough?: number;
  unsignedTail?: { from: number; to: number };
  /** Checkpoints anchored by a time stamp (`--tsa-cert`); without it, `timestamps` says they were not checked. */
  anchors?: Anchor[];
  timestamps?: 'checked' | 'not-checked' | 'none';
  findings: ValidationFinding[];
  counts: { error: number; warning: number; info: number; hint: number };
  /** Passed: verified (with or without gaps) and no error-level finding (nor warning, when strict). */
  pass: boolean;
  /** Why the input could not be read. */
  error?: string;
}

/** One signing key of a journal, as every output names it. */
export interface SignerReport {
  name: string;
  email?: string;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
  /** The checkpoints and seals it validly signed. */
  checkpoints: number[];
  /** With a roster: `registered`, `not-registered` or `outside-validity`; without one: `not-checked`. */
  roster: 'registered' | 'not-registered' | 'outside-validity' | 'not-checked';
  /** The name the roster gives the key. */
  rosterName?: string;
  /**
   * Against the keys the project file declares (`writers[].publicKey`; the writers' own file,
   * so weaker than a roster): `declared` (the key is listed), `differs` (the project file
   * lists another key for a writer of this name or email) or `not-listed`. Absent when the
   * project file declares no key.
   */
  project?: 'declared' | 'differs' | 'not-listed';
  /** The writer the project file declares the key for, or (when `differs`) the writer whose declared key differs. */
  projectName?: string;
}

/**
 * What `verified` means: the same words in README.md, docs/journal.md, docs/report.md,
 * `validate --help` and the report's limits section (a test checks all five).
 */
export const VERIFIED_MEANS =
  '`verified` means: replaying the journal rebuilds the submitted script byte for byte, every event is covered by a valid writer\'s signature (a sealed hash chain, so no event was changed, removed or reordered after it was signed), and no text is of unknown origin. A roster (`--trusted-keys`) adds that every signature is by a registered key; without one, a key proves only that the same key signed throughout. A time-stamp authority (`--tsa-cert`) adds that an anchored checkpoint existed by the time the authority names; other times are the writer\'s clock. None of them can prove what a writer typed from: text retyped by hand from another window is recorded as typing.';

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
    code: 'validate.unsigned',
    defaultSeverity: 'error' as const,
    description: 'No signature in the journal is valid, so nothing in it is trusted (verdict unsigned).',
    basis: 'H',
    source: 'Fountain Provenance validator (docs/journal.md, Sealed)',
  },
  {
    code: 'validate.unsigned-tail',
    defaultSeverity: 'warning' as const,
    description: 'Events after the last valid signature: their labels are not trusted and their text is of unknown origin.',
    basis: 'H',
    source: 'Fountain Provenance validator (docs/journal.md, Sealed)',
  },
  {
    code: 'validate.timestamp',
    defaultSeverity: 'warning' as const,
    description: 'A time-stamp token does not verify against the given authority certificate, or does not stamp its checkpoint.',
    basis: 'H',
    source: 'RFC 3161; Fountain Provenance validator',
  },
  {
    code: 'provenance.untrusted-key',
    defaultSeverity: 'error' as const,
    description: 'A signature is by a key that is not in the roster given to the validator (--trusted-keys).',
    basis: 'H',
    source: 'Fountain Provenance validator (docs/rules/provenance.untrusted-key.md)',
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
