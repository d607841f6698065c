/**
 * Issue 13, item 8: an edit that splits a UTF-16 surrogate pair leaves a lone surrogate in the
 * editor's text for a while; the saved file holds U+FFFD there. The record must still verify
 * against the saved file, in this session and after reopening.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ScriptRecord } from '../../server/src/provenance/record';
import { verifyJournal } from '../../server/src/provenance/verify';
import { savedText, sameSavedText } from '../../server/src/provenance/savedText';
import type { Origin } from '../../server/src/provenance/types';

const WRITER = { name: 'Ada', email: 'ada@example.invalid' };
const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-11-20T10:00:00.000Z', writer: WRITER };
const pasted: Origin = { kind: 'unattributed', channel: 'paste', at: '2026-11-20T10:00:00.000Z' };

function setup(): { path: string; keys: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fp-surrogate-'));
  return { path: join(dir, 'a.fountain'), keys: mkdtempSync(join(tmpdir(), 'fp-surrogate-keys-')) };
}

/** Saves the record's text as an editor does (UTF-8) and verifies the journal against the file. */
function saveAndVerify(record: ScriptRecord, path: string): string {
  writeFileSync(path, record.text, 'utf8');
  const onDisk = readFileSync(path, 'utf8');
  return verifyJournal(readFileSync(`${path}.provenance`), onDisk).status;
}

describe('surrogate pairs split by an edit', () => {
  test('savedText replaces lone surrogates only', () => {
    assert.equal(savedText('a\ud83d\ude00b'), 'a\ud83d\ude00b');
    assert.equal(savedText('a\ud83db\ude00'), 'a\ufffdb\ufffd');
    assert.ok(sameSavedText('x\ud83d', 'x\ufffd'));
    assert.ok(!sameSavedText('x\ud83d\ude00', 'x\ufffd\ufffd'));
  });

  test('deleting half of an emoji: the saved file verifies now and after reopening', () => {
    const { path, keys } = setup();
    writeFileSync(path, '');
    let record = ScriptRecord.open(path, '', { writer: WRITER, keyDir: keys });
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'INT. A \ud83d\ude00 B\n', origin: typing });
    record.applyEdit({ offset: 8, deleteLength: 1, insertText: '', origin: typing });
    record.close();
    assert.equal(saveAndVerify(record, path), 'verified');
    record = ScriptRecord.open(path, readFileSync(path, 'utf8'), { writer: WRITER, keyDir: keys });
    // The half left alone became U+FFFD on save: recorded as a change made outside the editor.
    assert.equal(record.text, readFileSync(path, 'utf8'));
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'x', origin: typing });
    record.close();
    assert.notEqual(saveAndVerify(record, path), 'mismatch');
  });

  test('random edits at any UTF-16 offset of text full of surrogate pairs never leave the journal mismatched (property)', () => {
    const piece = fc.constantFrom('a', ' ', '\n', '\ud83d\ude00', '\ud834\udd1e', '\ud83d', '\ude00', 'é');
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), text: fc.array(piece, { maxLength: 3 }).map((p) => p.join('')), paste: fc.boolean(), reopen: fc.boolean() });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (start, edits) => {
        const { path, keys } = setup();
        const initial = savedText(start.join(''));
        writeFileSync(path, initial);
        let record = ScriptRecord.open(path, initial, { writer: WRITER, keyDir: keys, sign: false });
        for (const e of edits) {
          const offset = record.text.length === 0 ? 0 : e.at % (record.text.length + 1);
          record.applyEdit({ offset, deleteLength: e.del, insertText: e.text, origin: e.paste ? pasted : typing });
          if (e.reopen) {
            record.close();
            assert.notEqual(saveAndVerify(record, path), 'mismatch');
            record = ScriptRecord.open(path, readFileSync(path, 'utf8'), { writer: WRITER, keyDir: keys, sign: false });
          }
        }
        record.close();
        assert.notEqual(saveAndVerify(record, path), 'mismatch');
      }),
      { numRuns: 60 },
    );
  });
});
