// One build path for tests, benchmarks and packaging: esbuild bundles the
// client, the server and the command line into one file each under dist/.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // ESM dependencies (tinyglobby's fdir) ask for import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  // jsonc-parser's UMD build requires its parts at run time by relative paths a bundle lacks; its ES build bundles.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);
