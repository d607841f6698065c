/** The shapes verification and replay report in (see verify.ts). */
import type { Ledger } from './ledger';
import type { TypingRate } from './evidence';
import type { PolicyRecord } from './journal';
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

/**
 * A part of the record that is not an observed, attributed history. `untracked-before`: text
 * present when tracking began (imported); `unsigned-tail`: events no valid signature covers
 * (`event`..`toEvent`), and the text they inserted (`start`..`end`).
 */
export interface Gap {
  kind: 'external' | 'unattributed' | 'break' | 'untracked-period' | 'untracked-before' | 'unsigned-tail';
  start?: number;
  end?: number;
  event?: number;
  /** For an unsigned tail: its last event. */
  toEvent?: number;
  from?: string;
  to?: string;
  message: string;
}

/** A `timestamp` event as replay found it (checked offline by timestampCheck.ts). */
export interface TimestampRecord {
  /** The timestamp event's seq. */
  event: number;
  /** The seq of the checkpoint or seal it stamps. */
  checkpoint: number;
  /** The file line of the stamped checkpoint (its bytes are what the token's imprint is over). */
  line?: number;
  authority?: string;
  token: string;
}

/** A checkpoint anchored by a verified time stamp, or why it is not. */
export interface Anchor {
  checkpoint: number;
  /** The timestamp event. */
  event: number;
  authority?: string;
  /** `anchored`: the token verified against the given certificate. */
  status: 'anchored' | 'invalid' | 'not-checked';
  /** The authority's time, when the token could be read. */
  genTime?: string;
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
  /** The journal's format (`fountain-provenance/1` or `/2`). */
  format?: string;
  /** What a format 1 journal lacks, in words (empty for format 2). */
  lacks?: string[];
  /** The seq of the last event a valid signature covers (0: none). */
  sealedThrough?: number;
  /** The unsigned tail, when there is one: its events (first, last). */
  unsignedTail?: { from: number; to: number };
  /** Live only (the server's own record): events since its last seal, shown as pending rather than unknown. */
  pending?: { from: number; to: number };
  /** The `timestamp` events, in order; `anchors` once checked against a certificate. */
  timestamps?: TimestampRecord[];
  anchors?: Anchor[];
  /** The project files journaled at checkpoints (format 2). */
  policies?: Array<PolicyRecord & { event: number; time: string }>;
  /** The typing thresholds journaled (format 2): the header's, then each checkpoint's or seal's. */
  typingThresholds?: Array<{ event: number; value: number }>;
  /** Each writer's peak sustained typing rate, from the journal's times. */
  typingRates?: TypingRate[];
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
  'over-threshold',
]);
