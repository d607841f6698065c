/**
 * The git merge driver's cost (docs/writers-room.md): merging two branches of big-fish's
 * journal, each a 100,000-keystroke writing session by its own writer (one in the first half
 * of the script, one in the second), against the time to load both from their last
 * checkpoints plus reconciling the merged text. The driver gets the sides' texts from git's
 * blobs, checked against each journal's last checkpoint (as here); a second figure merges with
 * no text known, replaying the three journals from the start.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, medianMs, type BenchFigure, type BenchSuite } from './measure';
import { ScriptRecord } from '../server/src/provenance/record';
import { journalPathFor } from '../server/src/provenance/journal';
import { loadOrCreateKey } from '../server/src/provenance/keys';
import { mergeJournals, type MergeOutput } from '../server/src/provenance/merge';
import { reconcile } from '../server/src/provenance/reconcile';
import type { Origin, Writer } from '../server/src/provenance/types';
import { random } from '../test/random';

const WORDS = 'she looks out at the rain and the diner lights flicker once before the door opens '.split('');

/** A writing session of `keystrokes` keystrokes by `writer` at places within [from, to) of the text (as it grows). */
function branchSession(scriptPath: string, writer: Writer, keystrokes: number, half: 0 | 1, seed: number): string {
  const rnd = random(seed);
  let t = Date.parse('2026-03-02T09:00:00.000Z') + half * 3_600_000;
  const now = (): Date => new Date((t += 150));
  const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-03-02T09:00:00.000Z', writer };
  const record = ScriptRecord.open(scriptPath, readFileSync(scriptPath, 'utf8'), { writer, now, sign: false });
  const split = Math.floor(record.ledger.length / 2);
  let grown = 0; // characters added to the first half so far
  let done = 0;
  while (done < keystrokes) {
    const lo = half === 0 ? 0 : split + grown;
    const hi = half === 0 ? split + grown : record.ledger.length;
    let at = lo + Math.floor(rnd() * (hi - lo));
    const run = 20 + Math.floor(rnd() * 60);
    for (let k = 0; k < run && done < keystrokes; k++, done++) {
      if (rnd() < 0.05 && at > lo + 1) {
        record.applyEdit({ offset: at - 1, deleteLength: 1, insertText: '', origin: typing });
        at--;
        if (half === 0) grown--;
      } else {
        record.applyEdit({ offset: at, deleteLength: 0, insertText: WORDS[done % WORDS.length], origin: typing });
        at++;
        if (half === 0) grown++;
      }
      if (done % 10_000 === 9_999) record.checkpoint();
    }
    t += 3000;
  }
  record.close();
  writeFileSync(scriptPath, record.text);
  return record.text;
}

export const suite: BenchSuite = {
  name: 'git merge driver (big-fish.fountain)',
  async run(): Promise<BenchFigure[]> {
    const dir = corpusDir();
    let text: string;
    try {
      text = readFileSync(join(dir ?? '', 'big-fish.fountain'), 'utf8');
    } catch {
      console.log('merge: no corpus (big-fish.fountain): merge benchmark skipped');
      return [];
    }
    const work = mkdtempSync(join(tmpdir(), 'fp-merge-bench-'));
    process.env.FOUNTAIN_PROVENANCE_KEYS = join(work, 'keys');
    try {
      const mara: Writer = { name: 'Mara Okafor', email: 'mara@example.com' };
      const teo: Writer = { name: 'Teo Lind', email: 'teo@example.com' };
      const basePath = join(work, 'base', 'big-fish.fountain');
      mkdirSync(join(work, 'base'));
      writeFileSync(basePath, text);
      ScriptRecord.open(basePath, text, { writer: mara, sign: false }).close();
      const sides = ['ours', 'theirs'].map((name, i) => {
        mkdirSync(join(work, name));
        const p = join(work, name, 'big-fish.fountain');
        copyFileSync(basePath, p);
        copyFileSync(journalPathFor(basePath), journalPathFor(p));
        const t = branchSession(p, i === 0 ? mara : teo, 100_000, i as 0 | 1, 21 + i);
        return { path: p, text: t, journal: readFileSync(journalPathFor(p)) };
      });
      const base = readFileSync(journalPathFor(basePath));
      const [ours, theirs] = sides;
      const key = loadOrCreateKey(mara);
      const merge = (knownTexts?: string[]): MergeOutput => {
        const out = mergeJournals({ base, ours: ours.journal, theirs: theirs.journal, writer: mara, key, ...(knownTexts ? { knownTexts } : {}) });
        if ('error' in out) throw new Error(out.error);
        return out;
      };
      const known = [text, ours.text, theirs.text];
      const result = merge(known);
      const external: Origin = { kind: 'external', channel: 'reconcile', at: '2026-03-03T00:00:00.000Z' };
      const anchor = (): void => {
        const a = ScriptRecord.open(ours.path, ours.text, { writer: mara, sign: false });
        ScriptRecord.open(theirs.path, theirs.text, { writer: teo, sign: false });
        reconcile(a.ledger, result.text, external);
      };
      const mergeMs = medianMs(() => merge(known), 9, 2);
      const anchorMs = medianMs(anchor, 9, 2);
      const replayMergeMs = medianMs(() => merge(), 3, 1);
      return [
        {
          key: 'merge_driver_100k_x2',
          label: 'merge two 100,000-keystroke branches (big-fish)',
          median_ms: mergeMs,
          anchor: 'load both from their last checkpoints + reconcile the merged text',
          anchor_median_ms: anchorMs,
          ratio: mergeMs / anchorMs,
          goal: 'ratio <= 2',
          extra: {
            conflicts: result.conflicts,
            merged_chars: result.text.length,
            journal_bytes: result.journal.length,
            no_text_known_ms: Number(replayMergeMs.toFixed(1)),
          },
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
