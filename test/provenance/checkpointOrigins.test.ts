import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointSnapshot } from '../../server/src/provenance/checkpointOrigins';
import { JOURNAL_FORMAT_1, splitJournal, type CheckpointEvent } from '../../server/src/provenance/journal';
import { loadOrCreateKey } from '../../server/src/provenance/keys';
import { originKey } from '../../server/src/provenance/origin';
import { ScriptRecord } from '../../server/src/provenance/record';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import type { Origin } from '../../server/src/provenance/types';
import { aiOrigin, mara, rechain, sampleSession, tempWorkspace, TestClock, type, typingOrigin } from './fixtures/journalSession';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'the-night-shift.fountain');

const lines = (journal: Buffer | string) => splitJournal(Buffer.from(journal)).lines.map((l) => JSON.parse(l.text) as Record<string, unknown>);
const checkpoints = (journal: Buffer | string) => lines(journal).filter((e) => e.type === 'checkpoint') as unknown as CheckpointEvent[];
const runsOf = (r: ScriptRecord | { ledger: ScriptRecord['ledger'] }) => r.ledger.runs().map((x) => [x.start, x.end, originKey(x.origin)]);

describe('one origin table per checkpoint', () => {
  test('a format 2 checkpoint names the ledger origins by their ids in its table instead of repeating them', () => {
    const { dir, keyDir } = tempWorkspace();
    const s = sampleSession(dir, { keyDir });
    const cps = checkpoints(s.journal);
    assert.ok(cps.length >= 2);
    for (const cp of cps) {
      assert.equal(cp.ledger.origins, undefined, `checkpoint ${cp.seq} repeats the origins`);
      assert.ok(Array.isArray(cp.ledger.originIds));
      const snapshot = checkpointSnapshot(cp);
      snapshot.origins.forEach((o, i) => assert.equal(originKey(o), originKey(cp.origins[cp.ledger.originIds![i]])));
    }
    // The last checkpoint's ledger is the replayed ledger, origin for origin.
    const replayed = replayJournal(s.journal).ledger;
    assert.deepEqual(checkpointSnapshot(cps[cps.length - 1]).origins.map(originKey), replayed.origins().map(originKey));
    const v = verifyJournal(s.journal, s.text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    assert.ok(!v.problems.some((p) => p.kind.startsWith('checkpoint')), JSON.stringify(v.problems));
    // Loading starts from the checkpoint and gets every origin back.
    const loaded = ScriptRecord.open(s.scriptPath, s.text, { writer: mara, keyDir });
    assert.match(loaded.notices.map((n) => n.message).join('\n'), /from checkpoint/);
    assert.deepEqual(runsOf(loaded), runsOf({ ledger: replayed }));
    loaded.close();
  });

  /** Continues the journal of `script` with a short session; checks the old lines are kept and returns the record. */
  function continueSession(script: string, keyDir: string): { record: ScriptRecord; before: Buffer; after: Buffer } {
    const before = readFileSync(`${script}.provenance`);
    const text = readFileSync(script, 'utf8');
    const record = ScriptRecord.open(script, text, { writer: mara, keyDir, now: new TestClock('2027-01-01T10:00:00.000Z').now });
    type(record, 0, 'Hi\n');
    record.applyEdit({ offset: 3, deleteLength: 0, insertText: 'A line the model wrote.\n', origin: { ...aiOrigin, at: '2027-01-01T10:00:05.000Z' } });
    record.close();
    const after = readFileSync(`${script}.provenance`);
    assert.ok(after.subarray(0, before.length).equals(before), 'the old lines are unchanged');
    const v = verifyJournal(after, record.text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    writeFileSync(script, record.text);
    const loaded = ScriptRecord.open(script, record.text, { writer: mara, keyDir });
    assert.match(loaded.notices.map((n) => n.message).join('\n'), /from checkpoint/);
    assert.deepEqual(runsOf(loaded), runsOf(record));
    loaded.close();
    return { record, before, after };
  }

  test('the example journal (format 1, both tables in every checkpoint) still verifies and is continued in its format', () => {
    const { dir, keyDir } = tempWorkspace();
    const script = join(dir, 'the-night-shift.fountain');
    copyFileSync(EXAMPLE, script);
    copyFileSync(`${EXAMPLE}.provenance`, `${script}.provenance`);
    const journal = readFileSync(`${script}.provenance`);
    assert.ok(journal.equals(readFileSync(`${EXAMPLE}.provenance`)));
    const old = checkpoints(journal);
    assert.ok(old.length > 0 && old.every((cp) => Array.isArray(cp.ledger.origins) && cp.ledger.originIds === undefined));
    const v = verifyJournal(journal, readFileSync(script, 'utf8'));
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    const { before, after } = continueSession(script, keyDir);
    // A format 1 journal never holds a format 2 field: its new checkpoints keep both tables.
    const added = checkpoints(after.subarray(before.length));
    assert.ok(added.length > 0 && added.every((cp) => Array.isArray(cp.ledger.origins) && cp.ledger.originIds === undefined));
  });

  test('a format 2 journal written with both tables still verifies and loads, and continues with one', () => {
    const { dir, keyDir } = tempWorkspace();
    const s = sampleSession(dir, { keyDir });
    const values = lines(s.journal);
    for (const v of values) {
      if (v.type !== 'checkpoint') continue;
      const { originIds: _ids, ...rest } = v.ledger as Record<string, unknown>;
      v.ledger = { origins: checkpointSnapshot(v as unknown as CheckpointEvent).origins, ...rest };
    }
    writeFileSync(`${s.scriptPath}.provenance`, rechain(values, loadOrCreateKey(mara, keyDir)));
    const v = verifyJournal(readFileSync(`${s.scriptPath}.provenance`), s.text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    assert.ok(!v.problems.some((p) => p.kind.startsWith('checkpoint')), JSON.stringify(v.problems));
    const { before, after } = continueSession(s.scriptPath, keyDir);
    const added = checkpoints(after.subarray(before.length));
    assert.ok(added.length > 0 && added.every((cp) => cp.ledger.origins === undefined && Array.isArray(cp.ledger.originIds)));
  });

  test('the journal interns origins as the ledger does: once whatever the field order, defined as first given', () => {
    const { dir, keyDir } = tempWorkspace();
    const script = join(dir, 'paste.fountain');
    writeFileSync(script, 'INT. ROOM - DAY\n');
    const record = ScriptRecord.open(script, 'INT. ROOM - DAY\n', { writer: mara, keyDir, now: new TestClock().now });
    const first = { kind: 'pasted', channel: 'paste', at: '2026-03-01T09:00:00.000Z', by: mara } as Origin;
    const reordered = { by: { email: mara.email, name: mara.name }, at: first.at, channel: 'paste', kind: 'pasted' } as Origin;
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'One paste. ', origin: first });
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'Another. ', origin: reordered });
    record.close();
    const events = lines(readFileSync(`${script}.provenance`));
    const pastes = events.filter((e) => e.type === 'edit' && typeof e.insertText === 'string' && /paste|Another/.test(e.insertText as string));
    assert.equal(pastes.length, 2);
    assert.equal(pastes[0].origin, pastes[1].origin, 'one id');
    assert.equal(JSON.stringify((pastes[0].defines as Record<string, unknown>)[String(pastes[0].origin)]), JSON.stringify(first), 'defined as first given');
    assert.equal(pastes[1].defines, undefined);
    const cp = checkpoints(readFileSync(`${script}.provenance`)).pop()!;
    assert.equal(cp.origins.filter((o) => o.kind === 'pasted').length, 1);
    assert.equal(checkpointSnapshot(cp).origins.filter((o) => o.kind === 'pasted').length, 1);
    assert.equal(record.ledger.origins().filter((o) => o.kind === 'pasted').length, 1);
  });

  test('an origin the ledger holds and the journal table lacks is defined by the checkpoint', () => {
    const { dir, keyDir } = tempWorkspace();
    const script = join(dir, 'odd.fountain');
    writeFileSync(script, 'INT. ROOM - DAY\n');
    const record = ScriptRecord.open(script, 'INT. ROOM - DAY\n', { writer: mara, keyDir, now: new TestClock().now });
    // A malformed origin: the journal keeps it as given, the ledger labels the text unattributed.
    const odd = { kind: 'telepathy', channel: 'typing', at: '2026-03-01T09:00:00.000Z' } as unknown as Origin;
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'Strange words. ', origin: odd });
    record.close();
    writeFileSync(script, record.text);
    const journal = readFileSync(`${script}.provenance`);
    const cp = checkpoints(journal).pop()!;
    assert.ok(cp.origins.some((o) => (o as { kind: string }).kind === 'telepathy'), 'the journal keeps what it was given');
    const snapshot = checkpointSnapshot(cp);
    assert.ok(snapshot.origins.some((o) => o.kind === 'unattributed'), 'the ledger normalised it');
    assert.ok(!snapshot.origins.some((o) => (o as { kind: string }).kind === 'telepathy'));
    const v = verifyJournal(journal, record.text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    const loaded = ScriptRecord.open(script, record.text, { writer: mara, keyDir });
    assert.match(loaded.notices.map((n) => n.message).join('\n'), /from checkpoint/);
    assert.deepEqual(runsOf(loaded), runsOf(record));
    loaded.close();
  });

  test('a checkpoint whose origin ids name other origins is caught even when re-signed, and never throws', () => {
    const { dir, keyDir } = tempWorkspace();
    const s = sampleSession(dir, { keyDir });
    const key = loadOrCreateKey(mara, keyDir);
    const values = lines(s.journal);
    const last = values.length - 1;
    const cp = values[last] as unknown as CheckpointEvent;
    const ids = cp.ledger.originIds!;
    const ai = checkpointSnapshot(cp).origins.findIndex((o) => o.kind === 'ai');
    const human = cp.origins.findIndex((o) => o.kind === 'human' && o.channel === 'typing');
    assert.ok(ai >= 0 && human >= 0);
    // Claim the AI text was typed: point the ledger's AI origin at the typing origin.
    ids[ai] = human;
    const forged = verifyJournal(rechain(values, key), s.text);
    assert.equal(forged.status, 'mismatch');
    assert.equal(forged.firstDivergence?.event, cp.seq);
    assert.ok(forged.problems.some((p) => p.kind === 'checkpoint-ledger'));
    // An id past the table: reported, not thrown; loading falls back to replaying the events.
    ids[ai] = cp.origins.length + 5;
    const journal = rechain(values, key);
    const broken = verifyJournal(journal, s.text);
    assert.equal(broken.status, 'mismatch');
    assert.ok(broken.problems.some((p) => p.kind === 'checkpoint-ledger' && /origin table/.test(p.message)), JSON.stringify(broken.problems));
    writeFileSync(`${s.scriptPath}.provenance`, journal);
    const loaded = ScriptRecord.open(s.scriptPath, s.text, { writer: mara, keyDir });
    assert.equal(loaded.text, s.text);
    assert.ok(loaded.ledger.runs().some((r) => r.origin.kind === 'ai'), 'the replay keeps the AI text');
    loaded.close();
    // Both forms at once is refused.
    (cp.ledger as { origins?: Origin[] }).origins = checkpointSnapshot({ origins: cp.origins, ledger: { ...cp.ledger, originIds: ids.map((_, i) => i % cp.origins.length) } }).origins;
    const both = verifyJournal(rechain(values, key), s.text);
    assert.equal(both.status, 'mismatch');
    assert.ok(both.problems.some((p) => p.kind === 'bad-event' && p.event === cp.seq));
  });

  test('a format 1 journal cannot hold origin ids; with the ledger origins written out it verifies', () => {
    const { dir, keyDir } = tempWorkspace();
    const s = sampleSession(dir, { keyDir });
    const key = loadOrCreateKey(mara, keyDir);
    const asFormat1 = (expand: boolean): string => {
      const values = lines(s.journal);
      for (const v of values) {
        if (v.type === 'header') {
          v.format = JOURNAL_FORMAT_1;
          delete v.typingThreshold;
        }
        if (v.type !== 'checkpoint') continue;
        delete v.typingThreshold;
        delete v.policy;
        if (expand) {
          const { originIds: _ids, ...rest } = v.ledger as Record<string, unknown>;
          v.ledger = { origins: checkpointSnapshot(v as unknown as CheckpointEvent).origins, ...rest };
        }
      }
      return rechain(values, key);
    };
    const compact = verifyJournal(asFormat1(false), s.text);
    assert.ok(compact.problems.some((p) => p.kind === 'bad-event' && /format 1 journal cannot hold a checkpoint with format 2 fields/.test(p.message)), JSON.stringify(compact.problems));
    const expanded = verifyJournal(asFormat1(true), s.text);
    assert.ok(!expanded.problems.some((p) => p.kind === 'bad-event' || p.kind.startsWith('checkpoint')), JSON.stringify(expanded.problems));
    assert.notEqual(expanded.status, 'mismatch', expanded.firstDivergence?.message);
  });
});
