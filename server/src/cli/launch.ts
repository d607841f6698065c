/**
 * dist/cli.js: the command line's CommonJS front door (bin/fountain-provenance.js and the VS
 * Code terminal launcher `require()` it and call `main()`). It loads nothing but the ES module
 * build beside it (dist/cli.mjs), which is split per command so each command parses only the
 * code it runs (scripts/build.mjs).
 *
 * On Node 22.1 or later V8's compile cache is switched on first, kept in the system's temp
 * folder (or wherever NODE_COMPILE_CACHE says; NODE_DISABLE_COMPILE_CACHE turns it off): later
 * runs skip compiling the bundle. A cache that cannot be used never stops a run.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The ES module entry beside this file; a variable so the bundler leaves the import alone. */
const ENTRY = './cli.mjs';

export function enableCompileCache(): void {
  try {
    const mod = require('node:module') as { enableCompileCache?: (dir?: string) => unknown };
    if (typeof mod.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
    mod.enableCompileCache(process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'fountain-provenance-compile-cache'));
  } catch {
    // No cache: the run goes on at the usual speed.
  }
}

export function main(): void {
  enableCompileCache();
  (import(ENTRY) as Promise<{ main: () => void }>).then(
    (cli) => cli.main(),
    (err: unknown) => {
      process.stderr.write(`fountain-provenance: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
