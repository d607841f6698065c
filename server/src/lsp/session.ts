/**
 * One open script: its text (as the editor has it), the parsed Script (re-parsed
 * incrementally per change), the provenance record (ledger and journal), its settings and a
 * short history of changes by version. The server classifies every change here.
 */
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { parse, reparseInPlace, textOf } from '../fountain/parser';
import type { Script, TextEdit } from '../fountain/types';
import type { AiOrigin, ExternalOrigin, HumanOrigin, Origin, UnattributedOrigin } from '../provenance/types';
import type { ChangeSource } from '../shared/protocol';
import { liveVerification, type Verification } from '../provenance/verify';
import { TYPING_THRESHOLD_CAP } from '../provenance/journal';
import type { ProvenanceRecord, ServerDeps } from './deps';
import { TYPING_PAUSE_MS } from '../provenance/record';
import { EditHistory } from './history';
import { LinePositions, toEngineEdit, toOffsets } from './positions';
import { defaultTypingThreshold, type Settings } from './settings';
import type { Project, ProjectProblem } from '../disclosure/project';
import type { Analysis } from './analysis';

/** Text the server itself is about to insert (insertGenerated), and the origin it will carry. */
interface ExpectedInsertion {
  text: string;
  origin: Origin;
  done: boolean;
  /** Where it landed, set when its change arrives. */
  start?: number;
  /** True when the change was exactly the expected text (or the same text with its line breaks rotated). */
  exact?: boolean;
  resolve?: () => void;
}

/**
 * Where `expected` sits in an inserted text. Editors that diff lines (Neovim) may report the
 * same insertion with its line breaks rotated ("\nabc\n" for "abc\n\n"): that counts as exact.
 */
function landing(inserted: string, expected: string): number | undefined {
  if (inserted === expected) return 0;
  if (inserted.length === expected.length && inserted.replace(/[\r\n]+/g, '') === expected.replace(/[\r\n]+/g, '')) return 0;
  const at = inserted.indexOf(expected);
  return at >= 0 ? at : undefined;
}

/**
 * Quiet time after which the record's typing run is written and forced to disk (and sealed
 * where the record can seal), so a crash after a pause loses no keystroke's attribution.
 */
export const idleFlushDelayMs = TYPING_PAUSE_MS + 500;

export class ScriptSession {
  /**
   * Offsets to LSP positions and back, over the parsed Script's text and line starts: the
   * session keeps one copy of the text, the parser's (changes are applied once, by `reparse`).
   */
  readonly doc = new LinePositions(() => ({ text: textOf(this.script), lineStarts: this.script.lineStarts }));
  script: Script;
  private docVersion: number;
  readonly history: EditHistory;
  /** The journal's verification as last computed (at open, on save, when the writer pauses, before a report). */
  verification?: Verification;
  /** True when the journal has changed since `verification` was computed. */
  verificationStale = false;
  /** How long the last verification took (a long journal is verified again only on save and for a report). */
  lastVerifyMs = 0;
  /** Bumped whenever `verification` is recomputed. */
  verificationVersion = 0;
  /** Bumped whenever the project is read again. */
  projectVersion = 0;
  private typing?: HumanOrigin;
  private idleFlush?: NodeJS.Timeout;
  private readonly expected: ExpectedInsertion[] = [];
  analysis?: Analysis;
  projectProblems?: ProjectProblem[];
  projectPath?: string;
  /** Bumped whenever the record changes without a text change (relabel, attest). */
  labelVersion = 0;
  /** What the client said about coming changes, by the version they produce (`fountainProvenance/nextChange`). */
  private readonly sources = new Map<number, ChangeSource>();

  constructor(
    readonly uri: string,
    readonly path: string | undefined,
    text: string,
    version: number,
    /** Replaced when the sidecar changes on disk (see documents.ts). */
    public record: ProvenanceRecord,
    public settings: Settings,
    public project: Project,
    private readonly deps: ServerDeps,
    /** Problems found while opening (binary file, record not available), shown as diagnostics. */
    readonly problems: string[] = [],
  ) {
    this.script = parse(text);
    this.docVersion = version;
    this.history = new EditHistory(version);
  }

  /** The typing threshold in force: the user's, else the project's, capped at 200 (journaled by the record). */
  get typingThreshold(): number {
    const value = this.settings.typingThreshold ?? this.project.thresholds?.typingThreshold ?? defaultTypingThreshold;
    return Math.min(TYPING_THRESHOLD_CAP, Math.max(0, value));
  }

  get version(): number {
    return this.docVersion;
  }

  get text(): string {
    return this.script.text;
  }

  /** Notes what the client says the change producing `version` is (it arrives just before that change). */
  tagNextChange(version: number, source: ChangeSource): void {
    if (version <= this.docVersion) return;
    this.sources.set(version, source);
    // A tag whose change never came (the editor refused the edit) is forgotten after a while.
    for (const v of this.sources.keys()) if (v < version - 50) this.sources.delete(v);
  }

  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): void {
    const from = this.docVersion;
    const source = this.sources.get(version);
    this.sources.delete(version);
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        const edit: TextEdit = { offset: 0, deleteLength: textOf(this.script).length, insertText: change.text };
        // A full change: `reparse` parses the new text in full.
        this.apply(edit, source);
        this.docVersion = version;
        this.history.reset(version);
        continue;
      }
      const edit = toEngineEdit(this.doc, change.range, change.text);
      this.apply(edit, source);
      this.history.record(from, version, change.range, change.text);
      this.docVersion = version;
    }
  }

  private apply(edit: TextEdit, source?: ChangeSource): void {
    const origin = source ? this.originFor(source, edit) : this.classify(edit);
    this.record.applyEdit({ ...edit, origin });
    this.verificationStale = true;
    // No full parse once the writer pauses: re-parsed elements own their strings (fountain/owned.ts),
    // so chained re-parses keep no earlier text alive. The bench showed the idle re-parse no longer
    // paid: heap after 1,000 keystrokes on big-fish 16.4 MB, after the idle re-parse 16.8 MB.
    // In place: the session keeps only the newest Script, so the elements after the edit are
    // moved, not copied (parser.ts, reparseInPlace); analyses of earlier versions are never reused.
    this.script = reparseInPlace(this.script, edit);
    this.scheduleIdleFlush();
  }

  /**
   * Writes the pending typing run and seals the record now: before a deliverable (a PDF) is made
   * from the files on disk, so it carries every label the writer sees in the editor.
   */
  writeRecordNow(): void {
    if (this.idleFlush) clearTimeout(this.idleFlush);
    this.idleFlush = undefined;
    this.record.flush();
    (this.record as { seal?: () => void }).seal?.();
  }

  /** Writes the pending typing run (and any relabel) once the writer pauses (see {@link idleFlushDelayMs}). */
  private scheduleIdleFlush(): void {
    if (this.idleFlush) {
      this.idleFlush.refresh();
      return;
    }
    this.idleFlush = setTimeout(() => {
      this.idleFlush = undefined;
      try {
        this.record.flush();
        (this.record as { seal?: () => void }).seal?.();
      } catch (err) {
        this.deps.logger.error(`writing the typing run of ${this.uri} after a pause: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, idleFlushDelayMs);
    this.idleFlush.unref();
  }

  dispose(): void {
    if (this.idleFlush) clearTimeout(this.idleFlush);
    this.idleFlush = undefined;
  }

  /** Typing by the writer, the server's own AI insertion, or a long insertion nobody labelled. */
  private classify(edit: TextEdit): Origin {
    if (edit.insertText.length > 0) {
      for (const e of this.expected) {
        if (e.done) continue;
        const at = landing(edit.insertText, e.text);
        if (at === undefined) continue;
        e.done = true;
        e.start = edit.offset + at;
        e.exact = at === 0 && edit.insertText.length === e.text.length;
        e.resolve?.();
        if (e.exact) return e.origin;
      }
    }
    if (edit.insertText.length <= this.typingThreshold) return this.typingOrigin();
    const unattributed: UnattributedOrigin = {
      kind: 'unattributed',
      channel: 'paste',
      at: this.deps.now().toISOString(),
      by: this.settings.writer,
    };
    return unattributed;
  }

  /**
   * The origin of a change the client described beforehand. Undo and redo take the channel
   * that restores remembered deletions: what the ledger remembers comes back with its own
   * origins (observed), anything else is unattributed. A reload from disk is external; a
   * fix the writer applied is declared by the writer.
   */
  private originFor(source: ChangeSource, edit: TextEdit): Origin {
    const at = this.deps.now().toISOString();
    switch (source) {
      case 'undo':
      case 'redo': {
        if (edit.insertText.length === 0) return this.typingOrigin();
        const restored: UnattributedOrigin = { kind: 'unattributed', channel: source, at, by: this.settings.writer };
        return restored;
      }
      case 'reload': {
        const external: ExternalOrigin = { kind: 'external', channel: 'reconcile', at, note: 'changed on disk while the script was open; the editor reloaded it' };
        return external;
      }
      case 'fix': {
        const declared: HumanOrigin = { kind: 'human', channel: 'attestation', at, writer: this.settings.writer };
        return declared;
      }
    }
  }

  typingOrigin(): HumanOrigin {
    const writer = this.settings.writer;
    if (!this.typing || this.typing.writer.name !== writer.name || this.typing.writer.email !== writer.email) {
      this.typing = { kind: 'human', channel: 'typing', at: this.deps.now().toISOString(), writer };
    }
    return this.typing;
  }

  /** Announces text the server is about to insert, so its change is labelled `origin`. */
  expect(text: string, origin: AiOrigin): ExpectedInsertion {
    const e: ExpectedInsertion = { text, origin, done: false };
    this.expected.push(e);
    return e;
  }

  /** Resolves when the expected insertion's change has arrived, or after `ms`. */
  landed(e: ExpectedInsertion, ms: number): Promise<void> {
    if (e.done) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      e.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Forgets an expected insertion; returns where it landed, if its change arrived. */
  settle(e: ExpectedInsertion): { start: number; exact: boolean } | undefined {
    const i = this.expected.indexOf(e);
    if (i >= 0) this.expected.splice(i, 1);
    return e.done && e.start !== undefined ? { start: e.start, exact: Boolean(e.exact) } : undefined;
  }

  /** Relabels a range given in the coordinates of `version`; false when it cannot be mapped. */
  relabel(range: Range, version: number | undefined, origin: Origin, kind: 'relabel' | 'attest'): { start: number; end: number } | undefined {
    const current = version === undefined ? range : this.history.mapForward(range, version, this.docVersion);
    if (!current) return undefined;
    const { start, end } = toOffsets(this.doc, current);
    if (end <= start) return { start, end };
    this.record.relabel(start, end, origin, kind);
    this.labelVersion++;
    this.verificationStale = true;
    this.scheduleIdleFlush();
    return { start, end };
  }

  /** Relabels offsets in the current text. */
  relabelOffsets(start: number, end: number, origin: Origin, kind: 'relabel' | 'attest'): void {
    if (end <= start) return;
    this.record.relabel(start, end, origin, kind);
    this.labelVersion++;
    this.verificationStale = true;
    this.scheduleIdleFlush();
  }

  /** Verifies the journal as it stands against the text (writing any pending typing run first). */
  /**
   * Verifies the journal as it stands. `fromDisk` (opening, or the journal changed on disk):
   * an unsigned tail found there is distrusted in the record itself (docs/journal.md, Sealed).
   */
  refreshVerification(options: { fromDisk?: boolean } = {}): Verification | undefined {
    const started = performance.now();
    let v = this.record.verify();
    if (options.fromDisk && v.unsignedTail && this.record.distrustTail?.(v)) v = this.record.verify();
    // The server's own events since its last seal are pending, not an unknown tail.
    this.verification = liveVerification(v);
    this.lastVerifyMs = performance.now() - started;
    this.verificationStale = false;
    this.verificationVersion++;
    this.analysis = undefined;
    return this.verification;
  }
}
