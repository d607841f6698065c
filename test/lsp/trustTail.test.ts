/**
 * A format 1 journal read from disk by the server (issue 11: "Unsigned tail ... the server on
 * open"): events after its last valid signature are an unsigned tail, as the validator says,
 * not the server's own pending events. A relabel appended there is not applied and text
 * appended there is of unknown origin; the server journals the break naming them, so a later
 * signature never vouches for them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryResult } from '../../server/src/shared/protocol';
import { sha256Hex, splitJournal } from '../../server/src/provenance/journal';
import { verifyJournal } from '../../server/src/provenance/verify';
import { TestClient, repoRoot, tempWorkspace } from './client';

const EXAMPLE = 'the-night-shift.fountain';
const ADDED = '\nMARA\nNobody saw this line written.\n';

/** Appends to the example's /1 journal a relabel (whole text -> Mara typing) and an edit appending `ADDED`, chained correctly. */
function appendTail(journal: string, text: string): { from: number; to: number } {
  const lines = splitJournal(readFileSync(journal)).lines;
  let table = 0;
  for (const l of lines) for (const id of Object.keys((JSON.parse(l.text) as { defines?: object }).defines ?? {})) table = Math.max(table, Number(id) + 1);
  const lastText = lines[lines.length - 1].text;
  const last = JSON.parse(lastText) as { seq: number; time: string };
  const mara = { name: 'Mara Okafor', email: 'mara@fountain-provenance.invalid' };
  const typing = { kind: 'human', channel: 'typing', at: last.time, writer: { name: 'Mara Okafor' } };
  const relabel = { type: 'relabel', seq: last.seq + 1, time: last.time, actor: mara, prev: sha256Hex(lastText), defines: { [table]: typing }, start: 0, end: text.length, origin: table };
  const relabelLine = JSON.stringify(relabel);
  const edit = { type: 'edit', seq: last.seq + 2, time: last.time, actor: mara, prev: sha256Hex(relabelLine), offset: text.length, deleteLength: 0, insertText: ADDED, origin: table };
  writeFileSync(journal, `${readFileSync(journal, 'utf8')}${relabelLine}\n${JSON.stringify(edit)}\n`);
  return { from: relabel.seq, to: edit.seq };
}

test('the server opening a /1 journal with an appended relabel and edit shows them as an unsigned tail, not pending', async () => {
  const ws = tempWorkspace();
  for (const f of [EXAMPLE, `${EXAMPLE}.provenance`, '.fountain-provenance.json']) copyFileSync(join(repoRoot, 'examples', f), join(ws.dir, f));
  const path = join(ws.dir, EXAMPLE);
  const journal = `${path}.provenance`;
  const original = readFileSync(path, 'utf8');
  assert.match(readFileSync(journal, 'utf8').split('\n')[0], /fountain-provenance\/1/);
  const tail = appendTail(journal, original);
  const text = original + ADDED;
  writeFileSync(path, text);
  // What the validator sees: the tail, the relabel not applied, the appended text unknown.
  const disk = verifyJournal(readFileSync(journal), text);
  assert.deepEqual(disk.unsignedTail, tail);

  const client = new TestClient({ env: ws.env, settings: { writer: { name: 'Mara Okafor', email: 'mara@fountain-provenance.invalid' } } });
  try {
    await client.initialize();
    const uri = client.open(path, text);
    await client.diagnosticsNow(uri);
    const summary = await client.request<SummaryResult>('fountainProvenance/summary', { uri });
    assert.ok(summary, 'a summary');
    const v = summary.verification;
    assert.equal(v.status, 'verified-with-gaps', JSON.stringify({ status: v.status, breaks: v.breaks, problems: v.problems }));
    assert.ok(
      v.breaks.some((b) => b.message.includes(`events ${tail.from} to ${tail.to}`)),
      `the gap names the tail's events: ${JSON.stringify(v.breaks)}`,
    );
    const unknownChars = ADDED.replace(/\s/g, '').length;
    assert.ok(summary.shares.unknownShare > 0, `the appended text is of unknown origin: ${JSON.stringify(summary.shares)}`);
    assert.ok(summary.shares.aiShare > 0.1, `the relabel to typing is not applied: AI ${summary.shares.aiShare}`);
    assert.ok(unknownChars > 0);
    // The break and a signed checkpoint are journaled: a later signature never vouches for the tail.
    const events = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(events.some((e) => e.type === 'break' && e.reason === 'unsigned-tail' && e.from === tail.from && e.to === tail.to), 'the break is journaled');
    assert.match(String(events[0].format), /\/1$/, 'the journal stays format 1');
  } finally {
    await client.shutdown();
  }
  const after = verifyJournal(readFileSync(journal), text);
  assert.notEqual(after.status, 'mismatch', JSON.stringify(after.problems));
  assert.equal(after.unsignedTail, undefined, 'sealed again after the break');
  assert.ok(after.gaps.some((g) => g.kind === 'unsigned-tail'), 'the tail text stays unknown for the validator');
});
