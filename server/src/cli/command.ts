/** The shape of one command-line command. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colour). */
  isTTY: boolean;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Returns the exit code: 0 success, 1 findings, 2 usage error or unreadable input. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A usage error: printed with the command's name, exit code 2. */
export class UsageError extends Error {}
