/**
 * A real editor: headless Neovim (Debian's 0.7.2 in CI) runs session.lua against the built
 * server: it receives diagnostics, runs quick fixes (a command and an edit), edits, and the
 * diagnostics follow. Neovim missing is a failure, not a skip: CI installs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { examplePath, repoRoot, serverBundle, tempWorkspace } from '../lsp/client';

const lua = resolve(__dirname, 'session.lua');

/** Runs headless Neovim on a copy of the example; returns what the Lua script wrote. */
function runNeovim(init: string, luaScript: string): Record<string, unknown> {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.ok(!version.error && version.status === 0, 'nvim is not installed: install Debian neovim (apt-get install -y neovim); .ci/run does');
  assert.ok(existsSync(serverBundle), `${serverBundle} is missing: run npm run build`);
  const ws = tempWorkspace('fp-nvim-');
  const script = join(ws.dir, 'the-night-shift.fountain');
  copyFileSync(examplePath, script);
  const out = join(ws.dir, 'result.json');
  for (const d of ['cache', 'state', 'data', 'config', 'bin']) mkdirSync(join(ws.dir, d));
  // The installed command, as the README's configuration names it.
  const bin = join(ws.dir, 'bin', 'fountain-provenance-server');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin', 'fountain-provenance-server.js')}" "$@"\n`);
  chmodSync(bin, 0o755);
  const run = spawnSync('timeout', ['90', 'nvim', '--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${luaScript}`, script], {
    cwd: ws.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...ws.env,
      PATH: `${join(ws.dir, 'bin')}:${process.env.PATH}`,
      FP_SERVER: serverBundle,
      FP_OUT: out,
      XDG_CACHE_HOME: join(ws.dir, 'cache'),
      XDG_STATE_HOME: join(ws.dir, 'state'),
      XDG_DATA_HOME: join(ws.dir, 'data'),
      XDG_CONFIG_HOME: join(ws.dir, 'config'),
    },
  });
  assert.ok(existsSync(out), `Neovim wrote no result (exit ${run.status}): ${run.stderr}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  assert.equal(result.error, undefined, `Lua error: ${String(result.error)}\n${JSON.stringify(result, null, 1)}`);
  assert.equal(run.status, 0);
  return result;
}

test('the README configuration starts the server in Neovim', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /## Neovim[\s\S]*?```lua\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md has a Lua block under "## Neovim"');
  const ws = tempWorkspace('fp-nvim-init-');
  const init = join(ws.dir, 'init.lua');
  writeFileSync(init, block[1]);
  const result = runNeovim(init, resolve(__dirname, 'readmeCheck.lua'));
  assert.equal(result.filetype, 'fountain');
  assert.equal(result.client, 'fountain-provenance');
  assert.ok((result.actions as string[]).some((t) => t.includes('Mara Okafor')), `actions: ${result.actions}`);
});

test('headless Neovim: diagnostics, quick fixes, edits', () => {
  const result = runNeovim('NONE', lua);
  // Neovim reports the inserted lines as starting at the end of the line before them.
  const pasted = (result.pasted as { lnum: number }).lnum;
  assert.ok(pasted === 19 || pasted === 20, `pasted at ${pasted}`);
  assert.match(result.pastedText as string, /^The kettle screams/);
  assert.equal((result.moved as { lnum: number }).lnum, pasted + 2);
  assert.ok((result.actions as string[]).length >= 2, `actions: ${result.actions}`);
  // The writer comes from the client's settings (pushed with didChangeConfiguration by Neovim 0.7).
  assert.ok((result.actions as string[]).some((t) => t.includes('Nia Vim')), `actions: ${result.actions}`);
  assert.deepEqual(result.generatedKinds, ['ai']);
  assert.ok(!(result.attested as Array<{ code: string }>).some((d) => d.code === 'provenance.unattributed'));
  assert.equal((result.generated as { applied: boolean }).applied, true);
  assert.match(result.disclosure as string, /^AI Disclosure: .+/);
  assert.ok(!(result.final as Array<{ code: string }>).some((d) => d.code === 'disclosure.title-page-missing'));
});
