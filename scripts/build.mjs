// One build path for tests, benchmarks and packaging: esbuild bundles the client, the
// server and the journal worker into one file each under dist/. The command line is an ES
// module build split per command (dist/cli.mjs and its dist/cli-*.mjs chunks, so `pdf` or
// `--version` parses only the code it runs) behind a small CommonJS front door, dist/cli.js.
//   node scripts/build.mjs                 development: source maps, readable code
//   node scripts/build.mjs --production    what ships (npm pack, the VSIX): minified, no source maps
//   --outdir <dir>                         somewhere other than dist/ (the packaging tests)
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
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

// pdf-lib from its ES modules, every file of it (and of its standard-font metrics) marked free of
// side effects, so a bundle holds only what it uses: the export's object model and writer
// (server/src/export/pdfCore.ts) are a fifth of the library, the font embedding (pdfFonts.ts)
// a chunk of its own; its form, page-drawing and parsing API stay out (issue 15).
const PDF_LIB_FILE = /[\\/]node_modules[\\/](pdf-lib|@pdf-lib[\\/]standard-fonts)[\\/]/;
const pdfLibModules = {
  name: 'pdf-lib-modules',
  setup(b) {
    b.onResolve({ filter: /^pdf-lib$/ }, async (args) => {
      const found = await b.resolve('pdf-lib/es/index.js', { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir });
      return found.errors.length > 0 ? found : { path: found.path, sideEffects: false };
    });
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'pdf-lib-modules' || !PDF_LIB_FILE.test(args.importer)) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'pdf-lib-modules' });
      if (found.errors.length > 0) return found;
      return { path: found.path, external: found.external, sideEffects: PDF_LIB_FILE.test(found.path) ? false : found.sideEffects };
    });
  },
};

const bundles = [
  ['server/src/lsp/main.ts', 'server.js', { plugins: [pdfLibModules] }],
  // The command line's front door: it starts the ES module build below (launch.ts).
  ['server/src/cli/launch.ts', 'cli.js', { banner: {}, define: {} }],
  // A second thread for long journals (journalHashes.ts starts it from beside the bundle).
  ['server/src/provenance/journalWorker.ts', 'journalWorker.js'],
  ['client/src/extension.ts', 'client.js', { external: ['vscode'] }],
];

// The schemas' validators are compiled now, not when a script is opened (compileSchemas.mjs).
execFileSync(process.execPath, [join(import.meta.dirname ?? '.', 'compileSchemas.mjs')], { stdio: 'inherit' });

// pkijs and asn1js (about 1 MB, for reading and checking time-stamp tokens) in a CommonJS bundle of
// their own, dist/asn1.js, which the command line requires on first use (provenance/timestamp.ts
// loads them lazily): commands on records without tokens neither parse nor run them.
const asn1Bundle = { ...common, banner: {}, define: {}, stdin: { contents: "module.exports = { pkijs: require('pkijs'), asn1js: require('asn1js') };", resolveDir: process.cwd(), sourcefile: 'asn1-entry.js' }, outfile: join(outdir, 'asn1.js') };
const asn1Apart = {
  name: 'asn1-apart',
  setup(b) {
    b.onResolve({ filter: /^(pkijs|asn1js)$/ }, (args) => ({ path: args.path, namespace: 'asn1-apart' }));
    b.onResolve({ filter: /^\.\/asn1\.js$/ }, () => ({ path: './asn1.js', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'asn1-apart' }, (args) => ({ contents: `module.exports = require('./asn1.js').${args.path};`, loader: 'js' }));
  },
};

// The command line as ES modules with code splitting: one chunk per command's own code, shared
// chunks for what commands share. CommonJS dependencies inside get node's require, and the
// sources' __filename and __dirname mean the chunk's own file and dist/ (every chunk sits there;
// the batch validator starts its worker threads from its own chunk).
const cliModules = {
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: { cli: 'server/src/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cli-[hash]',
  define: {},
  banner: {
    js: [
      "import { createRequire as __fpCreateRequire } from 'node:module';",
      "import { fileURLToPath as __fpFileURLToPath } from 'node:url';",
      "import { dirname as __fpDirname } from 'node:path';",
      'const require = __fpCreateRequire(import.meta.url);',
      'const __filename = __fpFileURLToPath(import.meta.url);',
      'const __dirname = __fpDirname(__filename);',
    ].join(' '),
  },
  metafile: true,
  plugins: [asn1Apart, pdfLibModules],
};

const isCliModule = (name) => /^cli(-[A-Za-z0-9]+)?\.mjs(\.map)?$/.test(name);

// A production build leaves no stale source maps beside its bundles.
if (production) {
  for (const [, out] of [...bundles, [null, 'asn1.js']]) rmSync(join(outdir, `${out}.map`), { force: true });
  for (const name of safeList(outdir)) if (isCliModule(name) && name.endsWith('.map')) rmSync(join(outdir, name), { force: true });
}

const [cli] = await Promise.all([
  build(cliModules),
  build(asn1Bundle),
  ...bundles.map(([entry, out, extra]) => build({ ...common, ...extra, entryPoints: [entry], outfile: join(outdir, out) })),
]);

// Chunks of earlier builds (their names are content hashes) are removed once the new ones are
// written: at once for a production build (what ships), after ten minutes for a development
// build, so a command started before the rebuild (another test run) still finds the chunks it imports.
const written = new Set(Object.keys(cli.metafile.outputs).map((path) => path.split(/[\\/]/).pop()));
const staleBefore = production ? Infinity : Date.now() - 10 * 60_000;
for (const name of safeList(outdir)) {
  if (!isCliModule(name) || written.has(name)) continue;
  try {
    if (statSync(join(outdir, name)).mtimeMs < staleBefore) rmSync(join(outdir, name), { force: true });
  } catch {
    // Removed meanwhile by another build.
  }
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
