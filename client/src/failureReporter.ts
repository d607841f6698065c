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
