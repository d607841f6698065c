/** The shapes verification and replay report in (see verify.ts). */
import type { Ledger } from './ledger';
import type { VerificationStatus, Writer } from './types';

/** Something wrong or noteworthy in a journal, located by event (seq) and file line. */
export interface JournalProblem {
  /**
   * `bad-header`, `bad-event`, `chain-broken`, `sequence`, `time-backwards`, `unknown-origin`,
   * `out-of-range`, `checkpoint-text-hash`, `checkpoint-ledger`, `checkpoint-origins`,
   * `foreign-checkpoint`, `bad-signature`, `missing-signature`, `unknown-key`, `text-mismatch` (each makes the
   * status `mismatch`); `truncated`, `unsigned-checkpoint` (notes).
   */
  kind: string;
  event?: number;
  line?: number;
  /** Offset in the text, where one applies. */
  offset?: number;
  message: string;
}

/** One checkpoint signature and whether it holds. */
export interface SignatureCheck {
  writer: Writer;
  publicKey: string;
  event: number;
  valid: boolean;
  /** Added: the key's id, and the event that introduced the key (0 = the header). */
  keyId?: string;
  keyIntroducedBy?: number;
}

/** A part of the record that is not an observed, attributed history. */
export interface Gap {
  kind: 'external' | 'unattributed' | 'break' | 'untracked-period';
  start?: number;
  end?: number;
  event?: number;
  from?: string;
  to?: string;
  message: string;
}

/** What {@link replayJournal} rebuilds. */
export interface Replay {
  text: string;
  ledger: Ledger;
  events: number;
  problems: JournalProblem[];
}

/** The outcome of {@link verifyJournal}. */
export interface Verification {
  status: VerificationStatus;
  chainIntact: boolean;
  events: number;
  firstDivergence?: { event: number; offset?: number; message: string; line?: number };
  problems: JournalProblem[];
  signatures: SignatureCheck[];
  gaps: Gap[];
  timeSpan?: { from: string; to: string };
  ledger?: Ledger;
  text?: string;
}

/** Problem kinds that make a journal's status `mismatch`. */
export const MISMATCH_KINDS: ReadonlySet<string> = new Set([
  'bad-header',
  'bad-event',
  'chain-broken',
  'sequence',
  'time-backwards',
  'unknown-origin',
  'out-of-range',
  'checkpoint-text-hash',
  'checkpoint-ledger',
  'checkpoint-origins',
  'foreign-checkpoint',
  'bad-signature',
  'missing-signature',
  'unknown-key',
  'text-mismatch',
]);
