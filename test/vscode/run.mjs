// `npm run test:vscode`: the extension's tests in a real VS Code through @vscode/test-electron.
// Builds the extension, bundles the suite, makes a temporary workspace with a script, and calls
// runTests. Where no desktop VS Code can be downloaded (this project's CI), the executable is
// test/vscode/launcher: the VS Code server from npm `code-server` with headless Chromium as the
// workbench, installed on demand into .test-stack/. Set FP_VSCODE_DESKTOP=1 to let
// test-electron download and run a desktop VS Code instead, or VSCODE_EXECUTABLE to use one.
import { build } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { ensureStack } from '../../scripts/vscode-stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const buildResult = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (buildResult.status !== 0) process.exit(buildResult.status ?? 1);

const outDir = join(root, 'out', 'vscode-test');
for (const suite of ['index', 'restricted']) await build({
  entryPoints: [join(here, 'suite', `${suite}.ts`)],
  outfile: join(outDir, `${suite}.js`),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

const scratch = mkdtempSync(join(tmpdir(), 'fp-vscode-'));
const workspace = join(scratch, 'workspace');
mkdirSync(workspace);
copyFileSync(join(here, 'fixtures', 'act1.fountain'), join(workspace, 'act1.fountain'));
// The fake model's extension goes in as an installed extension of the fresh extensions folder:
// the web workbench keeps only one development extension from its payload.
const extensionsDir = join(scratch, 'extensions');
cpSync(join(here, 'fake-model-extension'), join(extensionsDir, 'fountain-provenance-test.fake-model-0.0.1'), { recursive: true });
const keys = join(scratch, 'keys');
mkdirSync(keys);
// A HOME with no git identity, as most writers have: the extension must ask for a name.
const home = join(scratch, 'home');
mkdirSync(home);

const desktop = process.env.FP_VSCODE_DESKTOP === '1' || Boolean(process.env.VSCODE_EXECUTABLE);
if (!desktop) {
  ensureStack();
  console.error(`[test:vscode] stack ready at ${elapsed()}`);
}

let code = 0;
// FP_VSCODE_SUITE=restricted runs only the Restricted Mode suite (FP_VSCODE_SUITE=main only the main one).
const only = process.env.FP_VSCODE_SUITE;
if (only !== 'restricted') try {
  await runTests({
    ...(desktop ? (process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}) : { vscodeExecutablePath: join(here, 'launcher') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outDir, 'index.js'),
    launchArgs: [workspace, `--user-data-dir=${join(scratch, 'user-data')}`, `--extensions-dir=${extensionsDir}`],
    extensionTestsEnv: { FOUNTAIN_PROVENANCE_KEYS: keys, FOUNTAIN_PROVENANCE_TEST: '1', HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CONFIG_HOME: join(home, '.config') },
  });
} catch (error) {
  console.error(`[test:vscode] ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
}
// Restricted Mode: the same extension in a fresh untrusted workspace (the launcher turns workspace
// trust on and leaves the folder untrusted). Only where the launcher runs (a desktop VS Code is
// started by test-electron with workspace trust disabled).
if (!desktop && only !== 'main') {
  const restricted = join(scratch, 'restricted');
  mkdirSync(join(restricted, 'workspace'), { recursive: true });
  copyFileSync(join(here, 'fixtures', 'act1.fountain'), join(restricted, 'workspace', 'act1.fountain'));
  try {
    await runTests({
      vscodeExecutablePath: join(here, 'launcher'),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(outDir, 'restricted.js'),
      launchArgs: [join(restricted, 'workspace'), `--user-data-dir=${join(restricted, 'user-data')}`, `--extensions-dir=${join(restricted, 'extensions')}`],
      extensionTestsEnv: { FOUNTAIN_PROVENANCE_KEYS: keys, FOUNTAIN_PROVENANCE_TEST: '1', HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CONFIG_HOME: join(home, '.config'), FP_VSCODE_UNTRUSTED: '1' },
    });
    console.error(`[test:vscode] Restricted Mode suite passed at ${elapsed()}`);
  } catch (error) {
    console.error(`[test:vscode] Restricted Mode suite: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
}
if (!process.env.FP_VSCODE_KEEP) rmSync(scratch, { recursive: true, force: true });
console.error(`[test:vscode] ${code === 0 ? 'passed' : 'FAILED'} in ${elapsed()}`);
process.exit(code);
