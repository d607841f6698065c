import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('the VSIX holds exactly the expected files (vsce ls --no-dependencies)', () => {
  for (const bundle of ['dist/client.js', 'dist/server.js']) {
    assert.ok(existsSync(join(root, bundle)), `${bundle} is missing: run npm run build first`);
  }
  const output = execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const actual = output.split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const expected = readFileSync(join(__dirname, 'fixtures', 'vsix-files.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const extra = actual.filter((f) => !expected.includes(f));
  const missing = expected.filter((f) => !actual.includes(f));
  assert.deepEqual({ extra, missing }, { extra: [], missing: [] }, 'update .vscodeignore or test/vscode/fixtures/vsix-files.txt');
});

test('every contributed command is in the command table and every menu names a contributed command', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const source = readFileSync(join(root, 'client', 'src', 'commands.ts'), 'utf8');
  const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  const inTable = [...source.matchAll(/'(fountainProvenance\.[A-Za-z]+)':/g)].map((m) => m[1]);
  assert.deepEqual([...contributed].sort(), [...inTable].sort());
  for (const entries of Object.values(manifest.contributes.menus) as Array<Array<{ command: string }>>) {
    for (const entry of entries) assert.ok(contributed.includes(entry.command), `menu names ${entry.command}`);
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:fountain'));
  for (const step of manifest.contributes.walkthroughs[0].steps) assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
  for (const color of ['fountainProvenance.aiTextBackground', 'fountainProvenance.unknownTextBackground']) {
    assert.ok(manifest.contributes.colors.some((c: { id: string }) => c.id === color), color);
  }
});
