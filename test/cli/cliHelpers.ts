/** Runs the built command line (bin/fountain-provenance.js) in temp folders. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'fountain-provenance.js');
export const EXAMPLE_DIR = join(ROOT, 'examples');
export const EXAMPLE_NAME = 'the-night-shift.fountain';

/** Builds dist/cli.js when it is missing or older than the sources this suite tests. */
export function ensureBuilt(): void {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs > statSync(join(ROOT, 'server', 'src', 'cli', 'validate.ts')).mtimeMs) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string, keys: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FOUNTAIN_PROVENANCE_KEYS: keys, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temp folder holding a copy of the bundled example, its journal and its project file. */
export function exampleDir(): { dir: string; keys: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
  const keys = mkdtempSync(join(tmpdir(), 'fp-keys-'));
  copyFileSync(join(EXAMPLE_DIR, EXAMPLE_NAME), join(dir, EXAMPLE_NAME));
  copyFileSync(join(EXAMPLE_DIR, `${EXAMPLE_NAME}.provenance`), join(dir, `${EXAMPLE_NAME}.provenance`));
  copyFileSync(join(EXAMPLE_DIR, '.fountain-provenance.json'), join(dir, '.fountain-provenance.json'));
  return { dir, keys };
}
