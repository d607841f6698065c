/**
 * `npm run bench`: runs every bench/*.bench.ts suite and prints medians and ratios against
 * each issue's anchor, measured in the same run. `npm run bench -- --json` prints one JSON
 * object keyed by figure. `npm run bench -- parse` runs the suites whose file name matches.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './measure';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
  const all: BenchFigure[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default?: BenchSuite; suite?: BenchSuite };
    const suite = mod.suite ?? mod.default;
    if (!suite) continue;
    if (!json) console.log(`\n## ${suite.name}`);
    const figures = await suite.run();
    for (const f of figures) {
      all.push(f);
      if (!json) {
        const anchor =
          f.anchor_median_ms !== undefined
            ? `  vs ${f.anchor}: ${f.anchor_median_ms.toFixed(3)} ms  ratio ${f.ratio?.toFixed(4)}${f.goal ? ` (goal ${f.goal})` : ''}`
            : f.goal
              ? `  (goal ${f.goal})`
              : '';
        const extra = f.extra ? '  ' + Object.entries(f.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '';
        console.log(`${f.key.padEnd(28)} ${f.label.padEnd(52)} median ${f.median_ms.toFixed(3)} ms${anchor}${extra}`);
      }
    }
  }
  if (json) {
    const out: Record<string, Omit<BenchFigure, 'key'>> = {};
    for (const { key, ...rest } of all) out[key] = rest;
    console.log(JSON.stringify(out, null, 2));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
