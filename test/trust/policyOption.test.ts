/**
 * `validate --policy` naming anything but a readable regular file is a usage error (exit 2)
 * that names the file: a folder, a device that never ends, a FIFO nobody writes to, a missing
 * file (issue 11, "Precisely"). None of them may hang or be read as a policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, exampleCopy, run } from './helpers';

test('--policy naming a folder, /dev/zero, a FIFO or a missing file is a usage error naming it', async () => {
  const { dir } = exampleCopy();
  mkdirSync(join(dir, 'policies'));
  const names = ['policies', 'missing.json'];
  if (existsSync('/dev/zero')) names.push('/dev/zero');
  if (process.platform !== 'win32') {
    execFileSync('mkfifo', [join(dir, 'policy.fifo')]);
    names.push('policy.fifo');
  }
  for (const name of names) {
    const r = await run(['validate', '--workers', '0', EXAMPLE, '--policy', name], dir);
    assert.equal(r.code, 2, `${name}: exit ${r.code}\n${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '', `${name}: no verdicts are printed`);
    assert.ok(r.stderr.includes(name), `${name}: the message names the file: ${r.stderr}`);
  }
  // A readable policy file still works.
  const ok = await run(['validate', '--workers', '0', EXAMPLE, '--policy', '.fountain-provenance.json'], dir);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
});
