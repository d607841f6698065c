import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERIFIED_MEANS } from '../../server/src/report/validation';
import { LIMITS_TEXT } from '../../server/src/report/model';
import { run } from './helpers';

const ROOT = join(__dirname, '..', '..');

test('what `verified` means: the same words in README, docs/journal.md, docs/report.md, validate --help and the report\'s limits', async () => {
  assert.match(VERIFIED_MEANS, /retyped by hand from another window/);
  for (const file of ['README.md', 'docs/journal.md', 'docs/report.md']) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    assert.ok(text.includes(`> ${VERIFIED_MEANS}\n`), `${file} says what verified means in the same words`);
  }
  const help = await run(['validate', '--help'], ROOT);
  assert.ok(help.stdout.includes(VERIFIED_MEANS), 'validate --help');
  assert.ok(LIMITS_TEXT.startsWith(VERIFIED_MEANS), "the report's limits section");
  const report = JSON.parse((await run(['report', join(ROOT, 'examples', 'the-night-shift.fountain'), '--format', 'json'], ROOT)).stdout);
  assert.ok(report.limits.includes(VERIFIED_MEANS));
});
