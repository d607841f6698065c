/** Argument parsing shared by the commands: node's parseArgs, with usage errors that say what. */
import { parseArgs } from 'node:util';
import { resolve as resolvePath } from 'node:path';
import { UsageError } from './command';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Parses `args` against `options`; unknown options and missing values are usage errors. */
export function parseCommandArgs(args: string[], options: Record<string, OptionSpec>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err);
    throw new UsageError(message);
  }
}

/** The value of a string option restricted to `allowed`, or the default. */
export function choice<T extends string>(value: string | boolean | undefined, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`unknown ${name} '${String(value)}' (use ${allowed.join(', ')})`);
  }
  return value as T;
}

/** Refuses an output path that is one of the inputs (a script, its journal, a project file). */
export function refuseToOverwrite(output: string, inputs: string[], cwd: string): void {
  const target = resolvePath(cwd, output);
  for (const input of inputs) {
    if (resolvePath(cwd, input) === target) throw new UsageError(`refusing to write over ${input}: choose another output file`);
  }
}
