import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_LINE_PREFIX } from '../../server/src/provenance/journal';
import { readJournalFile } from '../../server/src/provenance/recordFile';
import { memoryTempDir } from './fixtures/journalSession';

const header = '{"type":"header"}\n';
const filler = (n: number): string => Array.from({ length: n }, (_, i) => `{"type":"edit","seq":${i}}\n`).join('');
const checkpoint = `${CHECKPOINT_LINE_PREFIX}"seq":7,"ledger":"${'x'.repeat(300)}"}\n`;

describe('reading a long journal from its end', () => {
  test('a short file is read whole', () => {
    const path = join(memoryTempDir(), 'a.fountain.provenance');
    writeFileSync(path, header + filler(3));
    const file = readJournalFile(path, 10_000, 64);
    assert.equal(file.base, 0);
    assert.equal(file.buf.toString(), header + filler(3));
  });

  test('the tail grows until it holds a whole checkpoint line, and no further', () => {
    const path = join(memoryTempDir(), 'a.fountain.provenance');
    const after = filler(20);
    const content = header + filler(200) + checkpoint + after;
    writeFileSync(path, content);
    const size = Buffer.byteLength(content);
    assert.ok(size > 5000);
    const file = readJournalFile(path, 5000, 64);
    // 64 and 256 bytes hold only edits; 1,024 holds the checkpoint line from its newline on.
    assert.equal(file.buf.length, 1024);
    assert.equal(file.base, size - 1024);
    assert.ok(file.buf.toString().includes(`\n${checkpoint}${after}`));
    assert.equal(file.head.toString().split('\n')[0], header.trim());
  });

  test('a checkpoint line cut at the end of the file does not count; the tail stops at tailBytes', () => {
    const path = join(memoryTempDir(), 'a.fountain.provenance');
    const content = header + filler(300) + checkpoint.slice(0, 100);
    writeFileSync(path, content);
    const file = readJournalFile(path, 3000, 64);
    assert.equal(file.buf.length, 3000);
    assert.equal(file.base, Buffer.byteLength(content) - 3000);
  });
});
