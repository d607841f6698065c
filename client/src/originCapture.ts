import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import {
  attributeNotification,
  nextChangeNotification,
  runsRequest,
  type AttributeParams,
  type ChangeSource,
  type NextChangeParams,
  type Origin,
  type OriginRunInfo,
} from '../../server/src/shared/protocol';
import {
  classifyInsertion,
  classifyWithClipboard,
  copiedPieces,
  insertionsAfter,
  offsetIn,
  originFor,
  piecesCover,
  sameText,
  type CopiedPiece,
  type EditSource,
} from './editOrigin';

/** Text copied or cut from a Fountain document, with the origins it had there. */
interface Copy {
  text: string;
  pieces?: CopiedPiece[];
}

interface Pending {
  uri: string;
  text: string;
  until: number;
  copy?: Copy;
}

/** The runs of a document as last fetched, when they match its version (see ScriptRuns). */
export type RunsLookup = (document: vscode.TextDocument) => { version: number; runs: OriginRunInfo[]; spans: Array<{ start: number; end: number }> } | undefined;

const pasteMemoryMs = 5_000;
const copyMime = 'application/vnd.fountain-provenance.copy';
const copiesKept = 20;

/**
 * Sees every change of a Fountain document on its way to the server and, right after it,
 * tells the server what only the editor knows: a paste from outside, a paste of text copied
 * inside the editor (which keeps its origins), an undo, text from our own commands, or a
 * multi-character insertion nobody typed. Changes are sent strictly in order: a change's
 * attribution is on the wire before the next change.
 */
export class OriginCapture implements vscode.Disposable {
  private readonly pastes: Pending[] = [];
  private readonly own: Pending[] = [];
  private readonly copies = new Map<string, Copy>();
  private copyCount = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private client?: LanguageClient;
  /** Where copied text's origins are looked up first; set once the runs cache exists. */
  runsLookup?: RunsLookup;
  /** Attributions sent, for the output channel and the tests. */
  readonly sent: AttributeParams[] = [];
  pasteEventsSupported = false;
  /** Copies and cuts seen in scripts (for the tests). */
  copiesSeen = 0;
  /** What the server was told about changes before they reached it (for the tests). */
  readonly tagged: NextChangeParams[] = [];
  /** Documents whose next change is an edit the writer applies through the extension (a quick fix). */
  private readonly fixes = new Map<string, number>();

  constructor(private readonly log: (line: string) => void) {
    this.registerPasteWatcher();
    for (const document of vscode.workspace.textDocuments) this.noteOnDisk(document);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.noteOnDisk(document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.noteOnDisk(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    );
  }

  attach(client: LanguageClient | undefined): void {
    this.client = client;
  }

  readonly middleware: Middleware = {
    didChange: (event, next) => {
      // Everything the classification needs is read now, while the document is still at this event's version.
      const version = event.document.version;
      const uri = event.document.uri.toString();
      const document = event.document;
      const insertions = insertionsAfter(event.contentChanges);
      const copied: Array<Copy | undefined> = [];
      const decided = insertions.map((insertion, i) =>
        classifyInsertion({
          text: insertion.text,
          reason: event.reason,
          takeOwn: (text) => this.take(this.own, uri, text) !== undefined,
          takePaste: (text) => {
            const paste = this.take(this.pastes, uri, text);
            copied[i] = paste?.copy;
            return paste ? (paste.copy ? 'copy' : 'paste') : false;
          },
        }),
      );
      const at = new Date().toISOString();
      const fixed: AttributeParams['ranges'] = [];
      insertions.forEach((insertion, i) => {
        if (decided[i] !== 'copy') return;
        const pieces = copied[i]?.pieces;
        if (!pieces || !piecesCover(pieces, insertion.text.length)) return;
        for (const piece of pieces) {
          const range = new vscode.Range(document.positionAt(insertion.start + piece.from), document.positionAt(insertion.start + piece.to));
          fixed.push({ range: toLspRange(range), origin: piece.origin });
        }
      });
      const ranges = insertions.map((insertion) => new vscode.Range(document.positionAt(insertion.start), document.positionAt(insertion.end)));
      const source = this.sourceOf(event);
      const step = async (): Promise<void> => {
        if (source && this.client) {
          // Said before the change itself, so the server classifies the change with it.
          const tag: NextChangeParams = { uri, version, source };
          this.tagged.push(tag);
          this.log(`next change v${version}: ${source}`);
          await this.client.sendNotification(nextChangeNotification, tag);
        }
        await next(event);
        // The server already knows where tagged changes came from.
        if (source) return;
        const params: AttributeParams = { uri, version, ranges: [...fixed] };
        for (let i = 0; i < insertions.length; i++) {
          const source: EditSource = decided[i] ?? classifyWithClipboard(insertions[i].text, await this.readClipboard());
          const origin = originFor(source, at);
          if (origin) params.ranges.push({ range: toLspRange(ranges[i]), origin });
        }
        if (params.ranges.length === 0 || !this.client) return;
        this.sent.push(params);
        this.log(`attribute v${version}: ${params.ranges.map((r) => `${r.origin.kind}@${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`).join(', ')}`);
        await this.client.sendNotification(attributeNotification, params);
      };
      const done = this.queue.then(step, step);
      this.queue = done.catch((error: unknown) => this.log(`attribute failed: ${String(error)}`));
      return done;
    },
  };

  /**
   * What the server must know about a change before it sees it: the editor's undo and redo,
   * a reload of the file from disk (the only change that leaves a document clean without
   * being an undo or a redo), or an edit the writer applies through the extension.
   */
  private sourceOf(event: vscode.TextDocumentChangeEvent): ChangeSource | undefined {
    if (event.contentChanges.length === 0) return undefined;
    if (event.reason === vscode.TextDocumentChangeReason.Undo) return 'undo';
    if (event.reason === vscode.TextDocumentChangeReason.Redo) return 'redo';
    const uri = event.document.uri.toString();
    const fix = this.fixes.get(uri);
    if (fix !== undefined) {
      this.fixes.delete(uri);
      if (fix >= Date.now()) return 'fix';
    }
    if (this.isReload(event.document)) return 'reload';
    return undefined;
  }

  /** The text each open script had on disk when it was last opened, saved or reloaded. */
  private readonly onDisk = new Map<string, string>();

  /** Remembers what is on disk now for a document that matches it (after an open or a save). */
  noteOnDisk(document: vscode.TextDocument): void {
    if (document.languageId === 'fountain' && document.uri.scheme === 'file' && !document.isDirty) this.onDisk.set(document.uri.toString(), document.getText());
  }

  forget(document: vscode.TextDocument): void {
    this.onDisk.delete(document.uri.toString());
  }

  /**
   * A reload from disk: after the change the document is clean, equal to the file, and the file
   * is not what it was at the last open, save or reload (the editor marks the first keystrokes
   * after a save dirty only later, so cleanliness alone would take them for a reload).
   */
  private isReload(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' || document.isDirty) return false;
    const key = document.uri.toString();
    let disk: string;
    try {
      disk = readFileSync(document.uri.fsPath, 'utf8');
    } catch {
      return false;
    }
    const text = document.getText();
    if (disk !== text || this.onDisk.get(key) === disk) return false;
    this.onDisk.set(key, disk);
    return true;
  }

  /** Announces that the next change of `uri` is an edit the writer applies through the extension. */
  expectFix(uri: vscode.Uri): vscode.Disposable {
    const key = uri.toString();
    this.fixes.set(key, Date.now() + pasteMemoryMs);
    return new vscode.Disposable(() => this.fixes.delete(key));
  }

  /** Announces text one of our commands is about to have the server insert. */
  expectOwnInsertion(uri: vscode.Uri, text: string): vscode.Disposable {
    const entry: Pending = { uri: uri.toString(), text, until: Number.POSITIVE_INFINITY };
    this.own.push(entry);
    return new vscode.Disposable(() => {
      const i = this.own.indexOf(entry);
      if (i >= 0) this.own.splice(i, 1);
    });
  }

  private take(list: Pending[], uri: string, text: string): Pending | undefined {
    const now = Date.now();
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].until < now) list.splice(i, 1);
    }
    const i = list.findIndex((p) => p.uri === uri && sameText(p.text, text));
    return i < 0 ? undefined : list.splice(i, 1)[0];
  }

  private async readClipboard(): Promise<string | undefined> {
    try {
      return await vscode.env.clipboard.readText();
    } catch {
      return undefined;
    }
  }

  /** On copy or cut in a script: tags the clipboard and remembers the origins of what was copied. */
  private prepareCopy(document: vscode.TextDocument, ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer): void {
    this.copiesSeen++;
    const id = `${Date.now()}-${++this.copyCount}`;
    const copy: Copy = { text: ranges.map((r) => document.getText(r)).join(document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n') };
    this.copies.set(id, copy);
    for (const key of this.copies.keys()) {
      if (this.copies.size <= copiesKept) break;
      this.copies.delete(key);
    }
    dataTransfer.set(copyMime, new vscode.DataTransferItem(id));
    if (ranges.length !== 1) return;
    const start = document.offsetAt(ranges[0].start);
    const end = document.offsetAt(ranges[0].end);
    const snapshot = this.runsLookup?.(document);
    if (snapshot && snapshot.version === document.version) {
      copy.pieces = copiedPieces(snapshot.runs.map((run, i) => ({ start: snapshot.spans[i].start, end: snapshot.spans[i].end, origin: run.origin })), start, end);
      return;
    }
    // The cached runs are behind: ask the server, and read its answer against the text as it was at the copy.
    const client = this.client;
    if (!client) return;
    const version = document.version;
    const text = document.getText();
    void client.sendRequest(runsRequest, { uri: document.uri.toString(), range: toLspRange(ranges[0]) }).then(
      (result) => {
        if (!result || result.version !== version) return;
        const runs = result.runs.map((run) => ({ start: offsetIn(text, run.start.line, run.start.character), end: offsetIn(text, run.end.line, run.end.character), origin: run.origin as Origin }));
        copy.pieces = copiedPieces(runs, start, end);
      },
      (error: unknown) => this.log(`runs for a copy failed: ${String(error)}`),
    );
  }

  /**
   * A paste edit provider that edits nothing: it only notes what is copied from scripts and
   * what is being pasted, so the change that follows is known to be a paste without guessing.
   * Older VS Code builds lack the API; the clipboard comparison covers them.
   */
  private registerPasteWatcher(): void {
    const languages = vscode.languages as unknown as Record<string, unknown>;
    const register = languages.registerDocumentPasteEditProvider as ((...args: unknown[]) => vscode.Disposable) | undefined;
    const kindClass = (vscode as unknown as Record<string, { Empty?: { append(...parts: string[]): unknown } } | undefined>).DocumentDropOrPasteEditKind;
    if (typeof register !== 'function' || !kindClass?.Empty) return;
    const provider = {
      prepareDocumentPaste: (document: vscode.TextDocument, ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer) => {
        try {
          this.prepareCopy(document, ranges, dataTransfer);
        } catch (error) {
          this.log(`copy not tracked: ${String(error)}`);
        }
      },
      provideDocumentPasteEdits: async (document: vscode.TextDocument, _ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer) => {
        const item = dataTransfer.get('text/plain');
        const text = item ? await item.asString() : undefined;
        const tag = dataTransfer.get(copyMime);
        const copy = tag ? this.copies.get(await tag.asString()) : undefined;
        if (text) this.pastes.push({ uri: document.uri.toString(), text, until: Date.now() + pasteMemoryMs, copy: copy && sameText(copy.text, text) ? copy : undefined });
        return undefined;
      },
    };
    try {
      const kind = kindClass.Empty.append('fountainProvenance', 'observe');
      this.disposables.push(
        register.call(vscode.languages, { language: 'fountain' }, provider, {
          providedPasteEditKinds: [kind],
          copyMimeTypes: [copyMime],
          pasteMimeTypes: ['text/plain', copyMime],
        }),
      );
      this.pasteEventsSupported = true;
    } catch (error) {
      this.log(`paste events unavailable, comparing with the clipboard instead: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function toLspRange(range: vscode.Range): AttributeParams['ranges'][number]['range'] {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}
