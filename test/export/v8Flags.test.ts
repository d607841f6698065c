import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EXPORT_V8_FLAGS } from '../../server/src/cli/main';

// The pdf and fdx commands set these V8 flags when their process starts (cli/main.ts). V8 does
// not throw on a flag it does not know: it prints "unrecognized flag" on stderr, which would
// reach every export's terminal after a Node upgrade. This Node must know each of them.
test('the export V8 flags are known to this Node (nothing printed when they are set)', () => {
  assert.match(EXPORT_V8_FLAGS, /^--\S+( --\S+)*$/);
  const r = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(EXPORT_V8_FLAGS)}); process.stdout.write('set')`], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout, 'set');
  assert.equal(r.stderr, '');
  const bogus = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-flag-for-fp')"], { encoding: 'utf8' });
  assert.match(bogus.stderr, /unrecognized flag/, 'an unknown flag shows on stderr: the check above can fail');
});
