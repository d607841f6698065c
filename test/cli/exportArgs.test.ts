/** The arguments `pdf` and `fdx` share (server/src/cli/exportArgs.ts): one parser for both commands. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UsageError } from '../../server/src/cli/command';
import { parseExportArgs, withReadableInput } from '../../server/src/cli/exportArgs';
import { InputError } from '../../server/src/cli/validateLoad';
import { runCli } from '../../server/src/cli/main';

const cwd = join('/', 'work', 'scripts');
const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd };

describe('export arguments', () => {
  test('one script: its path, the default output beside the current folder with the extension, marks off', () => {
    const a = parseExportArgs(['drafts/big.fish.fountain'], io, 'fdx', '.fdx');
    assert.equal(a.scriptPath, join(cwd, 'drafts', 'big.fish.fountain'));
    assert.equal(a.displayPath, join('drafts', 'big.fish.fountain'));
    assert.equal(a.output, 'big.fish.fdx');
    assert.equal(a.outputPath, join(cwd, 'big.fish.fdx'));
    assert.equal(a.marks, false);
  });

  test('-o, --marks and the command\'s own options', () => {
    const a = parseExportArgs(['s.fountain', '-o', 'out/x.pdf', '--marks', '--paper', 'a4', '--no-attach'], io, 'pdf', '.pdf', { paper: { type: 'string' }, 'no-attach': { type: 'boolean' } });
    assert.equal(a.outputPath, join(cwd, 'out', 'x.pdf'));
    assert.equal(a.marks, true);
    assert.equal(a.values.paper, 'a4');
    assert.equal(a.values['no-attach'], true);
  });

  test('usage errors: no script, two scripts, an option the command does not take, writing over the script or its record', () => {
    assert.throws(() => parseExportArgs([], io, 'pdf', '.pdf'), (e: unknown) => e instanceof UsageError && /name the script/.test(e.message));
    assert.throws(() => parseExportArgs(['a.fountain', 'b.fountain'], io, 'fdx', '.fdx'), (e: unknown) => e instanceof UsageError && /fdx takes one script/.test(e.message));
    assert.throws(() => parseExportArgs(['a.fountain', '--paper', 'a4'], io, 'fdx', '.fdx'), UsageError);
    assert.throws(() => parseExportArgs(['a.fountain', '-o', 'a.fountain'], io, 'fdx', '.fdx'), (e: unknown) => e instanceof UsageError && /refusing to write over/.test(e.message));
    assert.throws(() => parseExportArgs(['a.fountain', '-o', './a.fountain.provenance'], io, 'pdf', '.pdf'), /refusing to write over/);
  });

  test('unreadable input is exit 2 with the command named; other errors pass through', async () => {
    let err = '';
    const r = await withReadableInput({ ...io, stderr: (t: string) => void (err += t) }, 'pdf', () => {
      throw new InputError('cannot read x.fountain');
    });
    assert.deepEqual(r, { ok: false, code: 2 });
    assert.equal(err, 'fountain-provenance pdf: cannot read x.fountain\n');
    await assert.rejects(withReadableInput(io, 'pdf', () => Promise.reject(new Error('boom'))), /boom/);
    assert.deepEqual(await withReadableInput(io, 'pdf', () => 7), { ok: true, value: 7 });
  });

  test('both commands report a missing script and a bad option the same way (exit 2)', async () => {
    for (const command of ['pdf', 'fdx']) {
      let err = '';
      const e = { ...io, stderr: (t: string) => void (err += t) };
      assert.equal(await runCli([command], e), 2);
      assert.match(err, new RegExp(`fountain-provenance ${command}: name the script to export`));
      assert.equal(await runCli([command, join(cwd, 'missing.fountain'), '-o', join('/', 'tmp', 'fp-never-written.out')], e), 2);
      assert.match(err, new RegExp(`fountain-provenance ${command}: .*missing\\.fountain`));
    }
  });
});
