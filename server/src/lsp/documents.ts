/**
 * The open scripts. Opening is asynchronous (settings, the writer from git); changes that
 * arrive meanwhile wait in order and are applied as soon as the script is open. After that
 * every change is handled synchronously, so a keystroke reaches the diagnostics at once.
 */
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { requestTimestamp } from './timestampAuthority';
import { MessageType, type Connection, type DidChangeTextDocumentParams, type DidOpenTextDocumentParams } from 'vscode-languageserver';
import type { RecordNotice } from '../provenance/record';
import type { ProvenanceRecord, ServerDeps } from './deps';
import { ScriptSession } from './session';
import type { Settings, SettingsStore } from './settings';
import { withPolicy } from '../disclosure/project';
import { isProfile } from '../disclosure/profiles';
import { loadProject, type ProjectInput } from '../engine/load';
import { TYPING_PAUSE_MS } from '../provenance/record';

/** After this long without a change, the journal is verified again (the typing run has been written by then). */
export const verifyAfterPauseMs = TYPING_PAUSE_MS + 1000;
/**
 * The server verifies journals on its own thread, never a worker's: a worker that replayed a
 * 10 MB script's journal left the server 60-140 MB larger, and on a busy two-core machine
 * opening that script was no faster with it (3.7-4.3 s with, 2.7-3.3 s without).
 */
const serverLineHashes = { minChars: Infinity };
/** A typing pause after which the record is sealed (docs/journal.md, `seal`). */
export const sealAfterPauseMs = 3000;
/**
 * A journal whose last verification took longer than this is not verified again when the
 * writer pauses (the server would not answer meanwhile); it still is on save and for a report.
 */
export const idleVerifyBudgetMs = 100;

/** A journal file as last seen after the server's own write to it. */
interface JournalStamp {
  size: number;
  mtimeMs: number;
}

/**
 * The record, with the journal file noted after every call that may write it, so the file
 * event the write causes is recognised as the server's own (whoever calls the record).
 */
function noting(record: ProvenanceRecord, note: () => void): ProvenanceRecord {
  // Noted once per turn of the event loop, after the diagnostics of a keystroke are out.
  let pending = false;
  const later = (): void => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      note();
    });
  };
  return new Proxy(record, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          later();
        }
      };
    },
  });
}

function stampOf(path: string | undefined): JournalStamp | undefined {
  if (!path) return undefined;
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** `textChanged` is false when only the labels changed (attest, relabel). */
type Listener = (session: ScriptSession, textChanged: boolean) => void;

interface Opening {
  backlog: DidChangeTextDocumentParams[];
  closed: boolean;
  done?: Promise<void>;
}

/** Notices worth telling the writer about when a script opens. */
const loudNotices: ReadonlySet<RecordNotice['kind']> = new Set([
  'reconciled',
  'truncated',
  'moved-aside',
  'foreign-journal',
  'chain-broken',
  'not-writable',
  'read-only',
  'key-folder-unsafe',
  'adopted',
]);

export class ScriptSessions {
  private readonly sessions = new Map<string, ScriptSession>();
  private readonly opening = new Map<string, Opening>();
  private readonly listeners: Listener[] = [];
  private readonly failedListeners = new Set<string>();
  private readonly closeListeners: Array<(uri: string) => void> = [];
  private readonly verifyTimers = new Map<string, NodeJS.Timeout>();
  /** Seals after a typing pause (docs/journal.md, `seal`), by script. */
  private readonly sealTimers = new Map<string, NodeJS.Timeout>();
  private readonly journalStamps = new WeakMap<ScriptSession, JournalStamp | undefined>();
  /** True when the client tells the server about file changes (didChangeWatchedFiles registered). */
  watchingFiles = false;

  constructor(
    private readonly connection: Connection,
    private readonly deps: ServerDeps,
    private readonly settings: SettingsStore,
  ) {}

  get(uri: string): ScriptSession | undefined {
    return this.sessions.get(uri);
  }

  all(): ScriptSession[] {
    return [...this.sessions.values()];
  }

  /** The session of `uri`, once it has finished opening (undefined when it is not open). */
  async ready(uri: string): Promise<ScriptSession | undefined> {
    const opening = this.opening.get(uri);
    if (opening?.done) await opening.done;
    return this.sessions.get(uri);
  }

  /** Called after a script opens, changes or is relabelled. */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  onClose(listener: (uri: string) => void): void {
    this.closeListeners.push(listener);
  }

  changed(session: ScriptSession, textChanged = true): void {
    if (session.verificationStale) this.scheduleVerification(session);
    if (textChanged) this.scheduleSeal(session);
    for (const listener of this.listeners) {
      try {
        listener(session, textChanged);
      } catch (err) {
        if (this.failedListeners.has(session.uri)) continue;
        this.failedListeners.add(session.uri);
        this.deps.logger.error(`after a change of ${session.uri} (logged once): ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    }
  }

  /** Resolves when the script is open (or failed to open). */
  open(params: DidOpenTextDocumentParams): Promise<void> {
    const opening: Opening = { backlog: [], closed: false };
    this.opening.set(params.textDocument.uri, opening);
    opening.done = this.load(params, opening);
    return opening.done;
  }

  private async load(params: DidOpenTextDocumentParams, opening: Opening): Promise<void> {
    const { uri, text, version } = params.textDocument;
    try {
      const path = filePath(uri);
      const settings = await this.settings.forDocument(uri, path);
      if (opening.closed) return;
      const problems: string[] = [];
      let record: ProvenanceRecord | undefined;
      const options = { writer: settings.writer, keyDir: process.env.FOUNTAIN_PROVENANCE_KEYS, now: () => this.deps.now(), lineHashes: serverLineHashes };
      const binary = text.includes('\u0000');
      if (binary) {
        problems.push('This file does not look like a Fountain script (it contains NUL bytes, so it is probably binary): its provenance is not recorded and no sidecar is written.');
      } else if (path) {
        try {
          record = this.deps.openRecord(path, text, options);
        } catch (err) {
          problems.push(`The provenance record for this script could not be opened (${message(err)}); edits are tracked in memory only until it is reopened.`);
          this.deps.logger.error(`opening the record of ${path}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        }
      }
      record ??= this.deps.memoryRecord(text, options);
      const opened = record;
      let session: ScriptSession | undefined;
      record = noting(opened, () => {
        if (session) this.journalStamps.set(session, stampOf(opened.journalPath));
      });
      const loaded = this.readProject(uri, path, settings);
      if (loaded.problem) problems.push(loaded.problem);
      session = new ScriptSession(uri, path, text, version, record, settings, loaded.input.project, this.deps, problems);
      session.projectProblems = loaded.input.problems.length > 0 ? loaded.input.problems : undefined;
      session.projectPath = loaded.input.path;
      this.projectProblem.set(session, loaded.problem);
      try {
        session.refreshVerification({ fromDisk: true });
      } catch (err) {
        this.deps.logger.error(`verifying the journal of ${uri}: ${message(err)}`);
      }
      // After the tail check: a checkpoint written now must not vouch for an unsigned tail.
      this.journalTrust(session);
      this.sessions.set(uri, session);
      this.opening.delete(uri);
      this.announce(session);
      for (const change of opening.backlog) this.applyChange(session, change);
      this.changed(session);
    } catch (err) {
      this.opening.delete(uri);
      this.deps.logger.error(`opening ${uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      void this.connection.sendNotification('window/showMessage', {
        type: MessageType.Error,
        message: `Fountain Provenance could not open ${uri}: ${message(err)}`,
      });
    }
  }

  change(params: DidChangeTextDocumentParams): void {
    const uri = params.textDocument.uri;
    const opening = this.opening.get(uri);
    if (opening) {
      opening.backlog.push(params);
      return;
    }
    const session = this.sessions.get(uri);
    if (!session) return;
    this.applyChange(session, params);
    if (session.record.notices.length !== this.shown.get(session)) this.reportNewNotices(session);
    this.changed(session);
  }

  private applyChange(session: ScriptSession, params: DidChangeTextDocumentParams): void {
    try {
      session.applyChanges(params.contentChanges, params.textDocument.version);
    } catch (err) {
      this.deps.logger.error(`applying a change to ${session.uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }

  save(uri: string): void {
    const session = this.sessions.get(uri);
    if (!session) return;
    this.guard(session, 'writing a checkpoint', () => session.record.checkpoint());
    this.stamp(session);
    this.guard(session, 'verifying the journal', () => session.refreshVerification());
    // Without file events from the client, a save is when the project file is read again.
    if (!this.watchingFiles) this.reloadProject(session);
    this.reportNewNotices(session);
    this.changed(session, false);
  }

  /** The project for a script: its project file's, else the defaults with the editor's policy preset. */
  private readProject(uri: string, path: string | undefined, settings: Settings): { input: ProjectInput; problem?: string } {
    let input: ProjectInput;
    try {
      input = loadProject(this.deps.workspace, path);
    } catch (err) {
      this.deps.logger.error(`loading the project for ${uri}: ${message(err)}`);
      input = loadProject(this.deps.workspace, undefined);
    }
    let problem: string | undefined;
    if (input.problems.length > 0) {
      const first = input.problems[0];
      const where = first.line === undefined ? '' : ` (line ${first.line + 1}, column ${(first.column ?? 0) + 1})`;
      problem = `The project file ${input.path ?? ''} has ${input.problems.length} problem(s), first: ${first.message}${where}; the rules run with the default policy.`;
    }
    // A project file's policy wins over the editor setting.
    if (!input.path && isProfile(settings.policy)) input = { ...input, project: withPolicy(input.project, settings.policy) };
    return { input, ...(problem ? { problem } : {}) };
  }

  private readonly projectProblem = new WeakMap<ScriptSession, string | undefined>();

  /** Reads the script's project again; true (and the session re-analysed) when it changed. */
  reloadProject(session: ScriptSession): boolean {
    const loaded = this.readProject(session.uri, session.path, session.settings);
    const before = JSON.stringify([session.project, session.projectPath, session.projectProblems ?? []]);
    const after = JSON.stringify([loaded.input.project, loaded.input.path, loaded.input.problems]);
    if (before === after) return false;
    session.project = loaded.input.project;
    session.projectPath = loaded.input.path;
    session.projectProblems = loaded.input.problems.length > 0 ? loaded.input.problems : undefined;
    const old = this.projectProblem.get(session);
    const at = old === undefined ? -1 : session.problems.indexOf(old);
    if (at >= 0) session.problems.splice(at, 1);
    if (loaded.problem) session.problems.push(loaded.problem);
    this.projectProblem.set(session, loaded.problem);
    session.projectVersion++;
    session.analysis = undefined;
    this.journalTrust(session);
    return true;
  }

  /**
   * Tells the record what it journals at checkpoints (format 2): the typing threshold in force
   * (capped at 200) and the project file in force (its hash, and its content when it changed).
   */
  journalTrust(session: ScriptSession): void {
    this.guard(session, 'journaling the policy in force', () => {
      let content: string | undefined;
      if (session.projectPath) {
        try {
          content = this.deps.workspace.readText(session.projectPath, 'project');
        } catch {
          content = undefined;
        }
      }
      const file = session.projectPath ? relative(dirname(resolve(session.path ?? session.projectPath)), session.projectPath).split(sep).join('/') : null;
      session.record.setPolicy?.({ file, ...(content !== undefined ? { content } : {}) });
      session.record.setTypingThreshold?.(session.typingThreshold);
    });
  }

  /** A signed seal once the writer pauses, so a crash leaves at most a few seconds unsealed. */
  private scheduleSeal(session: ScriptSession): void {
    if (!session.record.seal) return;
    const timer = this.sealTimers.get(session.uri);
    if (timer) {
      timer.refresh();
      return;
    }
    const t = setTimeout(() => {
      this.sealTimers.delete(session.uri);
      if (this.sessions.get(session.uri) !== session) return;
      this.guard(session, 'sealing the journal', () => session.record.seal?.());
      this.stamp(session);
    }, sealAfterPauseMs);
    t.unref();
    this.sealTimers.set(session.uri, t);
  }

  /**
   * Asks the time-stamp authority the writer named (`fountainProvenance.timestampAuthority`)
   * to stamp the last checkpoint or seal; the token is journaled when it comes. The only
   * network request the server makes; a failure is logged and changes nothing.
   */
  private stamp(session: ScriptSession): void {
    const url = session.settings.timestampAuthority;
    const sealed = session.record.lastSeal;
    if (!url || !sealed || !session.record.addTimestamp) return;
    requestTimestamp(url, sealed.hash).then(
      (token) => {
        if (this.sessions.get(session.uri) !== session) return;
        this.guard(session, 'journaling a time stamp', () => session.record.addTimestamp?.(sealed.seq, url, token));
      },
      (err: unknown) => this.deps.logger.warn(`time stamp for ${session.uri}: ${message(err)}`),
    );
  }

  /** A project file changed, appeared or went: every open script it may govern is re-analysed. */
  projectFileChanged(projectPath: string): void {
    const folder = dirname(resolve(projectPath));
    for (const session of this.all()) {
      if (!session.path) continue;
      const governed = session.projectPath === projectPath || resolve(session.path).startsWith(folder + sep);
      if (governed && this.reloadProject(session)) this.changed(session, false);
    }
  }

  /** Remembers the journal file as the server's own write left it, so its file event is ignored. */
  noteOwnWrite(session: ScriptSession): void {
    this.journalStamps.set(session, stampOf(session.record.journalPath));
  }

  /**
   * A sidecar changed on disk. The server's own writes are recognised (the file is as its last
   * write left it) and ignored; any other change (a pull, a merge, a restore, a deletion) makes
   * the server open the record again from the file, as it would on open, and re-analyse.
   */
  journalFileChanged(journalPath: string): void {
    const target = resolve(journalPath);
    for (const session of this.all()) {
      const own = session.record.journalPath;
      if (!own || resolve(own) !== target || !session.path) continue;
      const now = stampOf(own);
      const last = this.journalStamps.get(session);
      if (now?.size === last?.size && now?.mtimeMs === last?.mtimeMs) continue;
      this.reopenRecord(session, session.path);
    }
  }

  private reopenRecord(session: ScriptSession, path: string): void {
    const options = { writer: session.settings.writer, keyDir: process.env.FOUNTAIN_PROVENANCE_KEYS, now: () => this.deps.now(), lineHashes: serverLineHashes };
    let record: ProvenanceRecord;
    try {
      record = this.deps.openRecord(path, session.text, options);
    } catch (err) {
      this.deps.logger.error(`opening the record of ${path} again after it changed on disk: ${message(err)}`);
      return;
    }
    const opened = record;
    session.record = noting(opened, () => this.journalStamps.set(session, stampOf(opened.journalPath)));
    session.labelVersion++;
    this.shown.set(session, 0);
    this.guard(session, 'verifying the journal', () => session.refreshVerification({ fromDisk: true }));
    this.reportNewNotices(session);
    this.changed(session, false);
  }

  /** Verifies the journal again once the writer pauses, and re-analyses when it did. */
  private scheduleVerification(session: ScriptSession): void {
    if (session.lastVerifyMs > idleVerifyBudgetMs) return;
    const timer = this.verifyTimers.get(session.uri);
    if (timer) {
      timer.refresh();
      return;
    }
    const t = setTimeout(() => {
      this.verifyTimers.delete(session.uri);
      if (this.sessions.get(session.uri) !== session || !session.verificationStale) return;
      this.guard(session, 'verifying the journal', () => session.refreshVerification());
      this.changed(session, false);
    }, verifyAfterPauseMs);
    t.unref();
    this.verifyTimers.set(session.uri, t);
  }

  close(uri: string): void {
    const opening = this.opening.get(uri);
    if (opening) opening.closed = true;
    this.opening.delete(uri);
    const session = this.sessions.get(uri);
    if (!session) return;
    this.sessions.delete(uri);
    const timer = this.verifyTimers.get(uri);
    if (timer) clearTimeout(timer);
    this.verifyTimers.delete(uri);
    const seal = this.sealTimers.get(uri);
    if (seal) clearTimeout(seal);
    this.sealTimers.delete(uri);
    session.dispose();
    this.guard(session, 'closing the record', () => session.record.close());
    for (const listener of this.closeListeners) listener(uri);
  }

  /** Closes every record (on shutdown). */
  closeAll(): void {
    for (const uri of [...this.sessions.keys()]) this.close(uri);
  }

  private guard(session: ScriptSession, what: string, action: () => void): void {
    try {
      action();
    } catch (err) {
      this.deps.logger.error(`${what} for ${session.uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      void this.connection.sendNotification('window/showMessage', {
        type: MessageType.Warning,
        message: `Fountain Provenance: ${what} for ${session.path ?? session.uri} failed: ${message(err)}`,
      });
    }
  }

  private readonly shown = new WeakMap<ScriptSession, number>();

  private announce(session: ScriptSession): void {
    for (const problem of session.problems) {
      void this.connection.sendNotification('window/showMessage', { type: MessageType.Warning, message: `Fountain Provenance: ${problem}` });
    }
    this.reportNewNotices(session);
  }

  private reportNewNotices(session: ScriptSession): void {
    const notices = session.record.notices;
    const from = this.shown.get(session) ?? 0;
    this.shown.set(session, notices.length);
    for (const notice of notices.slice(from)) {
      if (!loudNotices.has(notice.kind)) continue;
      const type = notice.kind === 'reconciled' || notice.kind === 'adopted' ? MessageType.Info : MessageType.Warning;
      void this.connection.sendNotification('window/showMessage', { type, message: `Fountain Provenance: ${notice.message}` });
    }
  }
}

/** The file path of a `file:` URI; undefined for anything else (untitled:, ...). */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
