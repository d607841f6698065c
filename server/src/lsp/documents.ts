/**
 * The open scripts. Opening is asynchronous (settings, the writer from git); changes that
 * arrive meanwhile wait in order and are applied as soon as the script is open. After that
 * every change is handled synchronously, so a keystroke reaches the diagnostics at once.
 */
import { fileURLToPath } from 'node:url';
import { MessageType, type Connection, type DidChangeTextDocumentParams, type DidOpenTextDocumentParams } from 'vscode-languageserver';
import type { RecordNotice } from '../provenance/record';
import type { ProvenanceRecord, ServerDeps } from './deps';
import { ScriptSession } from './session';
import type { SettingsStore } from './settings';
import { defaultProject, withPolicy } from '../disclosure/project';
import { isProfile } from '../disclosure/profiles';

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
  'adopted',
]);

export class ScriptSessions {
  private readonly sessions = new Map<string, ScriptSession>();
  private readonly opening = new Map<string, Opening>();
  private readonly listeners: Listener[] = [];
  private readonly failedListeners = new Set<string>();
  private readonly closeListeners: Array<(uri: string) => void> = [];

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
      const options = { writer: settings.writer, keyDir: process.env.FOUNTAIN_PROVENANCE_KEYS, now: () => this.deps.now() };
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
      let project = defaultProject();
      let projectProblems;
      let projectPath: string | undefined;
      try {
        const loaded = this.deps.loadProject(path);
        project = loaded.project;
        projectProblems = loaded.problems.length > 0 ? loaded.problems : undefined;
        projectPath = loaded.path;
        if (projectProblems) {
          const first = projectProblems[0];
          const where = first.line === undefined ? '' : ` (line ${first.line + 1}, column ${(first.column ?? 0) + 1})`;
          problems.push(`The project file ${projectPath ?? ''} has ${projectProblems.length} problem(s), first: ${first.message}${where}; the rules run with the default policy.`);
        }
      } catch (err) {
        this.deps.logger.error(`loading the project for ${uri}: ${message(err)}`);
      }
      // A project file's policy wins over the editor setting.
      if (!projectPath && isProfile(settings.policy)) project = withPolicy(project, settings.policy);
      const session = new ScriptSession(uri, path, text, version, record, settings, project, this.deps, problems);
      session.projectProblems = projectProblems;
      session.projectPath = projectPath;
      try {
        session.verification = record.verify();
      } catch (err) {
        this.deps.logger.error(`verifying the journal of ${uri}: ${message(err)}`);
      }
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
    this.reportNewNotices(session);
  }

  close(uri: string): void {
    const opening = this.opening.get(uri);
    if (opening) opening.closed = true;
    this.opening.delete(uri);
    const session = this.sessions.get(uri);
    if (!session) return;
    this.sessions.delete(uri);
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
