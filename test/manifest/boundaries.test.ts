import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const ENGINE = ['fountain', 'provenance', 'disclosure', 'report', 'engine', 'export'].map((d) => join(ROOT, 'server', 'src', d));
const NETWORK = /^(node:)?(http|https|http2|net|dgram|tls)(\/.*)?$/;
const LANGUAGE_SERVER = /^vscode-languageserver(-[a-z]+)?(\/.*)?$/;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Module specifiers of a file's import, export-from, require() and import() statements. */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8')
    .replace(/(^|[^'"`\\])\/\*[\s\S]*?\*\//g, '$1')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** The .ts file a relative specifier points at, if it is one of ours. */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
}

/** Every package a file imports, directly or through our own files it imports. */
function packagesReachedFrom(file: string): Map<string, string> {
  const seen = new Set<string>();
  const reached = new Map<string, string>();
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const spec of importsOf(f)) {
      const local = resolveLocal(f, spec);
      if (local) visit(local);
      else if (!spec.startsWith('.') && !reached.has(spec)) reached.set(spec, relative(ROOT, f));
    }
  };
  visit(file);
  return reached;
}

const inside = (file: string, dir: string): boolean => file.startsWith(join(ROOT, dir) + sep);

describe('module boundaries', () => {
  test('the import scanner sees every form of import, and follows our own files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fountain-boundaries-'));
    try {
      writeFileSync(join(dir, 'a.ts'), [
        "import type { Range } from 'vscode-languageserver';",
        'import {',
        '  window,',
        "} from 'vscode';",
        "import 'node:dgram';",
        "export { x } from './b';",
        "const net = require('net');",
        "const later = import('https');",
        "// import { gone } from 'commented-out';",
        "/* import { gone } from 'also-commented-out'; */",
        "const url = 'http://example.invalid'; // a string, not an import",
        "const boneyard = text.indexOf('/*'); import('node:tls'); const end = text.indexOf('*/');",
      ].join('\n'));
      writeFileSync(join(dir, 'b.ts'), "import { request } from 'node:http';\nexport const x = request;\n");
      assert.deepEqual(importsOf(join(dir, 'a.ts')).sort(), ['./b', 'https', 'net', 'node:dgram', 'node:tls', 'vscode', 'vscode-languageserver']);
      const reached = packagesReachedFrom(join(dir, 'a.ts'));
      assert.ok(reached.has('node:http') && NETWORK.test('node:http'), 'transitive import through ./b not followed');
      assert.ok(LANGUAGE_SERVER.test('vscode-languageserver/node') && !LANGUAGE_SERVER.test('vscode'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the engine reaches neither vscode, nor a language server package, nor the network', () => {
    const files = ENGINE.flatMap(tsFiles);
    assert.ok(files.length > 10, `engine sources not found under server/src (${files.length})`);
    const offences: string[] = [];
    for (const file of files) {
      for (const [spec, via] of packagesReachedFrom(file)) {
        if (spec === 'vscode' || LANGUAGE_SERVER.test(spec) || spec.startsWith('vscode-languageclient') || NETWORK.test(spec)) {
          offences.push(`${relative(ROOT, file)} reaches ${spec} (imported by ${via})`);
        }
      }
    }
    assert.deepEqual(offences, []);
  });

  test('the engine calls no global fetch or WebSocket', () => {
    const offences = ENGINE.flatMap(tsFiles).filter((f) => /(^|[^.\w])(fetch|WebSocket|XMLHttpRequest)\s*\(/m.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offences.map((f) => relative(ROOT, f)), []);
  });

  test('only client/src imports vscode', () => {
    const files = [...tsFiles(join(ROOT, 'server', 'src')), ...tsFiles(join(ROOT, 'client', 'src'))];
    const clientImports = files.filter((f) => inside(f, 'client/src') && importsOf(f).includes('vscode'));
    assert.ok(clientImports.length > 0, 'no client file imports vscode: is the scan broken?');
    const elsewhere = files.filter((f) => !inside(f, 'client/src') && importsOf(f).includes('vscode'));
    assert.deepEqual(elsewhere.map((f) => relative(ROOT, f)), []);
  });

  test('client/ imports nothing from the engine: only the shared protocol file, whose engine imports are types only', () => {
    const clientFiles = tsFiles(join(ROOT, 'client', 'src'));
    assert.ok(clientFiles.length > 5, `client sources not found (${clientFiles.length})`);
    const protocol = join(ROOT, 'server', 'src', 'shared', 'protocol.ts');
    const offences: string[] = [];
    let viaProtocol = 0;
    for (const file of clientFiles) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolveLocal(file, spec);
        if (target === protocol) viaProtocol++;
        else if (!target || !inside(target, 'client/src')) offences.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    assert.ok(viaProtocol > 0, 'no client file imports the shared protocol: is the scan broken?');
    // What the protocol file takes from the engine must vanish when compiled: `import type`,
    // `export type ... from` and `import('...')` in type positions only.
    const code = readFileSync(protocol, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const engine = /['"]\.\.\/(fountain|provenance|disclosure|report)\//;
    for (const m of code.matchAll(/^\s*(import|export)\b[^;]*?from\s*(['"][^'"]+['"])/gms)) {
      if (engine.test(m[2]) && !/^\s*(import|export)\s+type\b/.test(m[0])) offences.push(`protocol.ts: ${m[0].trim().split('\n')[0]} is not type-only`);
    }
    for (const m of code.matchAll(/import\(\s*(['"][^'"]+['"])\s*\)(.)/g)) {
      if (engine.test(m[1]) && m[2] !== '.') offences.push(`protocol.ts: import(${m[1]}) is not a type reference`);
    }
    assert.deepEqual(offences, []);
  });

  test('the built client bundle holds no engine module', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(ROOT, 'client', 'src', 'extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((p) => p.startsWith('client/src/')), `unexpected metafile inputs: ${inputs.slice(0, 5).join(', ')}`);
    const engine = inputs.filter((p) => /^server\/src\/(fountain|provenance|disclosure|report)\//.test(p));
    assert.deepEqual(engine, []);
  });

  test('only server/src/lsp imports vscode-languageserver (the shared protocol file may use its protocol types)', () => {
    const files = [...tsFiles(join(ROOT, 'server', 'src')), ...tsFiles(join(ROOT, 'client', 'src'))];
    const offences: string[] = [];
    let inLsp = 0;
    for (const file of files) {
      for (const spec of importsOf(file).filter((s) => LANGUAGE_SERVER.test(s))) {
        if (inside(file, 'server/src/lsp')) inLsp++;
        else if (!(inside(file, 'server/src/shared') && spec === 'vscode-languageserver-protocol')) {
          offences.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    assert.ok(inLsp > 0, 'no server/src/lsp file imports vscode-languageserver: is the scan broken?');
    assert.deepEqual(offences, []);
  });
});

/** A package.json files pattern as a regular expression over paths relative to the root. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\.?\//, '')
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => (part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

interface Manifest {
  files?: string[];
  bin?: Record<string, string>;
  contributes: {
    languages: { id: string; extensions?: string[]; configuration?: string }[];
    grammars: { language?: string; scopeName: string; path: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json, language configuration and the shipped files', () => {
  test('language fountain covers .fountain and .spmd with an existing configuration', () => {
    const fountain = manifest.contributes.languages.find((l) => l.id === 'fountain');
    assert.ok(fountain, 'no language with id fountain');
    assert.deepEqual([...(fountain.extensions ?? [])].sort(), ['.fountain', '.spmd']);
    assert.ok(fountain.configuration && existsSync(join(ROOT, fountain.configuration)), `missing ${fountain.configuration}`);
  });

  test('the contributed grammar exists, is valid JSON and is text.fountain', () => {
    const grammars = manifest.contributes.grammars.filter((g) => g.language === 'fountain');
    assert.equal(grammars.length, 1);
    const [entry] = grammars;
    assert.equal(entry.scopeName, 'text.fountain');
    const path = join(ROOT, entry.path);
    assert.ok(existsSync(path), `missing ${entry.path}`);
    const grammar = JSON.parse(readFileSync(path, 'utf8')) as { scopeName?: string; patterns?: unknown[] };
    assert.equal(grammar.scopeName, 'text.fountain');
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0);
  });

  test('the language configuration parses and auto-closes [[, /*, *, _ and (', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8')) as {
      autoClosingPairs?: ({ open: string; close: string } | [string, string])[];
    };
    const pairs = new Map((config.autoClosingPairs ?? []).map((p) => (Array.isArray(p) ? [p[0], p[1]] : [p.open, p.close])));
    const expected: [string, string][] = [['[[', ']]'], ['/*', '*/'], ['*', '*'], ['_', '_'], ['(', ')']];
    for (const [open, close] of expected) {
      assert.equal(pairs.get(open)?.trim(), close, `auto-closing pair for ${open}`);
    }
    // Dialogue is scoped string.unquoted.dialogue.fountain: a pair with notIn string would not close there.
    const notInString = (config.autoClosingPairs ?? []).filter((p) => !Array.isArray(p) && (p as { notIn?: string[] }).notIn?.includes('string'));
    assert.deepEqual(notInString, []);
  });

  test('one shipped-file list: package.json files lets the grammar and configuration through, no sources, and no .vscodeignore beside it', () => {
    // vsce refuses to package when a .vscodeignore and a files list are both present.
    assert.ok(!existsSync(join(ROOT, '.vscodeignore')), 'a .vscodeignore beside package.json files makes vsce package fail');
    const allowed = (manifest.files ?? []).map((f) => globToRegExp(f.endsWith('/') ? `${f}**` : f));
    assert.ok(allowed.length > 0, 'package.json has no files list');
    for (const path of ['syntaxes/fountain.tmLanguage.json', 'language-configuration.json', 'dist/client.js', 'dist/server.js']) {
      assert.ok(allowed.some((re) => re.test(path)), `package.json files does not let ${path} through`);
    }
    for (const path of ['server/src/fountain/parser.ts', 'dist/client.js.map', 'test/vscode/run.mjs']) {
      assert.ok(!allowed.some((re) => re.test(path)), `package.json files lets ${path} through`);
    }
  });

  test('every bin entry points at an existing node script', () => {
    const bins = Object.entries(manifest.bin ?? {});
    assert.ok(bins.length > 0, 'no bin entries');
    for (const [name, path] of bins) {
      const file = join(ROOT, path);
      assert.ok(existsSync(file), `bin ${name}: ${path} does not exist`);
      assert.match(readFileSync(file, 'utf8'), /^#!\/usr\/bin\/env node/, `bin ${name}: no node shebang`);
    }
  });
});
