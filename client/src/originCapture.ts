import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { attributeNotification, type AttributeParams } from '../../server/src/shared/protocol';
import { classifyInsertion, classifyWithClipboard, insertionsAfter, originFor, sameText, type EditSource } from './editOrigin';

interface Pending {
  uri: string;
  text: string;
  until: number;
}

const pasteMemoryMs = 5_000;

/**
 * Sees every change of a Fountain document on its way to the server and, right after it,
 * tells the server what only the editor knows: a paste, an undo, text from our own commands,
 * or a multi-character insertion nobody typed. Changes are sent strictly in order: a change's
 * attribution is on the wire before the next change.
 */
export class OriginCapture implements vscode.Disposable {
  private readonly pastes: Pending[] = [];
  private readonly own: Pending[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private client?: LanguageClient;
  /** Attributions sent, for the output channel and the tests. */
  readonly sent: AttributeParams[] = [];
  pasteEventsSupported = false;

  constructor(private readonly log: (line: string) => void) {
    this.registerPasteWatcher();
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
      const decided = insertions.map((insertion) =>
        classifyInsertion({
          text: insertion.text,
          reason: event.reason,
          takeOwn: (text) => this.take(this.own, uri, text),
          takePaste: (text) => this.take(this.pastes, uri, text),
        }),
      );
      const ranges = insertions.map((insertion) => new vscode.Range(document.positionAt(insertion.start), document.positionAt(insertion.end)));
      const step = async (): Promise<void> => {
        await next(event);
        const sources: EditSource[] = [];
        for (let i = 0; i < insertions.length; i++) {
          sources.push(decided[i] ?? classifyWithClipboard(insertions[i].text, await this.readClipboard()));
        }
        const at = new Date().toISOString();
        const params: AttributeParams = { uri, version, ranges: [] };
        sources.forEach((source, i) => {
          const origin = originFor(source, at);
          if (origin) params.ranges.push({ range: toLspRange(ranges[i]), origin });
        });
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

  /** Announces text one of our commands is about to have the server insert. */
  expectOwnInsertion(uri: vscode.Uri, text: string): vscode.Disposable {
    const entry: Pending = { uri: uri.toString(), text, until: Number.POSITIVE_INFINITY };
    this.own.push(entry);
    return new vscode.Disposable(() => {
      const i = this.own.indexOf(entry);
      if (i >= 0) this.own.splice(i, 1);
    });
  }

  private take(list: Pending[], uri: string, text: string): boolean {
    const now = Date.now();
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].until < now) list.splice(i, 1);
    }
    const i = list.findIndex((p) => p.uri === uri && sameText(p.text, text));
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  private async readClipboard(): Promise<string | undefined> {
    try {
      return await vscode.env.clipboard.readText();
    } catch {
      return undefined;
    }
  }

  /**
   * A paste edit provider that edits nothing: it only notes what is being pasted, so the
   * change that follows is known to be a paste without guessing. Older VS Code builds lack
   * the API; the clipboard comparison covers them.
   */
  private registerPasteWatcher(): void {
    const languages = vscode.languages as unknown as Record<string, unknown>;
    const register = languages.registerDocumentPasteEditProvider as ((...args: unknown[]) => vscode.Disposable) | undefined;
    const kindClass = (vscode as unknown as Record<string, { Empty?: { append(...parts: string[]): unknown } } | undefined>).DocumentDropOrPasteEditKind;
    if (typeof register !== 'function' || !kindClass?.Empty) return;
    const provider = {
      provideDocumentPasteEdits: async (document: vscode.TextDocument, _ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer) => {
        const item = dataTransfer.get('text/plain');
        const text = item ? await item.asString() : undefined;
        if (text) this.pastes.push({ uri: document.uri.toString(), text, until: Date.now() + pasteMemoryMs });
        return undefined;
      },
    };
    try {
      const kind = kindClass.Empty.append('fountainProvenance', 'observe');
      this.disposables.push(register.call(vscode.languages, { language: 'fountain' }, provider, { providedPasteEditKinds: [kind], pasteMimeTypes: ['text/plain'] }));
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
