import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProvenanceError } from '../../server/src/provenance/errors';
import { Ledger, RECENT_DELETIONS } from '../../server/src/provenance/ledger';
import type { Channel, LedgerEdit, LedgerSnapshot, Origin } from '../../server/src/provenance/types';

const at = '2026-03-01T10:00:00.000Z';
const mara: Origin = { kind: 'human', channel: 'typing', at, writer: { name: 'Mara Okafor' } };
const dev: Origin = { kind: 'human', channel: 'typing', at, writer: { name: 'Dev Patel' } };
const gpt: Origin = { kind: 'ai', channel: 'ai-command', at, tool: 'vscode-lm', model: 'gpt-4o' };
const imported: Origin = { kind: 'imported', channel: 'import', at };
const as = (channel: Channel, origin: Origin = mara): Origin => ({ ...origin, channel });

const edit = (offset: number, deleteLength: number, insertText: string, origin: Origin = mara): LedgerEdit => ({
  offset,
  deleteLength,
  insertText,
  origin,
});

/** Runs as [start, end, writer name or kind, insertionId] for compact assertions. */
function shape(ledger: Ledger): Array<[number, number, string, number]> {
  return ledger.runs().map((r) => [r.start, r.end, r.origin.kind === 'human' ? r.origin.writer.name : r.origin.kind, r.insertionId]);
}

describe('Ledger.create and queries', () => {
  test('the whole text is one run of the origin', () => {
    const ledger = Ledger.create('INT. DINER - NIGHT\n', imported);
    assert.equal(ledger.text, 'INT. DINER - NIGHT\n');
    assert.equal(ledger.length, 19);
    assert.deepEqual(shape(ledger), [[0, 19, 'imported', 0]]);
  });

  test('an empty text has no runs and empty shares', () => {
    const ledger = Ledger.create('', imported);
    assert.deepEqual(ledger.runs(), []);
    assert.equal(ledger.runAt(0), undefined);
    assert.equal(ledger.shares().imported, 0);
  });

  test('runs(range) clips to the range and runAt returns the whole run', () => {
    const ledger = Ledger.create('aaaa', imported);
    ledger.applyEdit(edit(2, 0, 'XYZ', gpt));
    assert.deepEqual(
      ledger.runs(1, 4).map((r) => [r.start, r.end, r.origin.kind]),
      [
        [1, 2, 'imported'],
        [2, 4, 'ai'],
      ],
    );
    const run = ledger.runAt(3)!;
    assert.deepEqual([run.start, run.end, run.origin.kind], [2, 5, 'ai']);
    assert.equal(ledger.runAt(7), undefined);
    assert.equal(ledger.runAt(-1), undefined);
  });

  test('shares count characters per origin kind over a range', () => {
    const ledger = Ledger.create('0123456789', imported);
    ledger.relabel(2, 5, gpt);
    ledger.relabel(5, 6, mara);
    assert.deepEqual(ledger.shares(), { human: 1, ai: 3, pasted: 0, imported: 6, external: 0, furnished: 0, prior: 0, quoted: 0, unattributed: 0 });
    assert.equal(ledger.shares(3, 6).ai, 2);
    assert.equal(ledger.shares(3, 6).human, 1);
  });
});

describe('Ledger.applyEdit', () => {
  test('typed characters take the writer, and a typing session is one insertion and one run', () => {
    const ledger = Ledger.create('MARA\n', imported);
    for (const [i, ch] of [...'Coffee.'].entries()) ledger.applyEdit(edit(5 + i, 0, ch));
    assert.equal(ledger.text, 'MARA\nCoffee.');
    assert.deepEqual(shape(ledger), [
      [0, 5, 'imported', 0],
      [5, 12, 'Mara Okafor', 1],
    ]);
  });

  test('Backspace inside a typing session keeps the session one insertion', () => {
    const ledger = Ledger.create('', imported);
    for (const ch of 'Helo') ledger.applyEdit(edit(ledger.length, 0, ch));
    ledger.applyEdit(edit(3, 1, ''));
    for (const ch of 'lo') ledger.applyEdit(edit(ledger.length, 0, ch));
    assert.equal(ledger.text, 'Hello');
    assert.equal(ledger.runs().length, 1);
  });

  test('two writers typing make separate runs', () => {
    const ledger = Ledger.create('', imported);
    ledger.applyEdit(edit(0, 0, 'abc', mara));
    ledger.applyEdit(edit(3, 0, 'def', dev));
    assert.deepEqual(shape(ledger), [
      [0, 3, 'Mara Okafor', 0],
      [3, 6, 'Dev Patel', 1],
    ]);
  });

  test('out-of-range edits are clamped and malformed ones never throw', () => {
    const ledger = Ledger.create('abc', imported);
    ledger.applyEdit(edit(10, 5, 'X'));
    assert.equal(ledger.text, 'abcX');
    ledger.applyEdit(edit(-4, 2, ''));
    assert.equal(ledger.text, 'cX');
    ledger.applyEdit(edit(1, 99, ''));
    assert.equal(ledger.text, 'c');
    ledger.applyEdit({ offset: Number.NaN, deleteLength: Infinity, insertText: 'Z', origin: mara });
    assert.equal(ledger.text, 'Zc');
    ledger.applyEdit(null as unknown as LedgerEdit);
    ledger.applyEdit({ offset: 0, deleteLength: 0, insertText: 42 } as unknown as LedgerEdit);
    ledger.applyEdit({ offset: 0, deleteLength: 0, insertText: 'q', origin: { kind: 'robot' } } as unknown as LedgerEdit);
    assert.equal(ledger.text, 'qZc');
    assert.equal(ledger.runAt(0)!.origin.kind, 'unattributed');
  });

  test('a replacement deletes then inserts with the new origin', () => {
    const ledger = Ledger.create('The cat sat.', imported);
    ledger.applyEdit(edit(4, 3, 'dog', gpt));
    assert.equal(ledger.text, 'The dog sat.');
    assert.deepEqual(shape(ledger), [
      [0, 4, 'imported', 0],
      [4, 7, 'ai', 1],
      [7, 12, 'imported', 0],
    ]);
  });
});

describe('restoring origins (undo, redo, move)', () => {
  test('an undo at the same place restores the deleted origins, even on the typing channel', () => {
    const ledger = Ledger.create('She waits. ', imported);
    ledger.applyEdit(edit(11, 0, 'The door opens.', gpt));
    const before = shape(ledger);
    const deleted = ledger.slice(4, 16);
    assert.equal(deleted, 'waits. The d');
    ledger.applyEdit(edit(4, 12, ''));
    ledger.applyEdit(edit(4, 0, deleted, as('undo')));
    assert.deepEqual(shape(ledger), before);
    ledger.applyEdit(edit(0, 3, ''));
    ledger.applyEdit(edit(0, 0, 'She'));
    assert.deepEqual(shape(ledger), before);
  });

  test('an undo of a Backspace run restores the whole word, or each key one at a time', () => {
    const ledger = Ledger.create('Coffee. Black.', imported);
    ledger.relabel(8, 13, gpt);
    const before = shape(ledger);
    for (let k = 13; k > 8; k--) ledger.applyEdit(edit(k - 1, 1, ''));
    assert.equal(ledger.text, 'Coffee. .');
    ledger.applyEdit(edit(8, 0, 'Black', as('undo')));
    assert.deepEqual(shape(ledger), before);
    for (let k = 13; k > 8; k--) ledger.applyEdit(edit(k - 1, 1, ''));
    ledger.applyEdit(edit(8, 0, 'B', as('undo')));
    ledger.applyEdit(edit(9, 0, 'l', as('undo')));
    ledger.applyEdit(edit(10, 0, 'ack', as('undo')));
    assert.deepEqual(shape(ledger), before);
  });

  test('undoing a replacement restores the replaced text, and redo restores the replacement', () => {
    const ledger = Ledger.create('The cat sat.', imported);
    ledger.applyEdit(edit(4, 3, 'dog', gpt));
    const replaced = shape(ledger);
    ledger.applyEdit(edit(4, 3, 'cat', as('undo')));
    assert.deepEqual(shape(ledger), [[0, 12, 'imported', 0]]);
    ledger.applyEdit(edit(4, 3, 'dog', as('redo')));
    assert.deepEqual(shape(ledger), replaced);
  });

  test('a cut and paste elsewhere in the script keeps the moved origins', () => {
    const ledger = Ledger.create('AAAA BBBB CCCC', imported);
    ledger.relabel(5, 9, gpt);
    const ai = ledger.runAt(5)!;
    ledger.applyEdit(edit(4, 5, '', as('move')));
    ledger.applyEdit(edit(ledger.length, 0, ' BBBB', as('paste')));
    assert.equal(ledger.text, 'AAAA CCCC BBBB');
    const moved = ledger.runAt(11)!;
    assert.deepEqual([moved.start, moved.end, moved.originId, moved.insertionId], [10, 14, ai.originId, ai.insertionId]);
    assert.equal(ledger.aiSurvival()[0].survivalRatio, 1);
  });

  test('typing the same text elsewhere does not restore, and a deletion restores only once', () => {
    const ledger = Ledger.create('xyz', gpt);
    ledger.applyEdit(edit(0, 3, ''));
    ledger.applyEdit(edit(0, 0, 'q'));
    ledger.applyEdit(edit(1, 0, 'xyz', dev));
    assert.equal(ledger.runAt(1)!.origin.kind, 'human');
    const paste = as('paste', { kind: 'pasted', channel: 'paste', at } as Origin);
    ledger.applyEdit(edit(0, 4, ''));
    ledger.applyEdit(edit(0, 0, 'xyz', paste));
    ledger.applyEdit(edit(3, 0, 'xyz', paste));
    assert.deepEqual(
      ledger.runs().map((r) => r.origin.kind),
      ['ai', 'pasted'],
      'the first paste brings back the AI text deleted at the start; the second is a plain paste',
    );
  });

  test('text found changed on disk is never restored', () => {
    const ledger = Ledger.create('abc', gpt);
    ledger.applyEdit(edit(0, 3, ''));
    ledger.applyEdit(edit(0, 0, 'abc', { kind: 'external', channel: 'reconcile', at }));
    assert.equal(ledger.runAt(0)!.origin.kind, 'external');
  });

  test('the memory is bounded: an old deletion is forgotten', () => {
    const ledger = Ledger.create('0123456789'.repeat(10), gpt);
    ledger.applyEdit(edit(0, 2, ''));
    for (let i = 0; i < RECENT_DELETIONS; i++) {
      ledger.applyEdit(edit(60, 1, ''));
      ledger.applyEdit(edit(5, 0, 'z', dev));
    }
    ledger.applyEdit(edit(0, 0, '01', as('undo')));
    assert.equal(ledger.runAt(0)!.origin.kind, 'human');
    const fresh = Ledger.create('0123456789'.repeat(10), gpt);
    fresh.applyEdit(edit(0, 2, ''));
    for (let i = 0; i < RECENT_DELETIONS - 1; i++) {
      fresh.applyEdit(edit(60, 1, ''));
      fresh.applyEdit(edit(5, 0, 'z', dev));
    }
    fresh.applyEdit(edit(0, 0, '01', as('undo')));
    assert.equal(fresh.runAt(0)!.origin.kind, 'ai', 'still remembered one deletion earlier');
  });
});

describe('survival of AI insertions', () => {
  test('deletion lowers survival, relabelling to a writer removes it, undo brings it back', () => {
    const ledger = Ledger.create('\n', imported);
    ledger.applyEdit(edit(0, 0, 'x'.repeat(100), gpt));
    ledger.applyEdit(edit(0, 30, ''));
    let [s] = ledger.aiSurvival();
    assert.deepEqual([s.inserted, s.surviving, s.survivalRatio], [100, 70, 0.7]);
    assert.equal(s.origin.model, 'gpt-4o');
    ledger.relabel(0, 20, as('attestation'));
    [s] = ledger.aiSurvival();
    assert.equal(s.survivalRatio, 0.5);
    ledger.applyEdit(edit(0, 20, ''));
    ledger.applyEdit(edit(0, 0, 'x'.repeat(20), as('undo')));
    assert.equal(ledger.aiSurvival()[0].survivalRatio, 0.5, 'the attested text comes back as the writer’s');
    ledger.applyEdit(edit(0, 0, 'x'.repeat(30), as('undo')));
    assert.equal(ledger.aiSurvival()[0].survivalRatio, 0.8);
  });

  test('every AI insertion is listed, even when nothing of it is left', () => {
    const ledger = Ledger.create('', imported);
    ledger.applyEdit(edit(0, 0, 'one', gpt));
    ledger.applyEdit(edit(3, 0, 'two', { ...gpt, model: 'claude-sonnet-4' }));
    ledger.applyEdit(edit(0, 6, 'mine'));
    assert.deepEqual(
      ledger.aiSurvival().map((s) => [s.origin.model, s.surviving, s.survivalRatio]),
      [
        ['gpt-4o', 0, 0],
        ['claude-sonnet-4', 0, 0],
      ],
    );
  });
});

describe('origins table', () => {
  test('intern returns the same id for equal origins whatever the field order', () => {
    const ledger = Ledger.create('', imported);
    const a = ledger.intern({ kind: 'ai', channel: 'ai-command', at, model: 'gpt-4o', tool: 'vscode-lm' });
    const b = ledger.intern({ tool: 'vscode-lm', model: 'gpt-4o', at, channel: 'ai-command', kind: 'ai', version: undefined } as Origin);
    const c = ledger.intern({ kind: 'ai', channel: 'completion', at, model: 'gpt-4o', tool: 'vscode-lm' });
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(ledger.origins().length, 2);
  });
});

describe('snapshots and clones', () => {
  function busy(): Ledger {
    const ledger = Ledger.create('INT. DINER - NIGHT\n\nMARA\nCoffee.\n', imported);
    ledger.applyEdit(edit(32, 0, ' Black.', gpt));
    ledger.applyEdit(edit(20, 4, ''));
    ledger.relabel(0, 4, dev);
    return ledger;
  }

  test('a snapshot round-trips through JSON to an equal ledger that labels the next edits the same', () => {
    const ledger = busy();
    const copy = Ledger.fromSnapshot(ledger.text, JSON.parse(JSON.stringify(ledger.toSnapshot())) as LedgerSnapshot);
    assert.deepEqual(copy.toSnapshot(), ledger.toSnapshot());
    for (const l of [ledger, copy]) l.applyEdit(edit(20, 0, 'MARA', as('undo')));
    assert.deepEqual(copy.runs(), ledger.runs());
    assert.deepEqual(copy.aiSurvival(), ledger.aiSurvival());
  });

  test('a clone is independent', () => {
    const ledger = busy();
    const copy = ledger.clone();
    copy.applyEdit(edit(0, 5, ''));
    assert.notEqual(copy.text, ledger.text);
    assert.deepEqual(ledger.clone().toSnapshot(), ledger.toSnapshot());
  });

  test('a snapshot that does not fit the text is refused with a clear error', () => {
    const ledger = busy();
    const snapshot = ledger.toSnapshot();
    assert.throws(() => Ledger.fromSnapshot(ledger.text + 'x', snapshot), (e: unknown) => {
      assert.ok(e instanceof ProvenanceError);
      assert.match(e.message, new RegExp(`cover ${ledger.length} characters but the text has ${ledger.length + 1}`));
      return true;
    });
    const badOrigin = structuredClone(snapshot);
    badOrigin.runs[0][1] = 99;
    assert.throws(() => Ledger.fromSnapshot(ledger.text, badOrigin), /Run 0 \(at offset 0\) points at origin 99/);
    const badInsertion = structuredClone(snapshot);
    badInsertion.runs[1][2] = snapshot.nextInsertionId;
    assert.throws(() => Ledger.fromSnapshot(ledger.text, badInsertion), /points at insertion/);
    const emptyRun = structuredClone(snapshot);
    emptyRun.runs.push([0, 0, 0]);
    assert.throws(() => Ledger.fromSnapshot(ledger.text, emptyRun), /length 0/);
    const badKind = structuredClone(snapshot);
    (badKind.origins[0] as { kind: string }).kind = 'robot';
    assert.throws(() => Ledger.fromSnapshot(ledger.text, badKind), ProvenanceError);
    assert.throws(() => Ledger.fromSnapshot(ledger.text, null as unknown as LedgerSnapshot), ProvenanceError);
    const badMemory = structuredClone(snapshot);
    badMemory.memory = { deletions: [{ offset: 0, text: 'abc', runs: [[2, 0, 0]] }] };
    assert.throws(() => Ledger.fromSnapshot(ledger.text, badMemory), /runs cover 2 characters but its text has 3/);
  });

  test('a snapshot without the optional memory still loads', () => {
    const ledger = busy();
    const { memory: _memory, ...plain } = ledger.toSnapshot();
    const copy = Ledger.fromSnapshot(ledger.text, plain);
    assert.deepEqual(copy.runs(), ledger.runs());
  });
});
