import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ledger, type LedgerOptions } from '../../server/src/provenance/ledger';
import { originKey } from '../../server/src/provenance/origin';
import { reconcile } from '../../server/src/provenance/reconcile';
import type { Channel, Origin } from '../../server/src/provenance/types';
import { LedgerOracle } from './ledgerOracle';

const at = '2026-03-01T10:00:00.000Z';
const mara = { name: 'Mara Okafor' };
const origins: Origin[] = [
  { kind: 'human', channel: 'typing', at, writer: mara },
  { kind: 'human', channel: 'typing', at, writer: { name: 'Dev Patel' } },
  { kind: 'ai', channel: 'ai-command', at, tool: 'vscode-lm', model: 'gpt-4o' },
  { kind: 'ai', channel: 'completion', at, tool: 'fountain-provenance', model: 'claude-sonnet-4' },
  { kind: 'pasted', channel: 'paste', at, by: mara },
  { kind: 'unattributed', channel: 'paste', at },
];
const imported: Origin = { kind: 'imported', channel: 'import', at };
const external: Origin = { kind: 'external', channel: 'reconcile', at };
const withChannel = (channel: Channel): Origin => ({ kind: 'human', channel, at, writer: mara });

const frac = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '\n', 'é'), minLength: 1, maxLength: 5 });
const originIndex = fc.integer({ min: 0, max: origins.length - 1 });

type Op =
  | { kind: 'type'; at: number; text: string; origin: number }
  | { kind: 'continue'; text: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'backspace'; at: number; count: number }
  | { kind: 'replace'; at: number; len: number; text: string; origin: number }
  | { kind: 'relabel'; at: number; len: number; origin: number }
  | { kind: 'undo'; channel: Channel }
  | { kind: 'move'; at: number; len: number; to: number; channel: Channel }
  | { kind: 'reconcile'; changes: Array<{ at: number; len: number; text: string }> }
  | { kind: 'reload' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: frac, text, origin: originIndex }),
  fc.record({ kind: fc.constant('continue' as const), text }),
  fc.record({ kind: fc.constant('delete' as const), at: frac, len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('backspace' as const), at: frac, count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: frac, len: fc.integer({ min: 1, max: 8 }), text, origin: originIndex }),
  fc.record({ kind: fc.constant('relabel' as const), at: frac, len: fc.integer({ min: 1, max: 30 }), origin: originIndex }),
  fc.record({ kind: fc.constant('undo' as const), channel: fc.constantFrom<Channel>('undo', 'redo', 'typing') }),
  fc.record({ kind: fc.constant('move' as const), at: frac, len: fc.integer({ min: 1, max: 40 }), to: frac, channel: fc.constantFrom<Channel>('move', 'paste') }),
  fc.record({
    kind: fc.constant('reconcile' as const),
    changes: fc.array(fc.record({ at: frac, len: fc.integer({ min: 0, max: 6 }), text: fc.string({ unit: fc.constantFrom('x', 'a', '\n'), maxLength: 4 }) }), { maxLength: 4 }),
  }),
  fc.constant({ kind: 'reload' as const }),
);

/** Compares the ledger with the per-character model: text, runs, origins, survival, queries. */
function check(ledger: Ledger, model: LedgerOracle, probe: number): void {
  assert.equal(ledger.length, model.text.length);
  assert.equal(ledger.text, model.text);
  const runs = ledger.runs();
  let pos = 0;
  const org: number[] = [];
  const ins: number[] = [];
  runs.forEach((run, i) => {
    assert.equal(run.start, pos, 'runs are contiguous');
    assert.ok(run.end > run.start, 'runs are not empty');
    assert.equal(run.origin, ledger.origins()[run.originId]);
    if (i > 0) assert.ok(runs[i - 1].originId !== run.originId || runs[i - 1].insertionId !== run.insertionId, 'adjacent equal runs are merged');
    for (let k = run.start; k < run.end; k++) {
      org.push(run.originId);
      ins.push(run.insertionId);
    }
    pos = run.end;
  });
  assert.equal(pos, ledger.length, 'run lengths sum to the text length');
  assert.deepEqual(org, model.org, 'origins per character');
  assert.deepEqual(ins, model.ins, 'insertions per character');
  assert.deepEqual(ledger.origins().map(originKey), model.origins.map(originKey));
  assert.deepEqual(
    ledger.aiSurvival().map((s) => [s.insertionId, s.originId, s.inserted, s.surviving]),
    model.survival(),
  );
  for (const s of ledger.aiSurvival()) assert.equal(s.survivalRatio, s.inserted ? s.surviving / s.inserted : 0);
  // A snapshot, plain or packed, round-trips exactly through JSON and fromSnapshot.
  for (const packRuns of [false, true]) {
    const snap = ledger.toSnapshot({ packRuns });
    const again = Ledger.fromSnapshot(ledger.text, JSON.parse(JSON.stringify(snap))).toSnapshot({ packRuns });
    assert.deepEqual(again, snap, `fromSnapshot(text, snap).toSnapshot() equals snap (packed: ${packRuns})`);
  }
  const a = Math.floor(probe * model.text.length);
  const b = Math.min(model.text.length, a + 1 + Math.floor(probe * 97));
  const shares = ledger.shares(a, b);
  const total = Object.values(shares).reduce((n, v) => n + v, 0);
  assert.equal(total, b - a);
  for (let k = a; k < b; k++) shares[model.origins[model.org[k]].kind]--;
  assert.ok(Object.values(shares).every((v) => v === 0), 'shares match the model');
  const clipped = ledger.runs(a, b);
  assert.equal(clipped.reduce((n, r) => n + r.end - r.start, 0), b - a);
  if (a < model.text.length) {
    const run = ledger.runAt(a)!;
    assert.ok(run.start <= a && a < run.end);
    assert.equal(run.originId, model.org[a]);
    assert.equal(run.insertionId, model.ins[a]);
  } else assert.equal(ledger.runAt(a), undefined);
}

function initialText(length: number): string {
  const words = ['INT. DINER - NIGHT\n\n', 'MARA\n', 'Coffee. Black.\n\n', 'She waits. ', 'The door opens.\n'];
  let out = '';
  for (let i = 0; out.length < length; i++) out += words[(i * 7) % words.length];
  return out.slice(0, length);
}

function run(ops: Op[], length: number, cuts: Array<[number, number, number]>, options: LedgerOptions = {}): void {
  let ledger = Ledger.create(initialText(length), imported, options);
  const model = new LedgerOracle(initialText(length), imported);
  for (const [f, len, o] of cuts) {
    const start = Math.floor(f * model.text.length);
    ledger.relabel(start, start + len, origins[o]);
    model.relabel(start, start + len, origins[o]);
  }
  check(ledger, model, 0.5);
  ops.forEach((o, step) => {
    const n = model.text.length;
    const place = (f: number): number => Math.floor(f * n);
    switch (o.kind) {
      case 'type':
      case 'replace': {
        const edit = { offset: place(o.at), deleteLength: o.kind === 'replace' ? o.len : 0, insertText: o.text, origin: origins[o.origin] };
        ledger.applyEdit(edit);
        model.apply(edit);
        break;
      }
      case 'continue': {
        const open = model.open;
        const edit = open
          ? { offset: open.end, deleteLength: 0, insertText: o.text, origin: model.origins[open.originId] }
          : { offset: n, deleteLength: 0, insertText: o.text, origin: origins[0] };
        ledger.applyEdit(edit);
        model.apply(edit);
        break;
      }
      case 'delete': {
        const edit = { offset: place(o.at), deleteLength: o.len, insertText: '', origin: origins[0] };
        ledger.applyEdit(edit);
        model.apply(edit);
        break;
      }
      case 'backspace': {
        let cursor = place(o.at);
        for (let k = 0; k < o.count && cursor > 0; k++, cursor--) {
          const edit = { offset: cursor - 1, deleteLength: 1, insertText: '', origin: origins[0] };
          ledger.applyEdit(edit);
          model.apply(edit);
        }
        break;
      }
      case 'relabel':
        ledger.relabel(place(o.at), place(o.at) + o.len, origins[o.origin]);
        model.relabel(place(o.at), place(o.at) + o.len, origins[o.origin]);
        break;
      case 'undo': {
        const last = model.deletions[model.deletions.length - 1];
        if (!last) break;
        const before = { org: last.org.slice(), ins: last.ins.slice() };
        const edit = { offset: last.offset, deleteLength: 0, insertText: last.text, origin: withChannel(o.channel) };
        ledger.applyEdit(edit);
        model.apply(edit);
        // An undo at the place of the deletion restores exactly the origins it had.
        assert.deepEqual(model.org.slice(edit.offset, edit.offset + last.text.length), before.org);
        assert.deepEqual(model.ins.slice(edit.offset, edit.offset + last.text.length), before.ins);
        break;
      }
      case 'move': {
        const from = place(o.at);
        const len = Math.min(o.len, n - from);
        if (len <= 0) break;
        const moved = { text: model.text.slice(from, from + len), org: model.org.slice(from, from + len), ins: model.ins.slice(from, from + len) };
        const cut = { offset: from, deleteLength: len, insertText: '', origin: withChannel(o.channel) };
        ledger.applyEdit(cut);
        model.apply(cut);
        const paste = { offset: Math.floor(o.to * model.text.length), deleteLength: 0, insertText: moved.text, origin: withChannel(o.channel) };
        ledger.applyEdit(paste);
        model.apply(paste);
        assert.deepEqual(model.org.slice(paste.offset, paste.offset + len), moved.org, 'a move keeps its origins');
        assert.deepEqual(model.ins.slice(paste.offset, paste.offset + len), moved.ins);
        break;
      }
      case 'reconcile': {
        let target = model.text;
        for (const c of o.changes) {
          const p = Math.floor(c.at * target.length);
          target = target.slice(0, p) + c.text + target.slice(p + c.len);
        }
        const before = model.text;
        const { edits, changed } = reconcile(ledger, target, external);
        assert.equal(ledger.text, target);
        let replayed = before;
        for (const e of edits) {
          replayed = replayed.slice(0, e.offset) + e.insertText + replayed.slice(e.offset + e.deleteLength);
          model.apply({ ...e, origin: external });
        }
        assert.equal(replayed, target, 'the returned edits turn the old text into the new');
        for (const r of changed) for (let k = r.start; k < r.end; k++) assert.equal(originKey(model.origins[model.org[k]]), originKey(external));
        break;
      }
      case 'reload':
        ledger = step % 2 ? ledger.clone() : Ledger.fromSnapshot(ledger.text, JSON.parse(JSON.stringify(ledger.toSnapshot())), options);
        break;
    }
    check(ledger, model, (step * 0.37) % 1);
  });
}

describe('ledger against a per-character model', () => {
  test('random edits, relabels, undos, moves, reconciles and reloads keep runs and text in step', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.tuple(frac, fc.integer({ min: 1, max: 6 }), originIndex), { maxLength: 20 }),
        (ops, length, cuts) => run(ops, length, cuts),
      ),
      { numRuns: 300 },
    );
  });

  test('with tiny run-store leaves, every edit crosses leaf boundaries and stays in step', () => {
    const tiny: LedgerOptions = { leafSizes: { leafMax: 4, leafFill: 2 } };
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.tuple(frac, fc.integer({ min: 1, max: 6 }), originIndex), { maxLength: 60 }),
        (ops, length, cuts) => run(ops, length, cuts, tiny),
      ),
      { numRuns: 200 },
    );
  });

  test('many runs across blocks and text chunks stay in step with the model', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 2500, max: 6000 }),
        fc.array(fc.tuple(frac, fc.integer({ min: 1, max: 6 }), originIndex), { minLength: 150, maxLength: 400 }),
        (ops, length, cuts) => run(ops, length, cuts),
      ),
      { numRuns: 40 },
    );
  });
});
