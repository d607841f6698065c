/**
 * PDF export (issue 15), whole process for both tools, median of runs, the same machine and run:
 *
 * pdf_big_fish: `fountain-provenance pdf big-fish.fountain` on the corpus file as it is (no
 * record: the title page says so; the report is built and attached) against `afterwriting
 * --source big-fish.fountain --pdf` (afterwriting 1.17.3, the devDependency, US letter).
 * Goal: ours <= 1/2 of afterwriting's.
 *
 * pdf_big_fish_record: the same with a recorded journal beside the script (1,900 events, two
 * signers, AI passages), so the record is replayed and verified, and the PDF carries it.
 *
 * pdf_pages_vs_afterwriting: page counts of both tools' PDFs (pdf.js counts the pages) for
 * every corpus script on US letter; `extra` lists them, `max_diff_pct` the largest difference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir, median, type BenchFigure, type BenchSuite } from './measure';
import { recordScript } from './validate.bench';
import { openPdf } from '../server/src/cli/validatePdf';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'fountain-provenance.js');
const AFTERWRITING = join(ROOT, 'node_modules', 'afterwriting', 'awc.js');
const RUNS = 5;

function timed(args: string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

async function pageCount(path: string): Promise<number> {
  const doc = await openPdf(readFileSync(path));
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

const afterwritingArgs = (source: string, out: string): string[] => [AFTERWRITING, '--source', source, '--pdf', out, '--overwrite', '--setting', 'print_profile=usletter'];

export const suite: BenchSuite = {
  name: 'PDF export (issue 15): big-fish, whole process, ours vs afterwriting; page counts on the corpus',
  async run(): Promise<BenchFigure[]> {
    const corpus = corpusDir();
    const bigFish = corpus && join(corpus, 'big-fish.fountain');
    if (!corpus || !bigFish || !existsSync(bigFish)) {
      console.log('pdf: no corpus (big-fish.fountain) found: skipped');
      return [];
    }
    if (!existsSync(AFTERWRITING)) {
      console.log('pdf: afterwriting is not installed (npm ci installs the devDependency): skipped');
      return [];
    }
    const work = mkdtempSync(join(tmpdir(), 'fp-bench-pdf-'));
    try {
      const keyDir = join(work, 'keys');
      const source = join(work, 'big-fish.fountain');
      const events = recordScript(readFileSync(bigFish, 'utf8'), source, keyDir);
      const env = { ...process.env, FOUNTAIN_PROVENANCE_KEYS: keyDir };
      const ours: number[] = [];
      const recorded: number[] = [];
      const theirs: number[] = [];
      // Interleaved, after one untimed run of each (disk caches warm for all).
      timed([BIN, 'pdf', bigFish, '-o', join(work, 'ours.pdf')], env, work);
      timed([BIN, 'pdf', source, '-o', join(work, 'recorded.pdf')], env, work);
      timed(afterwritingArgs(bigFish, join(work, 'theirs.pdf')), env, work);
      for (let i = 0; i < RUNS; i++) {
        ours.push(timed([BIN, 'pdf', bigFish, '-o', join(work, 'ours.pdf')], env, work));
        recorded.push(timed([BIN, 'pdf', source, '-o', join(work, 'recorded.pdf')], env, work));
        theirs.push(timed(afterwritingArgs(bigFish, join(work, 'theirs.pdf')), env, work));
      }
      const oursMs = median(ours);
      const recordedMs = median(recorded);
      const theirsMs = median(theirs);

      const counts: Record<string, string> = {};
      let maxDiff = 0;
      let beyond = 0;
      for (const name of readdirSync(corpus).filter((n) => n.endsWith('.fountain')).sort()) {
        const script = join(corpus, name);
        const a = join(work, `${name}.ours.pdf`);
        const b = join(work, `${name}.aw.pdf`);
        timed([BIN, 'pdf', script, '-o', a, '--no-attach'], env, work);
        timed(afterwritingArgs(script, b), env, work);
        const [n, m] = [await pageCount(a), await pageCount(b)];
        const diff = Math.abs(n - m);
        maxDiff = Math.max(maxDiff, (diff / m) * 100);
        if (diff > Math.max(1, m * 0.02)) beyond++;
        counts[name.replace(/\.fountain$/, '')] = `${n}/${m}`;
      }
      return [
        {
          key: 'pdf_big_fish',
          label: 'PDF of big-fish (corpus file), whole process (CLI)',
          median_ms: oursMs,
          anchor: 'afterwriting 1.17.3 CLI, whole process',
          anchor_median_ms: theirsMs,
          ratio: oursMs / theirsMs,
          goal: 'ratio <= 0.5',
          extra: { runs: RUNS, our_pages: await pageCount(join(work, 'ours.pdf')), afterwriting_pages: await pageCount(join(work, 'theirs.pdf')) },
        },
        {
          key: 'pdf_big_fish_record',
          label: 'PDF of big-fish with a recorded journal, whole process (CLI)',
          median_ms: recordedMs,
          anchor: 'afterwriting 1.17.3 CLI, whole process',
          anchor_median_ms: theirsMs,
          ratio: recordedMs / theirsMs,
          extra: { runs: RUNS, journal_events: events },
        },
        {
          key: 'pdf_pages_vs_afterwriting',
          label: 'page counts ours/afterwriting (US letter), every corpus script',
          median_ms: 0,
          goal: 'each within 2% or one page',
          extra: { ...counts, max_diff_pct: Number(maxDiff.toFixed(1)), beyond_goal: beyond },
        },
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
