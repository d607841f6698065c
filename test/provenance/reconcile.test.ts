import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffChars } from 'diff';
import { Ledger } from '../../server/src/provenance/ledger';
import { diffHunks, reconcile } from '../../server/src/provenance/reconcile';
import type { TextEdit } from '../../server/src/fountain/types';
import type { Origin } from '../../server/src/provenance/types';
import { corpusFiles, corpusSuiteOptions } from '../corpus';
import { random } from '../random';

const at = '2026-03-01T10:00:00.000Z';
const imported: Origin = { kind: 'imported', channel: 'import', at };
const gpt: Origin = { kind: 'ai', channel: 'ai-command', at, model: 'gpt-4o' };
const external: Origin = { kind: 'external', channel: 'reconcile', at, note: 'git pull' };

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.offset) + e.insertText + text.slice(e.offset + e.deleteLength);
  return text;
}

/** Characters of the ledger not labelled external. */
function kept(ledger: Ledger): number {
  return ledger.runs().reduce((n, r) => n + (r.origin.kind === 'external' ? 0 : r.end - r.start), 0);
}

describe('reconcile', () => {
  test('an unchanged text gives no edits', () => {
    const ledger = Ledger.create('INT. DINER - NIGHT\n', imported);
    assert.deepEqual(reconcile(ledger, 'INT. DINER - NIGHT\n', external), { edits: [], changed: [] });
    assert.equal(ledger.runs().length, 1);
  });

  test('a word changed inside a line keeps every other character’s origin', () => {
    const ledger = Ledger.create('MARA\nCoffee. Black.\n\nShe waits.\n', imported);
    ledger.relabel(5, 19, gpt);
    const { edits, changed } = reconcile(ledger, 'MARA\nCoffee. White.\n\nShe waits.\n', external);
    assert.equal(ledger.text, 'MARA\nCoffee. White.\n\nShe waits.\n');
    assert.deepEqual(edits, [{ offset: 13, deleteLength: 5, insertText: 'White' }]);
    assert.deepEqual(changed, [{ start: 13, end: 18 }]);
    assert.deepEqual(
      ledger.runs().map((r) => [ledger.text.slice(r.start, r.end), r.origin.kind]),
      [
        ['MARA\n', 'imported'],
        ['Coffee. ', 'ai'],
        ['White', 'external'],
        ['.', 'ai'],
        ['\n\nShe waits.\n', 'imported'],
      ],
    );
    assert.equal(applyEdits('MARA\nCoffee. Black.\n\nShe waits.\n', edits), ledger.text);
  });

  test('deletions give empty changed ranges where the text was', () => {
    const ledger = Ledger.create('one\ntwo\nthree\n', imported);
    const { edits, changed } = reconcile(ledger, 'one\nthree\n', external);
    assert.equal(edits.length, 1);
    assert.deepEqual([edits[0].deleteLength, edits[0].insertText], [4, '']);
    assert.deepEqual(changed, [{ start: edits[0].offset, end: edits[0].offset }]);
    assert.deepEqual(ledger.shares(), { ...ledger.shares(), imported: 10, external: 0 });
  });

  test('edits are in application order and changed ranges are in the new text', () => {
    const old = 'A\nB\nC\nD\nE\nF\n';
    const neu = 'A\nB2\nC\nE\nF\nG\n';
    const ledger = Ledger.create(old, imported);
    const { edits, changed } = reconcile(ledger, neu, external);
    assert.equal(applyEdits(old, edits), neu);
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i].offset > edits[i - 1].offset);
    for (const r of changed) for (const run of ledger.runs(r.start, r.end)) assert.equal(run.origin.kind, 'external');
    assert.equal(kept(ledger), neu.length - changed.reduce((n, r) => n + r.end - r.start, 0));
  });

  test('empty old or new text, CRLF line ends, and a non-string never throw', () => {
    const empty = Ledger.create('', imported);
    reconcile(empty, 'FADE IN:\r\n', external);
    assert.equal(empty.text, 'FADE IN:\r\n');
    assert.equal(empty.runAt(0)!.origin.kind, 'external');
    reconcile(empty, '', external);
    assert.equal(empty.text, '');
    const crlf = Ledger.create('A\r\nB\r\nC\r\n', imported);
    reconcile(crlf, 'A\r\nBB\r\nC\r\n', external);
    assert.equal(crlf.text, 'A\r\nBB\r\nC\r\n');
    assert.equal(kept(crlf), 9);
    const result = reconcile(crlf, undefined as unknown as string, external);
    assert.deepEqual(result, { edits: [], changed: [] });
    assert.equal(crlf.text, 'A\r\nBB\r\nC\r\n', 'a missing text never wipes the script');
  });

  test('on one line it keeps as many characters as diffChars finds in common', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'), maxLength: 40 });
    fc.assert(
      fc.property(line, line, (old, neu) => {
        const ledger = Ledger.create(old, imported);
        reconcile(ledger, neu, external);
        assert.equal(ledger.text, neu);
        const common = diffChars(old, neu).reduce((n, p) => n + (p.added || p.removed ? 0 : p.value.length), 0);
        assert.equal(kept(ledger), common);
      }),
      { numRuns: 300 },
    );
  });

  test('diffHunks are ordered, separated by unchanged text, and rebuild the new text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' '), maxLength: 60 });
    fc.assert(
      fc.property(text, text, (old, neu) => {
        const hunks = diffHunks(old, neu);
        let out = '';
        let o = 0;
        for (const h of hunks) {
          assert.ok(h.oldStart >= o && (o === 0 || h.oldStart > o || out === ''), 'ordered');
          assert.equal(old.slice(o, h.oldStart), neu.slice(out.length, h.newStart), 'unchanged text between hunks');
          out += old.slice(o, h.oldStart) + neu.slice(h.newStart, h.newEnd);
          o = h.oldEnd;
        }
        out += old.slice(o);
        assert.equal(out, neu);
      }),
      { numRuns: 300 },
    );
  });
});


/**
 * Rewrites random lines of `old`, returning the new text and, per new character, the old
 * offset it was kept from (-1 for new text). New text uses private-use characters, which
 * never occur in the corpus, so it can never be mistaken for old text (only the line break
 * ending an added line can). `insertOnly` adds characters inside lines and nothing else, so
 * exactly one alignment keeps every old character.
 */
function rewrite(old: string, seed: number, insertOnly: boolean): { text: string; from: number[] } {
  const next = random(seed);
  const novel = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0xe000 + Math.floor(next() * 256))).join('');
  let text = '';
  const from: number[] = [];
  const keep = (start: number, end: number): void => {
    text += old.slice(start, end);
    for (let i = start; i < end; i++) from.push(i);
  };
  const add = (s: string): void => {
    text += s;
    for (let i = 0; i < s.length; i++) from.push(-1);
  };
  const lines = old.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let pos = 0;
  for (const line of lines) {
    const start = pos;
    pos += line.length;
    const content = line.endsWith('\n') ? line.length - 1 : line.length;
    const r = next();
    if (r < 0.03 && !insertOnly) continue;
    if (r < 0.06 && !insertOnly) {
      keep(start, pos);
      add(novel(1 + Math.floor(next() * 30)) + '\n');
    } else if (r < 0.15) {
      const a = start + Math.floor(next() * (content + 1));
      const b = insertOnly ? a : Math.min(start + content, a + Math.floor(next() * 12));
      keep(start, a);
      add(novel(Math.floor(next() * 9) + (insertOnly ? 1 : 0)));
      keep(b, pos);
    } else keep(start, pos);
  }
  return { text, from };
}

/** A ledger over `text` where every line is its own insertion, alternating two origins. */
function lineLedger(text: string): { ledger: Ledger; lineOf: Int32Array } {
  const runs: Array<[number, number, number]> = [];
  const lineOf = new Int32Array(text.length);
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let pos = 0;
  lines.forEach((line, i) => {
    runs.push([line.length, i % 2, i]);
    lineOf.fill(i, pos, pos + line.length);
    pos += line.length;
  });
  const ledger = Ledger.fromSnapshot(text, { origins: [imported, gpt], runs, insertions: [], nextInsertionId: lines.length });
  return { ledger, lineOf };
}

describe('reconcile on the corpus', corpusSuiteOptions(), () => {
  const files = corpusFiles();

  test('insertions of new text: every old character keeps exactly its own origin', () => {
    for (const file of files) {
      for (const seed of [1, 2, 6, 7]) {
        const { ledger } = lineLedger(file.text);
        const labelled: Array<[number, number]> = [];
        for (const run of ledger.runs()) for (let i = run.start; i < run.end; i++) labelled.push([run.originId, run.insertionId]);
        const labels = (i: number): [number, number] => labelled[i];
        const { text, from } = rewrite(file.text, seed, true);
        reconcile(ledger, text, external);
        assert.equal(ledger.text, text, file.name);
        for (const run of ledger.runs()) {
          for (let j = run.start; j < run.end; j++) {
            if (from[j] < 0) {
              if (run.origin.kind !== 'external') assert.fail(`${file.name}: new character ${j} is ${run.origin.kind}, not external`);
            } else {
              const [originId, insertionId] = labels(from[j]);
              if (run.originId !== originId || run.insertionId !== insertionId) assert.fail(`${file.name}: old character ${from[j]} lost its origin`);
            }
          }
        }
      }
    }
  });

  test('rewrites with deletions: new text is external, kept text keeps its origins, nothing unchanged is lost', () => {
    for (const file of files) {
      for (const seed of [3, 4, 5, 16]) {
        const { ledger, lineOf } = lineLedger(file.text);
        const { text, from } = rewrite(file.text, seed, false);
        const { edits } = reconcile(ledger, text, external);
        assert.equal(ledger.text, text, file.name);
        assert.equal(applyEdits(file.text, edits), text, `${file.name}: the edits rebuild the new text`);
        let keptCount = 0;
        let old = 0;
        for (const run of ledger.runs()) {
          for (let j = run.start; j < run.end; j++) {
            const isNew = text.charCodeAt(j) >= 0xe000 && text.charCodeAt(j) < 0xe100;
            if (isNew && run.origin.kind !== 'external') assert.fail(`${file.name}: new character ${j} is ${run.origin.kind}, not external`);
            if (run.origin.kind === 'external') continue;
            // A kept character is an old character of the same line, in order (an alignment).
            while (old < file.text.length && (lineOf[old] !== run.insertionId || file.text[old] !== text[j])) old++;
            if (old >= file.text.length) assert.fail(`${file.name}: character ${j} is not aligned with the old text`);
            old++;
            keptCount++;
          }
        }
        const unchanged = from.filter((i) => i >= 0).length;
        assert.ok(keptCount >= unchanged, `${file.name}: kept ${keptCount} of ${unchanged} unchanged characters`);
      }
    }
  });
});
