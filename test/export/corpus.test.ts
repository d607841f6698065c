import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFiles, corpusSuiteOptions } from '../corpus';
import { parse } from '../../server/src/fountain/parser';
import { firstDifference, layoutScript, NO_RECORD_STATEMENT, pageRows } from '../../server/src/export/index';
import { renderPdf } from '../../server/src/export/pdf';
import { FALLBACK_FONTS } from '../../server/src/cli/pdfExport';
import { openPdf, pdfPageRows } from '../../server/src/cli/validatePdf';

// afterwriting 1.17.3's page counts on US letter (title page included), for the closing table;
// bench/pdf.bench.ts measures them live. Ours must be within 2% or one page.
const AFTERWRITING_LETTER: Record<string, number> = {
  'afterwriting-cyrillic.fountain': 2,
  'afterwriting-jp.fountain': 2,
  'afterwriting-kitchen-sink.fountain': 5,
  'beat-tutorial-revisions.fountain': 4,
  'big-fish.fountain': 122,
  'brick-and-steel.fountain': 4,
  'my-living-memory.fountain': 16,
  'screenplain-boneyard.fountain': 2,
  'screenplain-notes.fountain': 2,
  'screenplain-utf8-bom-crlf.fountain': 2,
  'spec-dialogue.fountain': 2,
  'spec-forced-elements.fountain': 2,
  'spec-scene-headers.fountain': 2,
  'the-last-birthday-card.fountain': 20,
};

describe('every corpus script renders, and its PDF reads back as its layout', corpusSuiteOptions(), () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fp-pdf-corpus-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const file of corpusFiles()) {
    test(file.name, async () => {
      const script = parse(file.text);
      const layout = layoutScript(script, { fileName: file.name, disclosure: { statement: NO_RECORD_STATEMENT, verification: ['Record: no provenance record'] }, marks: [] });
      const bytes = await renderPdf(layout, { fallbackFonts: FALLBACK_FONTS, date: new Date('2026-01-01T00:00:00Z') });
      const doc = await openPdf(bytes);
      try {
        assert.equal(doc.numPages, layout.pages.length);
        const diff = firstDifference(layout.pages.map(pageRows), await pdfPageRows(doc));
        assert.equal(diff, undefined, JSON.stringify(diff));
      } finally {
        await doc.destroy();
      }
      const pages = layout.pages.length;
      const reference = AFTERWRITING_LETTER[file.name];
      if (reference !== undefined) assert.ok(Math.abs(pages - reference) <= Math.max(1, reference * 0.02), `${pages} pages, afterwriting ${reference}`);

      // poppler reads it too: page count, text and a rendered page.
      const path = join(dir, file.name.replace(/\.fountain$/, '.pdf'));
      writeFileSync(path, bytes);
      assert.match(execFileSync('pdfinfo', [path], { encoding: 'utf8' }), new RegExp(`Pages:\\s+${pages}\\n`));
      const firstBody = layout.pages.find((p) => p.kind === 'body' && p.lines.length > 0);
      if (firstBody) {
        const n = layout.pages.indexOf(firstBody) + 1;
        const text = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', path, '-'], { encoding: 'utf8' });
        const sample = firstBody.lines.find((l) => /\S{3}/.test(l.text))!;
        assert.ok(text.replace(/\s+/g, ' ').includes(sample.text.replace(/\s+/g, ' ').trim().slice(0, 20)), `pdftotext page ${n} lacks ${sample.text}`);
      }
      // Every page rasterises, and poppler reports nothing wrong with any of them.
      const raster = spawnSync('pdftoppm', ['-r', '12', '-png', path, join(dir, file.name)], { encoding: 'utf8' });
      assert.equal(raster.status, 0, raster.stderr);
      assert.equal(raster.stderr, '', raster.stderr);
      assert.equal(readdirSync(dir).filter((f) => f.startsWith(`${file.name}-`) && f.endsWith('.png')).length, pages);
    });
  }

  test('Cyrillic and Japanese are drawn with embedded fonts from npm, Latin with the standard Courier', async () => {
    const fonts = (name: string): string => {
      const file = corpusFiles().find((f) => f.name === name)!;
      return execFileSync('pdffonts', [join(dir, name.replace(/\.fountain$/, '.pdf'))], { encoding: 'utf8' }) + file.name;
    };
    const cyrillic = fonts('afterwriting-cyrillic.fountain');
    assert.match(cyrillic, /DejaVuSansMono\S*\s+CID TrueType\s+Identity-H\s+yes/);
    const jp = fonts('afterwriting-jp.fountain');
    // Embedded whole: pdf-lib's subsets of Noto Sans JP lose their kana and kanji (see pdf.ts).
    assert.match(jp, /NotoSansJP\S*\s+CID TrueType\s+Identity-H\s+yes\s+no/);
    const latin = fonts('brick-and-steel.fountain');
    assert.match(latin, /Courier\s+Type 1\s+WinAnsi\s+no\s+no/);
    assert.doesNotMatch(latin, /DejaVu|Noto/);
    assert.ok(statSync(join(dir, 'brick-and-steel.pdf')).size < 100_000);
  });
});
