/**
 * The command line loads each command when it runs (server/src/cli/main.ts): the table's names
 * are the commands' own, and the built entry (dist/cli.mjs) holds only the dispatch, every
 * command in a chunk of its own that the entry imports on demand.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandTable, loadCommands, runCli } from '../../server/src/cli/main';
import { ensureBuilt, ROOT } from './cliHelpers';

describe('the command table', () => {
  test('each entry loads the command of its own name, each name once', async () => {
    const commands = await loadCommands();
    assert.deepEqual(
      commands.map((c) => c.name),
      commandTable.map((c) => c.name),
    );
    assert.equal(new Set(commandTable.map((c) => c.name)).size, commandTable.length);
  });

  test('the usage lists every command with its summary; an unknown command is exit 2 with the list', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), isTTY: false, cwd: ROOT };
    assert.equal(await runCli(['--help'], io), 0);
    for (const c of await loadCommands()) assert.match(out, new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.equal(await runCli(['nonsense'], io), 2);
    assert.match(err, /unknown command 'nonsense'[\s\S]*Commands:[\s\S]*  pdf /);
  });
});

describe('the built command line', () => {
  test('dist/cli.js is a small front door; dist/cli.mjs imports each command on demand', () => {
    ensureBuilt();
    const front = readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8');
    assert.ok(front.length < 20_000, `dist/cli.js is ${front.length} characters`);
    assert.match(front, /cli\.mjs/);
    const entry = readFileSync(join(ROOT, 'dist', 'cli.mjs'), 'utf8');
    assert.ok(entry.length < 40_000, `dist/cli.mjs is ${entry.length} characters`);
    // The dispatch imports one chunk per command (git and merge-driver share one) and nothing heavy up front.
    const onDemand = new Set(entry.match(/import\("\.\/cli-[A-Za-z0-9]+\.mjs"\)/g) ?? []);
    assert.ok(onDemand.size >= commandTable.length - 1, `only ${onDemand.size} chunks imported on demand`);
    assert.doesNotMatch(entry, /PDFDocument|pkijs|picomatch/);
  });
});
