/**
 * The guild validator in batch, and report generation, on big-fish from the corpus.
 *
 * A real journal is recorded for big-fish with the engine: two writers type it paragraph by
 * paragraph (keystrokes coalesced into typing runs, so one event per paragraph), an AI model
 * drafts every 40th paragraph and the writer trims it, and each writing session ends with a
 * signed checkpoint. The script and its journal are copied 200 times into a temp folder and
 * the built command line validates the folder (worker threads, one per core).
 *
 * validate_batch_200: median wall time of `fountain-provenance validate <200 scripts>`
 * (process start included); goal >= 50 scripts/s on the 2-core machine.
 * report_big_fish: median time to analyse big-fish and build and render its report (HTML).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir, median, medianMs, type BenchFigure, type BenchSuite } from './measure';
import { ScriptRecord } from '../server/src/provenance/record';
import type { AiOrigin, HumanOrigin, Writer } from '../server/src/provenance/types';
import { analyseScript } from '../server/src/cli/validateLoad';
import { buildReport } from '../server/src/report/model';
import { journalActivity } from '../server/src/report/activity';
import { renderHtml } from '../server/src/report/html';

const COPIES = 200;
const ROOT = resolve(__dirname, '..');

/** Records big-fish's writing as a journal beside `scriptPath`; returns the number of events. */
export function recordScript(text: string, scriptPath: string, keyDir: string): number {
  const writers: Writer[] = [{ name: 'Mara Okafor' }, { name: 'Dev Lindqvist' }];
  let clock = Date.parse('2026-10-01T09:00:00Z');
  const now = (): Date => new Date(clock);
  const paragraphs = text.split(/(?<=\n\n)/);
  const perSession = Math.ceil(paragraphs.length / 12);
  let current = '';
  writeFileSync(scriptPath, current);
  for (let s = 0; s * perSession < paragraphs.length; s++) {
    const writer = writers[s % 2];
    clock += 20 * 3_600_000;
    const record = ScriptRecord.open(scriptPath, current, { writer, keyDir, now });
    const typing: HumanOrigin = { kind: 'human', channel: 'typing', writer, at: now().toISOString() };
    for (let p = s * perSession; p < Math.min(paragraphs.length, (s + 1) * perSession); p++) {
      const para = paragraphs[p];
      const offset = record.text.length;
      if (p % 40 === 39 && para.length > 20) {
        const ai: AiOrigin = { kind: 'ai', channel: 'ai-command', at: now().toISOString(), tool: 'vscode-lm', model: 'gpt-4o', requestedBy: writer };
        const draft = `${para.slice(0, -2)} The model adds a flourish here.\n\n`;
        record.applyEdit({ offset, deleteLength: 0, insertText: draft, origin: ai });
        clock += 30_000;
        const cut = ' The model adds a flourish here.';
        record.applyEdit({ offset: offset + para.length - 2, deleteLength: cut.length, insertText: '', origin: typing });
      } else {
        // One keystroke per code point, 150 ms apart: a typing run per paragraph.
        let at = offset;
        for (const ch of Array.from(para)) {
          record.applyEdit({ offset: at, deleteLength: 0, insertText: ch, origin: typing });
          at += ch.length;
          clock += 150;
        }
      }
      clock += 5_000;
    }
    current = record.text;
    writeFileSync(scriptPath, current);
    record.close();
  }
  if (current !== text) throw new Error('the recorded sessions did not rebuild big-fish');
  return readFileSync(`${scriptPath}.provenance`, 'utf8').split('\n').length - 2;
}

export const suite: BenchSuite = {
  name: 'validate and report (issue 7): batch validation of 200 big-fish submissions; report generation',
  async run(): Promise<BenchFigure[]> {
    const corpus = corpusDir();
    const bigFish = corpus && join(corpus, 'big-fish.fountain');
    if (!bigFish || !existsSync(bigFish)) {
      console.log('validate: no corpus (big-fish.fountain) found: skipped');
      return [];
    }
    const text = readFileSync(bigFish, 'utf8');
    const work = mkdtempSync(join(tmpdir(), 'fp-bench-validate-'));
    try {
      const keyDir = join(work, 'keys');
      const source = join(work, 'big-fish.fountain');
      const events = recordScript(text, source, keyDir);
      const journalBytes = readFileSync(`${source}.provenance`).length;
      const batch = join(work, 'batch');
      mkdirSync(batch);
      for (let i = 0; i < COPIES; i++) {
        const name = join(batch, `big-fish-${String(i).padStart(3, '0')}.fountain`);
        copyFileSync(source, name);
        copyFileSync(`${source}.provenance`, `${name}.provenance`);
      }
      const bin = join(ROOT, 'bin', 'fountain-provenance.js');
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, [bin, 'validate', batch, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FOUNTAIN_PROVENANCE_KEYS: keyDir } });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const out = JSON.parse(r.stdout) as { results: { verdict: string }[] };
        const verified = out.results.filter((x) => x.verdict === 'verified' || x.verdict === 'verified-with-gaps').length;
        if (verified !== COPIES) throw new Error(`only ${verified} of ${COPIES} copies verified: ${r.stderr}`);
      }
      const batchMs = median(times);

      const now = new Date('2026-11-25T12:00:00Z');
      const analyseMs = medianMs(() => analyseScript(source, { now }), 5, 1);
      const a = analyseScript(source, { now });
      const activity = journalActivity(a.journal!);
      const build = () => buildReport({ scriptPath: 'big-fish.fountain', script: a.script, ledger: a.ledger, verification: a.verification, project: a.project, findings: a.findings, now, activity });
      const buildMs = medianMs(build, 10, 2);
      const report = build();
      const htmlMs = medianMs(() => renderHtml(report), 10, 2);
      const totalMs = medianMs(() => {
        const x = analyseScript(source, { now });
        renderHtml(buildReport({ scriptPath: 'big-fish.fountain', script: x.script, ledger: x.ledger, verification: x.verification, project: x.project, findings: x.findings, now, activity: journalActivity(x.journal!) }));
      }, 5, 1);

      return [
        {
          key: 'validate_batch_200',
          label: `validate ${COPIES} big-fish copies with journals (CLI, workers)`,
          median_ms: batchMs,
          goal: 'scripts_per_s >= 50',
          extra: { scripts_per_s: Number((COPIES / (batchMs / 1000)).toFixed(1)), events_per_journal: events, journal_kb: Math.round(journalBytes / 1024), script_kb: Math.round(text.length / 1024) },
        },
        {
          key: 'report_big_fish',
          label: 'report for big-fish: analyse + build + HTML',
          median_ms: totalMs,
          extra: { analyse_ms: Number(analyseMs.toFixed(1)), build_ms: Number(buildMs.toFixed(1)), html_ms: Number(htmlMs.toFixed(1)) },
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
