/** The command-line arguments the export commands (`pdf`, `fdx`) share: one script, -o, --marks. */
import { basename, relative, resolve } from 'node:path';
import type { CliIO } from './command';
import { UsageError } from './command';
import { parseCommandArgs, refuseToOverwrite, type OptionSpec } from './args';
import { InputError } from './validateLoad';

export interface ExportArgs {
  /** The script, absolute. */
  scriptPath: string;
  /** The script's path as the report shows it (relative to the current folder). */
  displayPath: string;
  /** The file to write, absolute: -o, or the script's name with `extension` in the current folder. */
  outputPath: string;
  /** The file to write as the user named it (for the "Wrote" line). */
  output: string;
  marks: boolean;
  /** Every option's value, the command's own included. */
  values: Record<string, string | boolean | undefined>;
}

/**
 * Parses `<script> [-o out] [--marks]` plus the command's own `options`. Usage errors (no
 * script, two scripts, an unknown option, an output that is the script or its record) throw.
 */
export function parseExportArgs(args: string[], io: CliIO, command: string, extension: string, options: Record<string, OptionSpec> = {}): ExportArgs {
  const { positionals, values } = parseCommandArgs(args, {
    output: { type: 'string', short: 'o' },
    marks: { type: 'boolean' },
    ...options,
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script to export' : `${command} takes one script`);
  const scriptArg = positionals[0];
  const scriptPath = resolve(io.cwd, scriptArg);
  const output = typeof values.output === 'string' ? values.output : `${basename(scriptArg).replace(/\.[^.]+$/, '')}${extension}`;
  refuseToOverwrite(output, [scriptPath, `${scriptPath}.provenance`], io.cwd);
  return {
    scriptPath,
    displayPath: relative(io.cwd, scriptPath) || scriptArg,
    outputPath: resolve(io.cwd, output),
    output,
    marks: values.marks === true,
    values,
  };
}

/** Runs `work`; a script or record that cannot be read is reported as `command: message`, exit 2. */
export async function withReadableInput<T>(io: CliIO, command: string, work: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: 2 }> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`fountain-provenance ${command}: ${err.message}\n`);
      return { ok: false, code: 2 };
    }
    throw err;
  }
}
