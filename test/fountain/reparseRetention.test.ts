import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// A re-parse reuses the elements it did not rescan. If their strings were slices of the text
// they were first read from, each Script would keep every earlier text of the document alive.
test('chained re-parses keep no earlier text alive', () => {
  const child = join(__dirname, 'fixtures', 'reparseRetentionChild.ts');
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
    textLength: number;
    edits: number;
    incremental: number;
    growth: number;
    equal: boolean;
  };
  assert.ok(result.textLength > 140_000, `synthetic script is ${result.textLength} code units`);
  // Every edit must take the incremental path, or the test would not exercise reuse.
  assert.equal(result.incremental, result.edits);
  assert.equal(result.equal, true, 'the last re-parse deep-equals a full parse');
  // Keeping every text (two-byte, ~300 KB each) would cost ~90 MB; one Script costs a few MB.
  const mb = result.growth / 1e6;
  assert.ok(mb < 20, `heap grew ${mb.toFixed(1)} MB over ${result.edits} re-parses`);
});
