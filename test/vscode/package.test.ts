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
  // The command line's chunks are named by their content hash: the list names them `dist/cli-*.mjs`.
  const actual = [...new Set(output.split('\n').map((l) => l.trim()).filter(Boolean).map((f) => f.replace(/^dist\/cli-[A-Za-z0-9]+\.mjs$/, 'dist/cli-*.mjs')))].sort();
  const expected = readFileSync(join(__dirname, 'fixtures', 'vsix-files.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).sort();
  const extra = actual.filter((f) => !expected.includes(f));
  const missing = expected.filter((f) => !actual.includes(f));
  assert.deepEqual({ extra, missing }, { extra: [], missing: [] }, 'update package.json files or test/vscode/fixtures/vsix-files.txt');
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

test('onboarding: walkthrough steps complete on valid events, read without literal backticks, and link to commands that exist', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  // The completion events VS Code knows (onLanguage: is an activation event, not one of them).
  const valid = /^(onCommand|onLink|onView|onSettingChanged|onContext|onExtensionInstalled|onStepSelected):/;
  for (const step of manifest.contributes.walkthroughs[0].steps) {
    assert.ok(step.completionEvents?.length > 0, `${step.id} has no completion event`);
    for (const event of step.completionEvents) assert.match(event, valid, `${step.id}: ${event}`);
    assert.ok(!step.description.includes('`'), `${step.id} shows literal backticks: ${step.description}`);
    for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
      assert.ok(contributed.includes(m[1]) || m[1].startsWith('workbench.'), `${step.id} links to ${m[1]}`);
    }
  }
  const open = manifest.contributes.walkthroughs[0].steps.find((s: { id: string }) => s.id === 'open');
  assert.match(open.description, /command:fountainProvenance\.openExample/);
  for (const file of ['examples/the-night-shift.fountain', 'examples/the-night-shift.fountain.provenance']) assert.ok(existsSync(join(root, file)), file);
});

test('onboarding: limited support in Restricted Mode, writer defaults for Fountain, sidecars nested under their script', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  const defaults = manifest.contributes.configurationDefaults;
  assert.equal(defaults['[fountain]']['editor.wordWrap'], 'on');
  assert.equal(defaults['[fountain]']['editor.unicodeHighlight.ambiguousCharacters'], false);
  assert.equal(defaults['explorer.fileNesting.enabled'], true);
  assert.match(defaults['explorer.fileNesting.patterns']['*.fountain'], /^\$\{capture\}\.fountain\.provenance(,|$)/);
  const colors = manifest.contributes.colors as Array<{ id: string; defaults: { light: string } }>;
  assert.ok(colors.some((c) => c.id === 'fountainProvenance.pastedTextBackground'), 'no colour for pasted text');
  // The AI mark must be visible on a light theme: at least 25% opacity.
  const ai = colors.find((c) => c.id === 'fountainProvenance.aiTextBackground')!;
  assert.ok(parseInt(ai.defaults.light.slice(7, 9), 16) >= 0x40, `AI mark too faint on light themes: ${ai.defaults.light}`);
});
