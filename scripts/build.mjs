// One build path for tests, benchmarks and packaging: esbuild bundles the client, the
// server, the command line and the journal worker into one file each under dist/.
//   node scripts/build.mjs                 development: source maps, readable code
//   node scripts/build.mjs --production    what ships (npm pack, the VSIX): minified, no source maps
//   --outdir <dir>                         somewhere other than dist/ (the packaging tests)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const production = args.includes('--production');
const at = args.indexOf('--outdir');
const outdir = at >= 0 && args[at + 1] ? args[at + 1] : 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // Minified code keeps function and class names (stack traces, anything that reads .name).
  keepNames: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  // ESM dependencies (tinyglobby's fdir) ask for import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  // jsonc-parser's main build is a UMD module whose require('./impl/...') calls esbuild cannot
  // follow (the bundle failed at start with "Cannot find module './impl/format'"): use its ESM build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  banner: { js: "var __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const bundles = [
  ['server/src/lsp/main.ts', 'server.js'],
  ['server/src/cli/main.ts', 'cli.js'],
  // A second thread for long journals (journalHashes.ts starts it from beside the bundle).
  ['server/src/provenance/journalWorker.ts', 'journalWorker.js'],
  ['client/src/extension.ts', 'client.js', { external: ['vscode'] }],
];

// The schemas' validators are compiled now, not when a script is opened (compileSchemas.mjs).
execFileSync(process.execPath, [join(import.meta.dirname ?? '.', 'compileSchemas.mjs')], { stdio: 'inherit' });

// A production build leaves no stale source maps beside its bundles.
if (production) for (const [, out] of bundles) rmSync(join(outdir, `${out}.map`), { force: true });

await Promise.all(bundles.map(([entry, out, extra]) => build({ ...common, ...extra, entryPoints: [entry], outfile: join(outdir, out) })));
