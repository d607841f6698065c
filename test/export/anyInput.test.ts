import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { random } from '../random';
import { parse } from '../../server/src/fountain/parser';
import { layoutScript, type Layout } from '../../server/src/export/index';
import { renderPdf } from '../../server/src/export/pdf';
import { renderFdx } from '../../server/src/export/fdx';
import { CELL } from '../../server/src/export/paper';
import { cellsOf } from '../../server/src/export/wrap';

const PIECES = [
  'INT. HOUSE - DAY', '.FORCED', 'EXT. ROAD #7#', 'BOB', 'ANA ^', '@mcDuff', '(beat)', 'Hello there.', '> CUT TO:', '> THE END <', '~la la',
  '===', '[[note', ']]', '/*', '*/', '**bold', '*it', '_u', '\\*', 'Title: X', 'Author: Y', '\t', '  ', '', '\r', '\u0000', '\u0007', '\ud800',
  '\udc00', '😀', '日本語のテキスト', 'Привет', 'ﾃｽﾄ', 'a'.repeat(150), 'x '.repeat(90), '\u200b', '\ufeff', 'é', '\u0301',
];

function randomScript(next: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(next() * 60);
  for (let i = 0; i < n; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.5 ? '\n' : next() < 0.5 ? '\n\n' : ' '));
  return parts.join('');
}

function assertInsidePages(layout: Layout): void {
  for (const page of layout.pages) {
    for (const l of page.lines) {
      assert.ok(l.x >= 0 && l.x + cellsOf(l.text) * CELL <= layout.paper.width + 1e-6, `line off the page: ${JSON.stringify(l.text)} at ${l.x}`);
      assert.ok(l.y >= 0 && l.y <= layout.paper.height - 36, `line below the page: ${l.y}`);
      if (page.kind === 'body' && l.row >= 0) assert.ok(l.row < layout.paper.rows, `row ${l.row}`);
    }
  }
}

describe('export on any input', () => {
  test('200 random scripts: the layout stays on its pages, the PDF and the FDX render, nothing throws', async () => {
    const next = random(15);
    for (let i = 0; i < 200; i++) {
      const text = randomScript(next);
      const script = parse(text);
      const layout = layoutScript(script, { disclosure: { statement: text.slice(0, 200), verification: [] }, marks: [{ start: 0, end: Math.floor(text.length / 2) }] });
      assertInsidePages(layout);
      if (i % 20 === 0) {
        const pdf = await renderPdf(layout, { fallbackFonts: [] });
        assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
      }
      assert.match(renderFdx(script, { disclosure: { statement: 'x', verification: [] } }), /<\/FinalDraft>\n$/);
    }
  });

  test('a word longer than a page of lines and a speech longer than a page still lay out inside the pages', () => {
    const speech = Array.from({ length: 150 }, (_, i) => `Line ${i} of a very long speech.`).join('\n');
    const layout = layoutScript(parse(`INT. X - DAY\n\n${'w'.repeat(61 * 70)}\n\nBOB\n${speech}\n`), { disclosure: { statement: 's', verification: [] } });
    assertInsidePages(layout);
    const body = layout.pages.filter((p) => p.kind === 'body');
    assert.ok(body.length >= 4);
    assert.equal(body.flatMap((p) => p.lines).filter((l) => l.type === 'dialogue').length, 150);
  });
});
