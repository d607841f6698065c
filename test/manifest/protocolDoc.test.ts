/**
 * docs/protocol.md and server/src/shared/protocol.ts cannot drift apart: every custom method
 * and command declared in the code has a section in the document and the other way round, every
 * field of a method's parameter and result types is named in its section, and every field the
 * section's code shows is one the code declares.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const code = readFileSync(join(ROOT, 'server', 'src', 'shared', 'protocol.ts'), 'utf8');
const doc = readFileSync(join(ROOT, 'docs', 'protocol.md'), 'utf8');

/** The body of each `export interface` in the code, by name. */
function interfaces(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/export interface (\w+)(?:<[^>]*>)?(?: extends [^{]+)?\s*\{/g)) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '{') depth++;
      else if (source[i] === '}') depth--;
    }
    out.set(m[1], source.slice(start, i - 1));
  }
  return out;
}

const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Field names at the top level of an interface body. */
function topLevelFields(body: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  for (const line of withoutComments(body).split('\n')) {
    const m = depth === 0 ? /^\s*(\w+)\??\s*:/.exec(line) : null;
    if (m) fields.push(m[1]);
    for (const ch of line) {
      if (ch === '{' || ch === '(' || ch === '<') depth++;
      else if (ch === '}' || ch === ')' || ch === '>') depth = Math.max(0, depth - 1);
    }
  }
  return fields;
}

/** Every key named anywhere in a TypeScript snippet (`name:` or `name?:`). */
const keysIn = (text: string): string[] => [...withoutComments(text).matchAll(/\b(\w+)\??\s*:(?!:)/g)].map((m) => m[1]);

const bodies = interfaces(code);

/** The interfaces a type expression names, and those their fields name in turn (declared here). */
function reachable(typeText: string, seen = new Set<string>()): Set<string> {
  for (const name of typeText.match(/\b[A-Z]\w+\b/g) ?? []) {
    if (!bodies.has(name) || seen.has(name)) continue;
    seen.add(name);
    reachable(bodies.get(name)!, seen);
  }
  return seen;
}

/** Methods declared in the code, with their parameter and result type expressions. */
const methods = [...code.matchAll(/new (RequestType|NotificationType)<([\s\S]*?)>\('([^']+)'\)/g)].map((m) => ({
  kind: m[1],
  types: m[2],
  name: m[3],
}));
const commandBlock = /export const commands = \{([\s\S]*?)\}/.exec(code)?.[1] ?? '';
const commands = [...commandBlock.matchAll(/'(fountainProvenance\.\w+)'/g)].map((m) => m[1]);

/** The document's sections under `### \`name\``, by name. */
const sections = new Map<string, string>();
{
  const parts = doc.split(/^### /m).slice(1);
  for (const part of parts) {
    const name = /^`([^`]+)`/.exec(part)?.[1];
    if (name) sections.set(name, part.split(/^## /m)[0]);
  }
}

describe('docs/protocol.md and server/src/shared/protocol.ts', () => {
  test('the scan finds the methods and commands (it would not pass vacuously)', () => {
    assert.ok(methods.length >= 6, `methods found: ${methods.map((m) => m.name)}`);
    assert.ok(methods.some((m) => m.name === 'fountainProvenance/summary'));
    assert.ok(commands.includes('fountainProvenance.report'));
    assert.ok(sections.size >= methods.length);
  });

  test('every method and command has a section, and every section is a method or a command', () => {
    const declared = [...methods.map((m) => m.name), ...commands].sort();
    const documented = [...sections.keys()].filter((k) => k.startsWith('fountainProvenance')).sort();
    assert.deepEqual(documented, declared);
  });

  for (const method of methods) {
    test(`${method.name}: the section names every field of its types, and shows no field the code lacks`, () => {
      const section = sections.get(method.name) ?? '';
      const names = reachable(method.types);
      const missing: string[] = [];
      const known = new Set<string>(['params', 'result']);
      for (const name of names) {
        for (const field of topLevelFields(bodies.get(name)!)) {
          if (!new RegExp(`\\b${field}\\b`).test(section)) missing.push(`${name}.${field}`);
        }
        for (const key of keysIn(bodies.get(name)!)) known.add(key);
      }
      assert.deepEqual(missing, [], `fields of ${[...names].join(', ')} missing from the section of ${method.name}`);
      const shown = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((m) => keysIn(m[1]));
      const unknown = [...new Set(shown.filter((k) => !known.has(k)))];
      assert.deepEqual(unknown, [], `the section of ${method.name} shows fields the code does not declare`);
    });
  }
});
