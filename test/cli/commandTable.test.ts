/**
 * The command line loads each command when it runs (server/src/cli/main.ts): the table's names
 * are the commands' own, and the built entry (dist/cli.mjs) holds only the dispatch, every
 * command in a chunk of its own that the entry imports on demand.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandTable, loadCommands, runCli } from '../../server/src/cli/main';
import { cli, ensureBuilt, ROOT } from './cliHelpers';
import { startTsa, writeStampedScript, type LocalTsa } from '../trust/tsa';

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
    // pkijs and asn1js live in dist/asn1.js, required by the chunks only when a token is read.
    assert.ok(readFileSync(join(ROOT, 'dist', 'asn1.js'), 'utf8').length > 100_000);
  });
});

describe('the built command line reads time stamps (pkijs from dist/asn1.js, loaded on first use)', () => {
  let tsa: LocalTsa;
  before(async () => {
    tsa = await startTsa('Built');
  });
  after(async () => {
    await tsa?.close();
  });

  test('validate --tsa-cert anchors a stamped checkpoint; report and pdf read the token', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'fp-built-tsa-'));
    const keys = mkdtempSync(join(tmpdir(), 'fp-keys-'));
    const sealed = await writeStampedScript(dir, keys, tsa);

    const validated = cli(['validate', '--workers', '0', '--format', 'json', 'stamped.fountain', '--tsa-cert', 'ca.pem'], dir, keys);
    const result = JSON.parse(validated.stdout).results[0];
    assert.equal(result.timestamps, 'checked', validated.stderr);
    assert.deepEqual(result.anchors.map((a: { checkpoint: number; status: string }) => [a.checkpoint, a.status]), [[sealed.seq, 'anchored']]);

    const report = cli(['report', 'stamped.fountain', '--format', 'json'], dir, keys);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(JSON.parse(report.stdout).verification.trust.timestamps[0].checkpoint, sealed.seq);

    const pdf = cli(['pdf', 'stamped.fountain', '-o', 'stamped.pdf'], dir, keys);
    assert.equal(pdf.code, 0, pdf.stderr);
    assert.match(pdf.stdout, /Wrote stamped\.pdf \(\d+ pages\)/);
  });
});
