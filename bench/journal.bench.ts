/**
 * Journal benchmarks on big-fish.fountain: replay of a 100,000-event journal, load from the
 * last checkpoint, and the journal's size after a scripted 100,000-keystroke session.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, median, medianMs, type BenchFigure, type BenchSuite } from './measure';
import { ScriptRecord } from '../server/src/provenance/record';
import { journalPathFor } from '../server/src/provenance/journal';
import { replayJournal, verifyJournal } from '../server/src/provenance/verify';
import { Ledger } from '../server/src/provenance/ledger';
import type { LedgerEdit, Origin } from '../server/src/provenance/types';
import { random } from '../test/random';

const writer = { name: 'Mara Okafor', email: 'mara@example.com' };
const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer };
const pasted: Origin = { kind: 'pasted', channel: 'paste', at: '2026-03-01T09:00:00.000Z', by: writer };
const ai: Origin = { kind: 'ai', channel: 'ai-command', at: '2026-03-01T09:00:00.000Z', tool: 'bench', model: 'bench-model' };


function clock(): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.parse('2026-03-01T09:00:00.000Z');
  return { now: () => new Date((t += 150)), advance: (ms) => (t += ms) };
}

const WORDS = 'she looks out at the rain and the diner lights flicker once before the door opens '.split('');

/** A journal of `events` events: separate edits spread over the script, checkpoints every 20,000. */
export function buildEventJournal(scriptPath: string, text: string, events: number): { journal: string; text: string } {
  const rnd = random(7);
  const c = clock();
  writeFileSync(scriptPath, text);
  const record = ScriptRecord.open(scriptPath, text, { writer, now: c.now });
  for (let i = 0; i < events; i++) {
    const len = record.ledger.length;
    const at = Math.floor(rnd() * len);
    const r = rnd();
    if (r < 0.6) record.applyEdit({ offset: at, deleteLength: 0, insertText: WORDS[i % WORDS.length], origin: typing });
    else if (r < 0.8) record.applyEdit({ offset: at, deleteLength: 1 + Math.floor(rnd() * 4), insertText: '', origin: typing });
    else if (r < 0.95) record.applyEdit({ offset: at, deleteLength: 0, insertText: 'a pasted line\n', origin: pasted });
    else record.applyEdit({ offset: at, deleteLength: Math.floor(rnd() * 10), insertText: 'The AI wrote this.', origin: ai });
    if (i % 20_000 === 19_999) record.checkpoint();
  }
  record.close();
  const journal = record.journalText();
  return { journal, text: record.text };
}

/** Applies a journal's edit events straight to a Ledger (parsing done beforehand). */
function applyEditsDirectly(journal: string): void {
  const cached = parsedEdits.get(journal) ?? parseEdits(journal);
  parsedEdits.set(journal, cached);
  let ledger: Ledger | undefined;
  for (const e of cached) {
    if (!ledger) ledger = Ledger.create(e.insertText, e.origin);
    else ledger.applyEdit(e);
  }
}

const parsedEdits = new Map<string, LedgerEdit[]>();

function parseEdits(journal: string): LedgerEdit[] {
  const origins: Origin[] = [];
  const edits: LedgerEdit[] = [];
  for (const line of journal.split('\n').slice(1)) {
    if (!line) continue;
    const e = JSON.parse(line);
    for (const [id, o] of Object.entries((e.defines ?? {}) as Record<string, Origin>)) origins[Number(id)] = o;
    if (e.type === 'edit') edits.push({ offset: e.offset, deleteLength: e.deleteLength, insertText: e.insertText, origin: origins[e.origin] });
  }
  return edits;
}

/** A scripted writing session: typing runs at scattered places, backspaces, pauses, saves. */
export function writingSession(scriptPath: string, text: string, keystrokes: number): { record: ScriptRecord; checkpoints: number } {
  const rnd = random(11);
  const c = clock();
  const record = ScriptRecord.open(scriptPath, text, { writer, now: c.now });
  let done = 0;
  let checkpoints = 0;
  while (done < keystrokes) {
    let at = Math.floor(rnd() * record.ledger.length);
    const run = 20 + Math.floor(rnd() * 60);
    for (let k = 0; k < run && done < keystrokes; k++, done++) {
      if (rnd() < 0.05 && at > 0) {
        record.applyEdit({ offset: at - 1, deleteLength: 1, insertText: '', origin: typing });
        at--;
      } else {
        record.applyEdit({ offset: at, deleteLength: 0, insertText: WORDS[done % WORDS.length], origin: typing });
        at++;
      }
      if (done % 10_000 === 9_999) {
        record.checkpoint(); // a save
        checkpoints++;
      }
    }
    c.advance(3000); // the writer stops to think, then moves elsewhere
  }
  record.close();
  return { record, checkpoints: checkpoints + 1 };
}

export const suite: BenchSuite = {
  name: 'journal (big-fish.fountain)',
  async run(): Promise<BenchFigure[]> {
    const dir = corpusDir();
    const path = dir ? join(dir, 'big-fish.fountain') : undefined;
    let text: string;
    try {
      text = readFileSync(path ?? '', 'utf8');
    } catch {
      console.log('journal: no corpus (big-fish.fountain): journal benchmarks skipped');
      return [];
    }
    const work = mkdtempSync(join(tmpdir(), 'fp-journal-bench-'));
    process.env.FOUNTAIN_PROVENANCE_KEYS = join(work, 'keys');
    const figures: BenchFigure[] = [];
    try {
      const scriptPath = join(work, 'big-fish.fountain');
      const built = buildEventJournal(scriptPath, text, 100_000);
      writeFileSync(scriptPath, built.text);
      const events = built.journal.split('\n').length - 2;
      const replayMs = medianMs(() => replayJournal(built.journal), 5, 1);
      const verifyMs = medianMs(() => verifyJournal(built.journal, built.text), 3, 1);
      const check = verifyJournal(built.journal, built.text);
      // The floor: the same edits applied straight to a Ledger, no journal at all.
      const ledgerOnlyMs = medianMs(() => applyEditsDirectly(built.journal), 3, 1);
      // The anchor's parsed edits are not needed any more; held, they only slow the collector.
      parsedEdits.clear();
      figures.push({
        key: 'journal_replay_100k',
        label: 'replay a 100,000-event journal (big-fish)',
        median_ms: replayMs,
        goal: '<= 200 ms',
        anchor: 'the same edits applied to a Ledger directly',
        anchor_median_ms: ledgerOnlyMs,
        ratio: replayMs / ledgerOnlyMs,
        extra: { events, journal_bytes: Buffer.byteLength(built.journal), verify_ms: Number(verifyMs.toFixed(1)), verify_status: check.status },
      });

      const first = ScriptRecord.open(scriptPath, built.text, { writer });
      const fromCheckpoint = /from checkpoint/.test(first.notices.map((n) => n.message).join(' '));
      const loadMs = medianMs(() => ScriptRecord.open(scriptPath, built.text, { writer }), 20, 3);
      const lastCheckpoint = built.journal.slice(built.journal.lastIndexOf('\n{"type":"checkpoint"') + 1).split('\n')[0];
      // The same load on the journal of a realistic writing session (below), for comparison.
      const sessionPath = join(work, 'load-session.fountain');
      writeFileSync(sessionPath, text);
      const sessionText = writingSession(sessionPath, text, 100_000).record.text;
      writeFileSync(sessionPath, sessionText);
      const sessionRuns = ScriptRecord.open(sessionPath, sessionText, { writer }).ledger.runCount;
      const sessionLoadMs = medianMs(() => ScriptRecord.open(sessionPath, sessionText, { writer }), 20, 3);
      // A realistic second figure (the is the scattered journal above): replaying the
      // journal of a 100,000-keystroke writing session, every keystroke applied one by one.
      const sessionJournal = readFileSync(journalPathFor(sessionPath), 'utf8');
      const sessionReplay = replayJournal(sessionJournal);
      const sessionReplayMs = medianMs(() => replayJournal(sessionJournal), 5, 1);
      figures.push({
        key: 'journal_load_checkpoint',
        label: 'open a record from its last checkpoint (100k-event journal)',
        median_ms: loadMs,
        goal: '<= 10 ms',
        extra: {
          from_checkpoint: String(fromCheckpoint),
          journal_bytes: statSync(journalPathFor(scriptPath)).size,
          checkpoint_line_bytes: Buffer.byteLength(lastCheckpoint),
          ledger_runs: first.ledger.runCount,
          session_journal_load_ms: Number(sessionLoadMs.toFixed(3)),
          session_journal_runs: sessionRuns,
        },
      });

      figures.push({
        key: 'journal_replay_session_100k',
        label: 'replay the journal of a 100,000-keystroke session',
        median_ms: sessionReplayMs,
        extra: {
          events: sessionReplay.events,
          problems: sessionReplay.problems.filter((p) => p.kind !== 'unsigned-checkpoint').length,
          same_text: String(sessionReplay.text === sessionText),
          journal_bytes: Buffer.byteLength(sessionJournal),
        },
      });

      const times: number[] = [];
      let size = 0;
      let eventsWritten = 0;
      let checkpoints = 0;
      let snapshotBytes = 0;
      for (let i = 0; i < 3; i++) {
        const sessionPath = join(work, `session-${i}.fountain`);
        writeFileSync(sessionPath, text);
        const t0 = process.hrtime.bigint();
        const session = writingSession(sessionPath, text, 100_000);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const journal = readFileSync(journalPathFor(sessionPath), 'utf8');
        size = Buffer.byteLength(journal);
        const lines = journal.split('\n').filter(Boolean);
        eventsWritten = lines.length - 1;
        const cps = lines.filter((l) => l.startsWith('{"type":"checkpoint"'));
        checkpoints = cps.length;
        snapshotBytes = cps.reduce((s, l) => s + Buffer.byteLength(l), 0);
        void session;
      }
      figures.push({
        key: 'journal_size_100k_keystrokes',
        label: 'journal after a 100,000-keystroke session (write time)',
        median_ms: median(times),
        extra: {
          bytes: size,
          bytes_per_keystroke: Number((size / 100_000).toFixed(2)),
          events: eventsWritten,
          checkpoints,
          checkpoint_bytes: snapshotBytes,
          script_bytes: Buffer.byteLength(text),
        },
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return figures;
  },
};
