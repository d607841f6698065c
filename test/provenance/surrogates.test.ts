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
import { ScriptRecord } from '../../server/src/provenance/record';
import { verifyJournal } from '../../server/src/provenance/verify';
import { savedText, sameSavedText } from '../../server/src/provenance/savedText';
import type { Origin } from '../../server/src/provenance/types';

const WRITER = { name: 'Ada', email: 'ada@example.invalid' };
const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-11-20T10:00:00.000Z', writer: WRITER };

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
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'x', origin: typing });
    record.close();
    assert.equal(saveAndVerify(record, path), 'verified');
  });
});
