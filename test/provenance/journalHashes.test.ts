import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256Hex } from '../../server/src/provenance/journal';
import { LineHashes, type LineHashTuning } from '../../server/src/provenance/journalHashes';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import { sampleSession, tempWorkspace } from './fixtures/journalSession';

const HERE: LineHashTuning = { minChars: Infinity, waitForWorker: false };
const WORKER: LineHashTuning = { minChars: 0, waitForWorker: true };

function verifyBothWays(journal: string, text: string): void {
  const here = verifyJournal(journal, text, { lineHashes: HERE });
  const hereReplay = replayJournal(journal, { at: new Date('2026-03-01T09:00:01.000Z'), lineHashes: HERE });
  const worker = verifyJournal(journal, text, { lineHashes: WORKER });
  const workerReplay = replayJournal(journal, { at: new Date('2026-03-01T09:00:01.000Z'), lineHashes: WORKER });
  assert.equal(worker.status, here.status);
  assert.deepEqual(worker.problems, here.problems);
  assert.deepEqual(worker.firstDivergence, here.firstDivergence);
  assert.equal(workerReplay.text, hereReplay.text);
  assert.deepEqual(workerReplay.problems, hereReplay.problems);
}

describe('line hashes on a second thread', () => {
  test('give every whole line its SHA-256, CRLF and non-ASCII lines included', () => {
    const lines = ['{"a":1}', 'caf\u00e9 \u{1F600}', '', 'x\r', 'lone \ud800 surrogate', 'last'];
    const text = `${lines.join('\n')}\nunfinished`;
    const hashes = new LineHashes(text, { tuning: WORKER });
    try {
      assert.equal(hashes.ready(lines.length), true);
      assert.equal(hashes.ready(lines.length + 1), false, 'the unfinished line is not hashed');
      lines.forEach((line, i) => {
        const want = sha256Hex(line.endsWith('\r') ? line.slice(0, -1) : line);
        assert.equal(hashes.hex(i + 1), want, `line ${i + 1}`);
        assert.equal(hashes.matches(i + 1, want), true);
        assert.equal(hashes.matches(i + 1, want.replace(/^./, (c) => (c === '0' ? '1' : '0'))), false);
        assert.equal(hashes.matches(i + 1, want.toUpperCase()), want === want.toUpperCase());
      });
    } finally {
      hashes.close();
    }
    // Options, not a module global: the default leaves a short text to the calling thread.
    const plain = new LineHashes(text);
    try {
      assert.equal(plain.ready(1), false);
    } finally {
      plain.close();
    }
  });

  test('verification answers the same with the worker as without, for intact and tampered journals', () => {
    const { dir } = tempWorkspace();
    const s = sampleSession(dir);
    const journal = s.journal.toString('utf8');
    verifyBothWays(journal, s.text);
    const lines = journal.split('\n');
    for (let i = 1; i + 1 < lines.length; i++) {
      const changed = [...lines];
      changed[i] = changed[i].replace(/"seq":(\d+)/, (_m, n) => `"seq":${Number(n)}`).replace(/.$/, (c) => (c === '}' ? ' }' : c));
      verifyBothWays(changed.join('\n'), s.text);
      const dropped = lines.filter((_, k) => k !== i);
      verifyBothWays(dropped.join('\n'), s.text);
    }
    verifyBothWays(journal.slice(0, -5), s.text);
    verifyBothWays(journal.replace(/\n/g, '\r\n'), s.text);
  });
});
