import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathFor, splitJournal } from '../../server/src/provenance/journal';
import { ScriptRecord, TYPING_PAUSE_MS } from '../../server/src/provenance/record';
import { replayJournal } from '../../server/src/provenance/verify';
import { aiOrigin, mara, SAMPLE_SCRIPT, tempWorkspace, teo, TestClock, type, typingOrigin } from './fixtures/journalSession';
import { assertHolds } from './fixtures/verdicts';

function events(record: ScriptRecord): Record<string, unknown>[] {
  return splitJournal(record.journalText()).lines.slice(1).map((l) => JSON.parse(l.text));
}

describe('ScriptRecord', () => {
  test('first open imports the text and says so; reopening loads from the checkpoint', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    writeFileSync(scriptPath, SAMPLE_SCRIPT);
    const first = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    assert.deepEqual(first.notices.map((n) => n.kind), ['created']);
    assert.equal(first.ledger.shares().imported, SAMPLE_SCRIPT.length);
    assert.equal(first.journalPath, journalPathFor(scriptPath));
    first.close();
    const again = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    assert.deepEqual(again.notices.map((n) => n.kind), ['loaded']);
    assert.match(again.notices[0].message, /from checkpoint/);
    assert.equal(again.documentId, first.documentId);
    assertHolds(again.verify(), 'verified-with-gaps');
  });

  test('text changed outside the tracker is reconciled as external and journaled', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    const first = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    type(first, SAMPLE_SCRIPT.length, 'MAX\nHello.\n');
    first.close();
    const onDisk = SAMPLE_SCRIPT.replace('Rain', 'Snow') + 'MAX\nHello.\n';
    const again = ScriptRecord.open(scriptPath, onDisk, { writer: teo });
    const notice = again.notices.find((n) => n.kind === 'reconciled');
    assert.ok(notice?.ranges && notice.ranges.length > 0);
    assert.equal(again.text, onDisk);
    for (const range of notice.ranges) {
      for (const run of again.ledger.runs(range.start, range.end)) assert.equal(run.origin.kind, 'external');
    }
    assert.equal(again.ledger.runAt(onDisk.length - 3)?.origin.kind, 'human');
    assert.ok(events(again).some((e) => e.type === 'reconcile'));
    assert.equal(again.verify().status, 'verified-with-gaps');
  });

  test('keystrokes are coalesced into one edit per run of typing, and replay exactly', () => {
    const clock = new TestClock();
    const record = ScriptRecord.inMemory(SAMPLE_SCRIPT, { writer: mara, now: clock.now });
    const base = events(record).length;
    let at = type(record, 20, 'Thunder');
    record.applyEdit({ offset: at - 1, deleteLength: 1, insertText: '', origin: typingOrigin() }); // backspace
    at -= 1;
    at = type(record, at, 'r');
    record.applyEdit({ offset: at, deleteLength: 0, insertText: '\r\n', origin: typingOrigin() }); // Enter
    at = type(record, at + 2, '😀 ');
    // Backspace past the start of the run, into older text, then the delete key.
    for (let i = 0; i < 13; i++) {
      const len = record.text.slice(0, at).endsWith('\r\n') || /[\uDC00-\uDFFF]$/.test(record.text.slice(0, at)) ? 2 : 1;
      record.applyEdit({ offset: at - len, deleteLength: len, insertText: '', origin: typingOrigin() });
      at -= len;
    }
    record.applyEdit({ offset: at, deleteLength: 1, insertText: '', origin: typingOrigin() });
    type(record, at, 'x');
    record.flush();
    const written = events(record).slice(base);
    assert.equal(written.length, 1, JSON.stringify(written));
    assert.ok(Array.isArray(written[0].steps));
    const replay = replayJournal(record.journalText());
    assert.equal(replay.text, record.text);
    assert.deepEqual(replay.ledger.toSnapshot(), record.ledger.toSnapshot());
    assertHolds(record.verify(), 'unsigned', ['unsigned-tail', 'untracked-before']);
  });

  test('a typing run ends at a pause, a jump, another origin, a relabel or a flush', () => {
    const clock = new TestClock('2026-03-01T09:00:00.000Z', 10);
    const record = ScriptRecord.inMemory(SAMPLE_SCRIPT, { writer: mara, now: clock.now });
    const base = events(record).length;
    let at = type(record, 0, 'ab');
    clock.advance(TYPING_PAUSE_MS + 1);
    at = type(record, at, 'cd'); // pause
    type(record, at + 3, 'ef'); // jump
    type(record, 0, 'gh', typingOrigin(teo)); // another writer
    record.relabel(0, 2, { kind: 'human', channel: 'attestation', at: '2026-03-01T10:00:00.000Z', writer: teo }, 'attest');
    type(record, 0, 'ij');
    record.flush();
    const kinds = events(record)
      .slice(base)
      .map((e) => `${e.type}:${e.insertText ?? ''}`);
    assert.deepEqual(kinds, ['edit:ab', 'edit:cd', 'edit:ef', 'edit:gh', 'attest:', 'edit:ij']);
    assertHolds(record.verify(), 'unsigned', ['unsigned-tail', 'untracked-before']);
  });

  test('flushIfIdle writes a typing run only after a pause', () => {
    const clock = new TestClock('2026-03-01T09:00:00.000Z', 10);
    const record = ScriptRecord.inMemory(SAMPLE_SCRIPT, { writer: mara, now: clock.now });
    const base = events(record).length;
    type(record, 0, 'abc');
    record.flushIfIdle();
    assert.equal(events(record).length, base);
    clock.advance(TYPING_PAUSE_MS + 1);
    record.flushIfIdle();
    assert.equal(events(record).length, base + 1);
  });

  test('a 10,000-keystroke session stays small', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    const clock = new TestClock('2026-03-01T09:00:00.000Z', 120);
    const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara, now: clock.now });
    const before = statSync(journalPathFor(scriptPath)).size;
    const words = 'the rain keeps falling on the diner and nobody leaves '.split('');
    let at = SAMPLE_SCRIPT.length;
    for (let k = 0; k < 10_000; k++) {
      if (k % 97 === 96) {
        record.applyEdit({ offset: at - 1, deleteLength: 1, insertText: '', origin: typingOrigin() });
        at--;
      } else {
        record.applyEdit({ offset: at, deleteLength: 0, insertText: words[k % words.length], origin: typingOrigin() });
        at++;
      }
      if (k % 400 === 399) clock.advance(5000); // the writer stops to think
    }
    record.close();
    const grown = statSync(journalPathFor(scriptPath)).size - before;
    const typed = record.text.length - SAMPLE_SCRIPT.length;
    assert.ok(grown < 4 * typed, `journal grew ${grown} bytes for ${typed} characters typed`);
    assert.ok(events(record).length < 60, `${events(record).length} events`);
    assert.equal(replayJournal(readFileSync(journalPathFor(scriptPath))).text, record.text);
    assertHolds(record.verify(), 'verified-with-gaps');
  });

  test('an AI insertion, a paste and an attestation are journaled as they happened', () => {
    const record = ScriptRecord.inMemory(SAMPLE_SCRIPT, { writer: mara });
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'FADE IN:\n\n', origin: aiOrigin });
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'Title: Night\n\n', origin: { kind: 'pasted', channel: 'paste', at: '2026-03-01T09:00:00.000Z', by: mara } });
    record.relabel(14, 24, { kind: 'human', channel: 'attestation', at: '2026-03-01T09:00:00.000Z', writer: mara }, 'attest');
    const es = events(record).filter((e) => e.type !== 'checkpoint');
    assert.deepEqual(es.map((e) => e.type), ['edit', 'edit', 'edit', 'attest']);
    assert.equal(replayJournal(record.journalText()).text, record.text);
    assert.ok(record.ledger.aiSurvival().length === 1);
  });
});
