import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { journalPathFor } from '../../server/src/provenance/journal';
import { ScriptRecord } from '../../server/src/provenance/record';
import type { Origin } from '../../server/src/provenance/types';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import { aiOrigin, mara, memoryTempDir, teo, TestClock, typingOrigin } from './fixtures/journalSession';

type Op =
  | { kind: 'type'; at: number; text: string; writer: 0 | 1 }
  | { kind: 'backspace'; at: number; n: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string; origin: 'ai' | 'paste' }
  | { kind: 'replace'; at: number; len: number; text: string }
  | { kind: 'undo' }
  | { kind: 'relabel'; at: number; len: number; attest: boolean }
  | { kind: 'checkpoint' }
  | { kind: 'pause' }
  | { kind: 'reload'; crash: boolean }
  | { kind: 'outside'; at: number; len: number; text: string };

const pos = fc.nat({ max: 10_000 });
const chunk = fc.stringMatching(/^[a-zA-Z .\n]{1,12}$/);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), at: pos, text: fc.oneof(chunk, fc.constantFrom('é', '😀', 'ab\r\n')), writer: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('backspace' as const), at: pos, n: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: pos, text: chunk, origin: fc.constantFrom('ai' as const, 'paste' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: pos, len: fc.integer({ min: 1, max: 10 }), text: chunk }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('relabel' as const), at: pos, len: fc.integer({ min: 1, max: 15 }), attest: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), crash: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outside' as const), at: pos, len: fc.nat({ max: 8 }), text: fc.stringMatching(/^[A-Z \n]{0,8}$/) }) },
);

const snapshotOf = (r: { toSnapshot(): unknown }) => JSON.stringify(r.toSnapshot());

describe('record properties', () => {
  test('replay rebuilds the text and the ledger; a checkpoint load equals a full replay', (t) => {
    const root = memoryTempDir();
    let n = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const dir = join(root, String(n++));
        mkdirSync(dir);
        const scriptPath = join(dir, 'act1.fountain');
        const start = 'INT. DINER - NIGHT\n\nRain.\n';
        writeFileSync(scriptPath, start);
        const clock = new TestClock('2026-03-01T09:00:00.000Z', 50);
        // Read long journals from their end even when they are short, so that path is exercised too.
        const options = { writer: mara, now: clock.now, sign: false, tailBytes: 1500 };
        let record = ScriptRecord.open(scriptPath, start, options);
        let lastDelete: { at: number; text: string } | undefined;
        for (const op of ops) {
          const len = record.text.length;
          const at = 'at' in op ? op.at % (len + 1) : 0;
          switch (op.kind) {
            case 'type': {
              let cursor = at;
              const origin = typingOrigin(op.writer ? teo : mara);
              const keys = op.text === 'ab\r\n' ? ['a', 'b', '\r\n'] : [...op.text];
              for (const key of keys) {
                record.applyEdit({ offset: cursor, deleteLength: 0, insertText: key, origin });
                cursor += key.length;
              }
              break;
            }
            case 'backspace': {
              let cursor = at;
              for (let i = 0; i < op.n && cursor > 0; i++) {
                record.applyEdit({ offset: cursor - 1, deleteLength: 1, insertText: '', origin: typingOrigin() });
                cursor--;
              }
              break;
            }
            case 'delete':
              lastDelete = { at, text: record.text.slice(at, at + op.len) };
              record.applyEdit({ offset: at, deleteLength: op.len, insertText: '', origin: typingOrigin() });
              break;
            case 'insert': {
              const origin: Origin = op.origin === 'ai' ? aiOrigin : { kind: 'pasted', channel: 'paste', at: '2026-03-01T09:00:00.000Z', by: mara };
              record.applyEdit({ offset: at, deleteLength: 0, insertText: op.text, origin });
              break;
            }
            case 'replace':
              record.applyEdit({ offset: at, deleteLength: op.len, insertText: op.text, origin: typingOrigin() });
              break;
            case 'undo':
              if (lastDelete && lastDelete.text) {
                record.applyEdit({ offset: Math.min(lastDelete.at, len), deleteLength: 0, insertText: lastDelete.text, origin: { kind: 'human', channel: 'undo', at: '2026-03-01T09:00:00.000Z', writer: mara } });
              }
              lastDelete = undefined;
              break;
            case 'relabel':
              record.relabel(at, at + op.len, op.attest ? { kind: 'human', channel: 'attestation', at: '2026-03-01T09:00:00.000Z', writer: mara } : aiOrigin, op.attest ? 'attest' : 'relabel');
              break;
            case 'checkpoint':
              record.checkpoint();
              break;
            case 'pause':
              clock.advance(3000);
              break;
            case 'reload':
            case 'outside': {
              if (op.kind === 'reload' && !op.crash) record.close();
              else record.flush();
              let text = record.text;
              if (op.kind === 'outside') text = text.slice(0, at) + op.text + text.slice(at + op.len);
              writeFileSync(scriptPath, text);
              record = ScriptRecord.open(scriptPath, text, options);
              assert.equal(record.text, text);
              assert.ok(!record.notices.some((x) => ['chain-broken', 'truncated', 'moved-aside'].includes(x.kind)), JSON.stringify(record.notices));
              break;
            }
          }
          // The runs always cover the text exactly.
          const runs = record.ledger.runs();
          assert.equal(runs.reduce((s, r) => s + r.end - r.start, 0), record.text.length);
        }
        record.flush();
        const journal = readFileSync(journalPathFor(scriptPath));
        const replay = replayJournal(journal);
        assert.deepEqual(replay.problems.filter((p) => p.kind !== 'unsigned-checkpoint'), []);
        assert.equal(replay.text, record.text);
        assert.equal(snapshotOf(replay.ledger), snapshotOf(record.ledger), 'replay vs live');
        const v = verifyJournal(journal, record.text);
        assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
        // Loading (from the last checkpoint when the text matches it) equals the full replay.
        record.checkpoint();
        const copyDir = join(dir, 'copy');
        mkdirSync(copyDir);
        const copyPath = join(copyDir, 'act1.fountain');
        copyFileSync(journalPathFor(scriptPath), journalPathFor(copyPath));
        const loaded = ScriptRecord.open(copyPath, record.text, options);
        assert.match(loaded.notices[0].message, /from checkpoint/);
        // The whole ledger must agree: runs, origins, insertions with their counts, memory.
        const full = replayJournal(readFileSync(journalPathFor(scriptPath))).ledger;
        assert.equal(loaded.text, full.text);
        assert.deepEqual(loaded.ledger.toSnapshot(), full.toSnapshot(), 'checkpoint load vs replay');
        assert.deepEqual(loaded.ledger.toSnapshot({ packRuns: true }), full.toSnapshot({ packRuns: true }));
      }),
      { numRuns: 150, ...(process.env.FP_SEED ? { seed: Number(process.env.FP_SEED), path: process.env.FP_PATH } : {}) },
    );
    assert.ok(n >= 150, `${n} runs`);
  });
});
