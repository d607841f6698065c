/**
 * Issue 13, item 9: a script of tens of megabytes, or a ledger of hundreds of thousands of
 * runs, must not overflow the call stack (no spreading of huge arrays as arguments).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../../server/src/provenance/ledger';
import { countedRuns } from '../../server/src/disclosure/shares';
import { defaultProject } from '../../server/src/disclosure/project';
import { parse } from '../../server/src/fountain/parser';
import type { Origin } from '../../server/src/provenance/types';

const imported: Origin = { kind: 'imported', channel: 'import', at: '2026-11-20T10:00:00.000Z' };
const writer = { name: 'Ada', email: 'ada@example.invalid' };

describe('size', () => {
  test('a 33 MB script makes a ledger and takes edits', () => {
    const line = 'She walks to the window and looks out at the rain for a long time.\n';
    const text = line.repeat(Math.ceil((33 * 1024 * 1024) / line.length));
    const ledger = Ledger.create(text, imported);
    assert.equal(ledger.length, text.length);
    ledger.applyEdit({ offset: 17_000_000, deleteLength: 3, insertText: 'Z', origin: { kind: 'human', channel: 'typing', at: imported.at, writer } });
    ledger.applyEdit({ offset: 0, deleteLength: 0, insertText: line.repeat(40_000), origin: imported });
    assert.equal(ledger.length, text.length - 2 + line.length * 40_000);
    assert.equal(ledger.text.slice(17_000_000 + line.length * 40_000, 17_000_000 + line.length * 40_000 + 1), 'Z');
  });

  test('the counted runs of a ledger with 200,000 runs', () => {
    const text = 'ab'.repeat(200_000);
    const ledger = Ledger.create(text, imported);
    for (let i = 0; i < text.length; i += 2) ledger.relabel(i, i + 1, { kind: 'human', channel: 'attestation', at: imported.at, writer });
    const script = parse(text);
    const runs = countedRuns(script, ledger, defaultProject());
    assert.ok(runs.length >= 400_000, `${runs.length} runs`);
  });
});
