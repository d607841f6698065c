/** Tokenizes Fountain text with syntaxes/fountain.tmLanguage.json through vscode-textmate, as VS Code does. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'fountain.tmLanguage.json');

/** One token of one line: columns in UTF-16 units and the scope stack, outermost first. */
export interface LineToken {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}

interface Grammar {
  tokenizeLine(line: string, stack: unknown): { tokens: LineToken[]; ruleStack: unknown; stoppedEarly: boolean };
}

// vscode-textmate and vscode-oniguruma come with vscode-tmgrammar-test; load them from there.
const fromHarness = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));

let loaded: Promise<Grammar> | undefined;

/** The grammar, loaded once per process. */
export function loadGrammar(): Promise<Grammar> {
  loaded ??= (async () => {
    const textmate = fromHarness('vscode-textmate');
    const oniguruma = fromHarness('vscode-oniguruma');
    const wasm = readFileSync(join(fromHarness.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async () => textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH),
    });
    const grammar = (await registry.loadGrammar('text.fountain')) as Grammar | null;
    if (!grammar) throw new Error(`could not load text.fountain from ${GRAMMAR_PATH}`);
    return Object.assign(grammar, { initial: textmate.INITIAL });
  })();
  return loaded;
}

/** The tokens of every line of `text` (lines split on CRLF, CR or LF, as an editor does). */
export async function tokenize(text: string): Promise<{ lines: string[]; tokens: LineToken[][]; stoppedEarly: number[] }> {
  const grammar = (await loadGrammar()) as Grammar & { initial: unknown };
  const lines = text.split(/\r\n|\r|\n/);
  const tokens: LineToken[][] = [];
  const stoppedEarly: number[] = [];
  let stack = grammar.initial;
  lines.forEach((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    if (result.stoppedEarly) stoppedEarly.push(i);
    tokens.push(result.tokens);
    stack = result.ruleStack;
  });
  return { lines, tokens, stoppedEarly };
}

/** Every scope name the grammar file gives (`name`, `contentName`, captures), split on spaces. */
export function grammarScopes(): Set<string> {
  const scopes = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'name' || key === 'contentName') && typeof value === 'string') {
        for (const scope of value.split(/\s+/)) if (scope.endsWith('.fountain')) scopes.add(scope);
      } else visit(value);
    }
  };
  const grammar = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { repository: unknown; patterns: unknown };
  visit(grammar.patterns);
  visit(grammar.repository);
  return scopes;
}
