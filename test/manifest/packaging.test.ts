/**
 * What ships: the npm tarball installs into an empty folder and its command line runs, the
 * production bundles are minified with no source maps (the VS Code client at most 600 KB),
 * the VSIX lists exactly those bundles, and the manifest declares scopes and capabilities.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] };
    virtualWorkspaces: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const BUNDLES = ['asn1.js', 'cli.js', 'client.js', 'journalWorker.js', 'server.js'];
/** The command line's ES modules behind dist/cli.js: its entry and the chunks split per command. */
const isCliModule = (name: string): boolean => /^cli(-[A-Za-z0-9]+)?\.mjs$/.test(name);
/** The shipped VS Code client's budget. */
const CLIENT_MAX_BYTES = 600 * 1024;

function run(command: string, args: string[], options: SpawnSyncOptions): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 540_000, ...options });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) + (r.error ? String(r.error) : '') };
}

/** A copy of the project (sources, scripts, shipped files) sharing node_modules, to pack without touching dist/. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-pack-'));
  for (const name of ['bin', 'scripts', 'server', 'client', 'schemas', 'docs', 'examples', 'syntaxes', 'media']) {
    cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  }
  for (const name of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'language-configuration.json', '.vscodeignore']) {
    if (existsSync(join(ROOT, name))) copyFileSync(join(ROOT, name), join(dir, name));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('the manifest', () => {
  test('every setting declares a scope; the writer is resource or window, the time-stamp authority application or machine', () => {
    const props = manifest.contributes.configuration.properties;
    for (const [key, setting] of Object.entries(props)) {
      assert.ok(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable'].includes(setting.scope ?? ''), `${key} has no valid scope`);
    }
    assert.ok(['resource', 'window'].includes(props['fountainProvenance.writer'].scope!));
    const tsa = props['fountainProvenance.timestampAuthority'];
    assert.ok(['application', 'machine'].includes(tsa.scope!), `timestampAuthority is ${tsa.scope}`);
  });

  test('declares its capabilities: limited in untrusted workspaces (the writer and the typing threshold restricted), no virtual workspaces', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    for (const key of ['fountainProvenance.writer', 'fountainProvenance.typingThreshold', 'fountainProvenance.timestampAuthority']) {
      assert.ok(untrusted.restrictedConfigurations?.includes(key), `${key} is not restricted`);
    }
    const props = manifest.contributes.configuration.properties;
    for (const key of untrusted.restrictedConfigurations ?? []) assert.ok(props[key], `${key} is restricted but not a setting`);
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.equal(typeof virtual === 'object' ? virtual.supported : virtual, false);
  });

  test('npm pack ships the bundles: files lists dist, prepack builds for production, the VSIX is packaged from the production build', () => {
    assert.ok(manifest.files.includes('dist/*.js'));
    assert.ok(manifest.files.includes('dist/*.mjs'));
    assert.ok(manifest.files.includes('bin/'));
    assert.match(manifest.scripts.prepack, /build\.mjs --production/);
    assert.match(manifest.scripts.package, /build\.mjs --production && vsce package/);
  });
});

describe('the production build', () => {
  test('minified, no source maps, the client at most 600 KB', () => {
    const out = mkdtempSync(join(tmpdir(), 'fp-prod-'));
    const r = run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--production', '--outdir', out], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    const built = readdirSync(out).sort();
    assert.deepEqual(built.filter((n) => !isCliModule(n)), BUNDLES);
    const cliModules = built.filter(isCliModule);
    assert.ok(cliModules.includes('cli.mjs') && cliModules.length > 1, `the command line is not split: ${cliModules.join(', ')}`);
    const client = statSync(join(out, 'client.js')).size;
    assert.ok(client <= CLIENT_MAX_BYTES, `client.js is ${client} bytes`);
    for (const name of BUNDLES) {
      const text = readFileSync(join(out, name), 'utf8');
      assert.doesNotMatch(text, /sourceMappingURL/, `${name} points at a source map`);
      // Minified: long lines, few of them (the command line's small front door is counted with its modules below).
      if (name !== 'cli.js') assert.ok(text.split('\n').length < text.length / 400, `${name} does not look minified`);
    }
    // The command line's front door and chunks together (a small chunk is mostly import lines and help text).
    const cliText = ['cli.js', ...cliModules].map((name) => readFileSync(join(out, name), 'utf8')).join('\n');
    assert.doesNotMatch(cliText, /sourceMappingURL/, 'a command-line chunk points at a source map');
    assert.ok(cliText.split('\n').length < cliText.length / 400, 'the command-line chunks do not look minified');
    const dev = mkdtempSync(join(tmpdir(), 'fp-dev-'));
    assert.equal(run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outdir', dev], { cwd: ROOT }).code, 0);
    assert.ok(statSync(join(dev, 'client.js')).size > client, 'the development build is the larger one');
    assert.ok(existsSync(join(dev, 'client.js.map')));
  });

  test('the VSIX lists the bundles, the command line\'s modules and no source map or source file (vsce ls)', () => {
    const r = run(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const dist = files.filter((f) => f.startsWith('dist/')).sort();
    assert.deepEqual(dist.filter((f) => !isCliModule(f.slice(5))), BUNDLES.map((b) => `dist/${b}`));
    // The command line's entry and its chunks (the tarball test below runs a packed build of them).
    assert.ok(dist.includes('dist/cli.mjs'), 'the command line entry dist/cli.mjs is not in the VSIX');
    assert.ok(dist.some((f) => /^dist\/cli-[A-Za-z0-9]+\.mjs$/.test(f)), 'no command-line chunk in the VSIX');
    assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts')), []);
  });
});

describe('the VSIX', () => {
  test('vsce package succeeds on the production build (no .vscodeignore beside the files list) and stays under 5 MB', { timeout: 900_000 }, () => {
    const project = projectCopy();
    const built = run(process.execPath, [join(project, 'scripts', 'build.mjs'), '--production'], { cwd: project });
    assert.equal(built.code, 0, built.stderr);
    const out = join(mkdtempSync(join(tmpdir(), 'fp-vsix-')), 'fountain-provenance.vsix');
    const packed = run(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], { cwd: project });
    assert.equal(packed.code, 0, packed.stdout + packed.stderr);
    const size = statSync(out).size;
    assert.ok(size > 100_000 && size <= 5 * 1024 * 1024, `the VSIX is ${size} bytes`);
  });
});

describe('the packed tarball', () => {
  test('installs into an empty folder; npx fountain-provenance --version and validate on the example run', { timeout: 900_000 }, () => {
    const project = projectCopy();
    const packs = mkdtempSync(join(tmpdir(), 'fp-tgz-'));
    const packed = run('npm', ['pack', '--json', '--pack-destination', packs], { cwd: project });
    assert.equal(packed.code, 0, packed.stderr);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = info[0].files.map((f) => f.path);
    for (const b of [...BUNDLES, 'cli.mjs']) assert.ok(shipped.includes(`dist/${b}`), `dist/${b} is not in the tarball`);
    assert.ok(shipped.includes('bin/fountain-provenance.js'));
    assert.deepEqual(shipped.filter((f) => f.endsWith('.map') || f.startsWith('server/') || f.startsWith('client/') || f.startsWith('test/')), []);

    const home = mkdtempSync(join(tmpdir(), 'fp-install-'));
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packs, info[0].filename)], { cwd: home });
    assert.equal(installed.code, 0, installed.stderr);

    const version = run('npx', ['--no-install', 'fountain-provenance', '--version'], { cwd: home });
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), manifest.version);

    for (const name of ['the-night-shift.fountain', 'the-night-shift.fountain.provenance', '.fountain-provenance.json']) {
      copyFileSync(join(home, 'node_modules', 'fountain-provenance', 'examples', name), join(home, name));
    }
    const keys = mkdtempSync(join(tmpdir(), 'fp-keys-'));
    const validated = run('npx', ['--no-install', 'fountain-provenance', 'validate', 'the-night-shift.fountain'], {
      cwd: home,
      env: { ...process.env, FOUNTAIN_PROVENANCE_KEYS: keys, NO_COLOR: '1' },
    });
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.match(validated.stdout, /PASS\s+verified\s+the-night-shift\.fountain/);
  });
});
