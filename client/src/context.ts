import * as vscode from 'vscode';
import {
  CloseAction,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { OriginCapture } from './originCapture';
import { ownEditsMiddleware } from './ownEdits';
import { FailureReporter } from './failureReporter';

/**
 * Owns the language client's lifecycle: start, restart, stop. Extension-wide disposables
 * (the output channel, the views) live as long as the extension; client disposables are
 * dropped with each client. A server that keeps dying is reported once and left stopped:
 * the writer restarts it by command, never by a loop.
 */
export class ProvenanceContext implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly capture: OriginCapture;
  private client?: LanguageClient;
  private starting?: Promise<LanguageClient | undefined>;
  private readonly extensionDisposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];
  /** The language client's default error handler for the current client: at most 3 restarts in 3 minutes. */
  private errors?: ErrorHandler;
  private readonly failures: FailureReporter;
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a client is running (first start and every restart). */
  readonly onDidStart = this.started.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Fountain Provenance', { log: true });
    this.capture = new OriginCapture((line) => this.output.debug(line));
    this.extensionDisposables.push(this.output, this.capture, this.started);
    this.failures = new FailureReporter(
      (message) => {
        void vscode.window.showErrorMessage(`Fountain Provenance: ${message}.`, 'Show Output', 'Restart').then((choice) => {
          if (choice === 'Show Output') this.output.show();
          if (choice === 'Restart') void this.restart();
        });
      },
      (message) => this.output.error(message),
    );
  }

  /** Keeps a disposable for the extension's lifetime. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.extensionDisposables.push(disposable);
    return disposable;
  }

  /** Keeps a disposable for the current client's lifetime. */
  ownForClient<T extends vscode.Disposable>(disposable: T): T {
    this.clientDisposables.push(disposable);
    return disposable;
  }

  /** The running client, or undefined while stopped, starting or failed. */
  get runningClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  /** Starts the server if it is not running; resolves when it is (undefined on failure). */
  start(): Promise<LanguageClient | undefined> {
    if (this.runningClient) return Promise.resolve(this.runningClient);
    // Restricted Mode: no server (it writes journals and keys, and runs git) until the workspace is trusted.
    if (!vscode.workspace.isTrusted) return Promise.resolve(undefined);
    this.starting ??= this.startClient().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** The restart command: a fresh client and a fresh chance to report a failure. */
  async restart(): Promise<void> {
    this.output.info('Restarting the language server.');
    await this.stop();
    this.failures.reset();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.capture.attach(undefined);
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client) {
      try {
        if (client.needsStop()) await client.stop(2_000);
      } catch (error) {
        this.output.warn(`Stopping the language server: ${String(error)}`);
      }
    }
  }

  /** Runs one of the server's commands (workspace/executeCommand). */
  async executeServerCommand<T>(command: string, args: unknown): Promise<T | undefined> {
    const client = await this.start();
    if (!client) throw new Error('the Fountain Provenance language server is not running (see the output channel)');
    return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] })) as T | undefined;
  }

  private async startClient(): Promise<LanguageClient | undefined> {
    const module = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'fountain', scheme: 'file' },
        { language: 'fountain', scheme: 'untitled' },
      ],
      synchronize: {
        configurationSection: 'fountainProvenance',
        // What the analysis depends on besides the script: the project file and the sidecars.
        fileEvents: [
          this.ownForClient(vscode.workspace.createFileSystemWatcher('**/.fountain-provenance.json')),
          this.ownForClient(vscode.workspace.createFileSystemWatcher('**/*.provenance')),
        ],
      },
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: { ...this.capture.middleware, ...ownEditsMiddleware(this.capture, (line) => this.output.debug(line)) },
      errorHandler: {
        error: (error, message, count) => this.errors!.error(error, message, count),
        closed: () => this.onClosed(),
      },
      initializationFailedHandler: (error) => {
        this.reportFailure(`the language server could not start: ${errorText(error)}`);
        return false;
      },
    };
    const client = new LanguageClient('fountainProvenance', 'Fountain Provenance', serverOptions, clientOptions);
    // A new client (the restart command) starts a new count of restarts.
    this.errors = client.createDefaultErrorHandler(3);
    this.client = client;
    this.capture.attach(client);
    try {
      await client.start();
    } catch (error) {
      this.reportFailure(`the language server could not start: ${errorText(error)}`);
      if (this.client === client) this.client = undefined;
      this.capture.attach(undefined);
      return undefined;
    }
    this.output.info(`Language server started (${module}).`);
    this.started.fire(client);
    return client;
  }

  /** The default handler decides; a server left stopped is reported once (with Show Output and Restart). */
  private async onClosed(): Promise<CloseHandlerResult> {
    const decided = await this.errors!.closed();
    if (decided.action === CloseAction.DoNotRestart) {
      this.reportFailure((decided.message ?? 'the language server stopped too often and was not restarted again').replace(/\.$/, ''));
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.warn('The language server stopped; restarting it.');
    return { action: CloseAction.Restart, handled: true };
  }

  /** Shows one error message per failure streak; later ones only reach the output channel. */
  private reportFailure(message: string): void {
    this.failures.report(message);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.extensionDisposables.splice(0).reverse()) d.dispose();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
