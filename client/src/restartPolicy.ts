/**
 * When a language server that stopped is started again: up to `maxRestarts` times within
 * `windowMs`; after that it stays stopped until the writer restarts it by command. Pure, so
 * the "never a crash loop" promise is unit-tested.
 */
export class RestartPolicy {
  private readonly closes: number[] = [];

  constructor(
    readonly maxRestarts = 3,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a stop at `now`; true when the server should be started again. */
  shouldRestart(now: number): boolean {
    this.closes.push(now);
    while (this.closes.length > 0 && now - this.closes[0] > this.windowMs) this.closes.shift();
    return this.closes.length <= this.maxRestarts;
  }

  /** Stops within the window, including the last one. */
  get recentStops(): number {
    return this.closes.length;
  }

  reset(): void {
    this.closes.length = 0;
  }
}

/** Reports the first failure of a streak; the rest only reach the log. */
export class FailureReporter {
  private reported = false;

  constructor(
    private readonly show: (message: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  report(message: string): void {
    this.log(message);
    if (this.reported) return;
    this.reported = true;
    this.show(message);
  }

  reset(): void {
    this.reported = false;
  }
}
