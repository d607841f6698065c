import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SOURCES = [join(ROOT, 'server', 'src'), join(ROOT, 'client', 'src')];
/** The only files that take values from pdf-lib: the export's object model and writer, and its font embedding. */
const ALLOWED = new Set(['server/src/export/pdfCore.ts', 'server/src/export/pdfFonts.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The statements of a file that take values (not only types) from pdf-lib or its parts. */
function valueImports(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?[^;'"`]*?\bfrom\s*['"](pdf-lib(?:\/[^'"]*)?)['"]/g)) if (!m[2]) found.push(m[0]);
  for (const m of code.matchAll(/\b(?:require|import)\s*\(\s*['"](pdf-lib(?:\/[^'"]*)?)['"]\s*\)/g)) {
    // `typeof import('pdf-lib')` names a type.
    if (!/typeof\s*$/.test(code.slice(Math.max(0, m.index! - 12), m.index))) found.push(m[0]);
  }
  return found;
}

// The build keeps only the pdf-lib code these two files reach (scripts/build.mjs): a value
// taken from pdf-lib anywhere else (PDFDocument, say) would bring its whole API back into the
// export, 800 KB more to parse on every `pdf` (issue 15).
test('pdf-lib values are taken only in export/pdfCore.ts and export/pdfFonts.ts', () => {
  const offenders: string[] = [];
  for (const file of SOURCES.flatMap(tsFiles)) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (ALLOWED.has(rel)) continue;
    for (const statement of valueImports(readFileSync(file, 'utf8'))) offenders.push(`${rel}: ${statement}`);
  }
  assert.deepEqual(offenders, []);
  // The check itself: it sees a value import and lets a type import pass.
  assert.equal(valueImports("import { PDFDocument } from 'pdf-lib';").length, 1);
  assert.equal(valueImports("const lib = require('pdf-lib');").length, 1);
  assert.equal(valueImports("import type { PDFRef } from 'pdf-lib';\ntype L = typeof import('pdf-lib');").length, 0);
  assert.ok(valueImports(readFileSync(join(ROOT, 'server', 'src', 'export', 'pdfCore.ts'), 'utf8')).length > 0, 'pdfCore.ts takes its values from pdf-lib');
});
