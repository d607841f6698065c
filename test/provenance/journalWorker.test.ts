import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { IDLE_WORKER_MS, idleWorkerKept, LineHashes, plainEditSlot, type LineHashTuning } from '../../server/src/provenance/journalHashes';
import { ScriptRecord } from '../../server/src/provenance/record';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import type { Origin } from '../../server/src/provenance/types';
import { aiOrigin, mara, TestClock, tempWorkspace, typingOrigin } from './fixtures/journalSession';
import { random } from '../random';

const HERE: LineHashTuning = { minChars: Infinity, waitForWorker: false };
const WORKER: LineHashTuning = { minChars: 0, waitForWorker: true };
const RACING: LineHashTuning = { minChars: 0, waitForWorker: false };

const pasted: Origin = { kind: 'pasted', channel: 'paste', at: '2026-03-01T09:00:00.000Z', by: mara };
const AT = new Date('2026-03-01T09:00:40.000Z');

/** A journal of scattered single edits across several minutes, with checkpoints, as the worker sees in long journals. */
function scatteredJournal(): { journal: string; text: string } {
  const { dir } = tempWorkspace();
  const path = join(dir, 'diner.fountain');
  const start = 'INT. DINER - NIGHT\n\nRain on the glass. \u201cCoffee?\u201d she asks \u2014 nobody answers.\n\n'.repeat(8);
  writeFileSync(path, start);
  const rnd = random(3);
  const record = ScriptRecord.open(path, start, { writer: mara, now: new TestClock('2026-03-01T09:00:00.000Z', 700).now });
  for (let i = 0; i < 160; i++) {
    const at = Math.floor(rnd() * record.ledger.length);
    const r = rnd();
    if (r < 0.6) record.applyEdit({ offset: at, deleteLength: 0, insertText: 'e\u00e9\u2014'[i % 3], origin: typingOrigin() });
    else if (r < 0.8) record.applyEdit({ offset: at, deleteLength: 1, insertText: '', origin: typingOrigin() });
    else if (r < 0.93) record.applyEdit({ offset: at, deleteLength: 0, insertText: 'a pasted line\n', origin: pasted });
    else record.applyEdit({ offset: at, deleteLength: 2, insertText: 'The AI wrote this, at length.', origin: aiOrigin });
    if (i % 50 === 49) record.checkpoint();
  }
  record.close();
  return { journal: record.journalText(), text: record.text };
}

function answers(journal: string, text: string, lineHashes: LineHashTuning) {
  const v = verifyJournal(journal, text, { lineHashes });
  const r = replayJournal(journal, { at: AT, lineHashes });
  // From a file's bytes the worker gets a copy of them instead of the text encoded again.
  const b = verifyJournal(Buffer.from(journal), text, { lineHashes });
  return { status: v.status, chainIntact: v.chainIntact, events: v.events, problems: v.problems, gaps: v.gaps, firstDivergence: v.firstDivergence, timeSpan: v.timeSpan, text: v.text, replayText: r.text, replayEvents: r.events, replayProblems: r.problems, runs: v.ledger ? [...v.ledger.runs()] : [], fromBytes: { status: b.status, problems: b.problems, gaps: b.gaps, text: b.text } };
}

function sameBothWays(journal: string, text: string, what: string): void {
  const here = answers(journal, text, HERE);
  const worker = answers(journal, text, WORKER);
  const racing = answers(journal, text, RACING);
  assert.deepEqual(worker, here, `${what}: worker`);
  assert.deepEqual(racing, here, `${what}: worker racing the replay`);
}

describe('plain edit events parsed on a second thread', () => {
  test('the worker sends most lines of a scattered journal as plain edits', () => {
    const { journal } = scatteredJournal();
    const hashes = new LineHashes(journal, { events: true, tuning: WORKER });
    try {
      const lines = journal.split('\n').length - 1;
      const slot = plainEditSlot();
      let plain = 0;
      for (let line = 2; line <= lines; line++) if (hashes.plainEdit(line, slot)) plain++;
      assert.ok(plain > lines / 2, `${plain} of ${lines} lines plain`);
    } finally {
      hashes.close();
    }
  });

  test('verify and replay answer the same with the worker as without', () => {
    const { journal, text } = scatteredJournal();
    sameBothWays(journal, text, 'intact');
    assert.notEqual(verifyJournal(journal, text).status, 'mismatch');
    const lines = journal.split('\n');
    const kinds = new Map<string, number>();
    lines.forEach((l, i) => {
      const kind = i === 0 ? 'header' : l.includes('"type":"checkpoint"') ? 'checkpoint' : l.includes('"defines"') ? 'defines' : l.includes('"insertText":""') ? 'delete' : 'insert';
      if (l && !kinds.has(kind)) kinds.set(kind, i);
    });
    assert.equal(kinds.size, 5, [...kinds.keys()].join());
    const tampers: Array<[string, (l: string) => string]> = [
      ['a changed byte', (l) => l.replace(/"offset":(\d)/, (_m, d) => `"offset":${(Number(d) + 1) % 10}`)],
      ['a changed seq', (l) => l.replace(/"seq":(\d+)/, (_m, n) => `"seq":${Number(n) + 1}`)],
      ['a changed prev', (l) => l.replace(/"prev":"(.)/, (_m, c) => `"prev":"${c === '0' ? '1' : '0'}`)],
      ['a time out of form', (l) => l.replace(/"time":"([^"]+)\.\d\d\dZ"/, '"time":"$1Z"')],
      ['a time going back', (l) => l.replace(/"time":"2026-03-01T09:0/, '"time":"2026-03-01T08:0')],
      ['a lone surrogate', (l) => l.replace(/"insertText":"[^"]*"/, '"insertText":"\ud800"')],
      ['an unknown origin', (l) => l.replace(/"origin":\d+/, '"origin":99')],
      ['out of range', (l) => l.replace(/"offset":\d+/, '"offset":999999')],
      ['not JSON', (l) => l.slice(0, -1)],
    ];
    for (const [kind, i] of kinds) {
      for (const [how, change] of tampers) {
        const changed = [...lines];
        changed[i] = change(changed[i]);
        if (changed[i] === lines[i]) continue;
        sameBothWays(changed.join('\n'), text, `${how} in a ${kind} line`);
      }
    }
    for (const i of [1, 2, 20, 51, lines.length - 2]) sameBothWays(lines.filter((_, k) => k !== i).join('\n'), text, `line ${i} dropped`);
    sameBothWays(journal.slice(0, -7), text, 'cut');
    sameBothWays(journal.replace(/\n/g, '\r\n'), text, 'CRLF');
  });

  test('a worker is kept for the next journal, then ended once idle (it holds memory)', async () => {
    const { journal, text } = scatteredJournal();
    const first = new LineHashes(journal, { events: true, tuning: WORKER });
    first.close();
    assert.equal(idleWorkerKept(), true, 'kept after the first journal');
    // A journal soon after takes the kept worker and gives the same answers.
    assert.deepEqual(answers(journal, text, WORKER), answers(journal, text, HERE));
    assert.equal(idleWorkerKept(), true, 'kept again after the next');
    await new Promise((r) => setTimeout(r, IDLE_WORKER_MS + 500));
    assert.equal(idleWorkerKept(), false, 'ended after the idle period');
    // A later journal starts a new worker and still gives the same answers.
    assert.deepEqual(answers(journal, text, WORKER), answers(journal, text, HERE));
  });

  test('a record verifies on its own thread when its options say so (the language server does)', async () => {
    const { dir } = tempWorkspace();
    const path = join(dir, 'long.fountain');
    const start = 'INT. DINER - NIGHT\n\nRain on the glass.\n\n'.repeat(20);
    writeFileSync(path, start);
    await new Promise((r) => setTimeout(r, IDLE_WORKER_MS + 300));
    assert.equal(idleWorkerKept(), false);
    const own = ScriptRecord.open(path, start, { writer: mara, now: new TestClock('2026-03-01T09:00:00.000Z', 700).now, lineHashes: { minChars: Infinity } });
    own.applyEdit({ offset: 0, deleteLength: 0, insertText: 'x', origin: typingOrigin() });
    const ownAnswer = own.verify();
    assert.equal(idleWorkerKept(), false, 'no worker was started');
    own.close();
    const path2 = join(dir, 'long2.fountain');
    writeFileSync(path2, start);
    const withWorker = ScriptRecord.open(path2, start, { writer: mara, now: new TestClock('2026-03-01T09:00:00.000Z', 700).now, lineHashes: WORKER });
    withWorker.applyEdit({ offset: 0, deleteLength: 0, insertText: 'x', origin: typingOrigin() });
    const workerAnswer = withWorker.verify();
    assert.equal(idleWorkerKept(), true, 'the worker hashed the lines');
    withWorker.close();
    assert.equal(workerAnswer.status, ownAnswer.status);
    assert.equal(workerAnswer.events, ownAnswer.events);
  });
});

