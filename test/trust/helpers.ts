/** Runs the command line in this process (no build needed) and makes temp folders. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `fountain-provenance <args>` in-process, with the key folder `keys`. */
export async function run(args: string[], cwd: string, keys?: string): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const saved = process.env.FOUNTAIN_PROVENANCE_KEYS;
  if (keys) process.env.FOUNTAIN_PROVENANCE_KEYS = keys;
  // As the real command runs: in its own folder (relative paths are read from there).
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    if (saved === undefined) delete process.env.FOUNTAIN_PROVENANCE_KEYS;
    else process.env.FOUNTAIN_PROVENANCE_KEYS = saved;
  }
}

export function tempDir(prefix = 'fp-trust-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const ROOT = join(__dirname, '..', '..');
export const EXAMPLE = 'the-night-shift.fountain';

/** A temp folder with the bundled example, its signed journal and its project file. */
export function exampleCopy(): { dir: string; script: string; journal: string; keys: string } {
  const dir = tempDir();
  for (const f of [EXAMPLE, `${EXAMPLE}.provenance`, '.fountain-provenance.json']) copyFileSync(join(ROOT, 'examples', f), join(dir, f));
  return { dir, script: join(dir, EXAMPLE), journal: join(dir, `${EXAMPLE}.provenance`), keys: tempDir('fp-keys-') };
}
