/**
 * The PDF rendering of a layout, with pdf-lib: Courier 12 pt, the PDF standard font (nothing
 * embedded) for every character it can draw; characters outside its WinAnsi set are drawn
 * with the first fallback font (bytes the caller passes in) that has them, on the same grid.
 * The script, its record and its report can ride along as file attachments.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Layout, LayoutLine } from './layout';
import { CELL, FONT_SIZE } from './paper';
import { BOLD, ITALIC, UNDERLINE } from './printed';
import { isWide } from './wrap';

/** A file embedded in the PDF. */
export interface PdfAttachment {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
}

export interface PdfOptions {
  title?: string;
  author?: string;
  /** Creation date written into the PDF (default: now). */
  date?: Date;
  attachments?: readonly PdfAttachment[];
  /** Fonts tried in order for characters Courier cannot draw; each read only when needed. */
  fallbackFonts?: readonly FallbackFont[];
}

/** A font for what Courier cannot draw. */
export interface FallbackFont {
  /** The font file's bytes (TrueType or OpenType), or undefined when it is not installed. */
  load: () => Uint8Array | undefined;
  /**
   * Embed only the glyphs used. Off for fonts whose subsets come out without some of their
   * glyphs (pdf-lib's fontkit drops kana and kanji from Noto Sans JP): those are embedded whole.
   */
  subset: boolean;
}

/** Distance from the top of a line to its baseline, in points. */
export const BASELINE = 9;

/** Unicode code points of the WinAnsi characters above ASCII (0x80 to 0x9F). */
const WIN_ANSI_EXTRA = [
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
  0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
];
const WIN_ANSI = new Set<number>(WIN_ANSI_EXTRA);

/** True when the PDF standard Courier can draw the code point. */
export function courierCanDraw(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI.has(code);
}

interface Fallback {
  has(code: number): boolean;
  font: PDFFont;
}

interface Run {
  text: string;
  /** Cell where it starts. */
  cell: number;
  cells: number;
  style: number;
  /** -1: Courier; otherwise the fallback font index. */
  font: number;
  wide: boolean;
}

/** Splits a line into runs of one font and one style, placed on the cell grid. */
function runsOf(line: LayoutLine, fontFor: (code: number) => number): Run[] {
  const runs: Run[] = [];
  let cell = 0;
  const text = line.text;
  for (let i = 0; i < text.length; i++) {
    let code = text.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    const style = line.styles?.[i] ?? 0;
    let font = courierCanDraw(code) ? -1 : fontFor(code);
    let ch = text.slice(i, i + units);
    const wide = isWide(code);
    const cells = wide ? 2 : 1;
    if (font === -2) {
      // No font has it: Courier's question mark holds its place.
      font = -1;
      ch = wide ? '??' : '?';
      code = 63;
    }
    const last = runs[runs.length - 1];
    if (last && last.font === font && last.style === style && !wide && !last.wide) {
      last.text += ch;
      last.cells += cells;
    } else runs.push({ text: ch, cell, cells, style, font, wide });
    cell += cells;
    i += units - 1;
  }
  return runs;
}

/** Renders a layout as PDF bytes. Never throws on any text: undrawable characters print as `?`. */
export async function renderPdf(layout: Layout, options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const date = options.date ?? new Date();
  doc.setTitle(options.title ?? 'Screenplay');
  if (options.author) doc.setAuthor(options.author);
  doc.setCreator('fountain-provenance');
  doc.setProducer('fountain-provenance (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const courier = [
    doc.embedStandardFont(StandardFonts.Courier),
    doc.embedStandardFont(StandardFonts.CourierBold),
    doc.embedStandardFont(StandardFonts.CourierOblique),
    doc.embedStandardFont(StandardFonts.CourierBoldOblique),
  ];
  const courierFor = (style: number): PDFFont => courier[(style & BOLD ? 1 : 0) + (style & ITALIC ? 2 : 0)];

  // Fallback fonts, loaded on the first character that needs one.
  const fallbacks: (Fallback | null | undefined)[] = [];
  const loaders = options.fallbackFonts ?? [];
  let registered = false;
  const pending: { index: number; bytes: Uint8Array }[] = [];
  const coverage: ({ has(code: number): boolean } | null | undefined)[] = [];
  const fontFor = (code: number): number => {
    for (let k = 0; k < loaders.length; k++) {
      if (coverage[k] === undefined) {
        let bytes: Uint8Array | undefined;
        try {
          bytes = loaders[k].load();
        } catch {
          bytes = undefined;
        }
        if (!bytes) coverage[k] = null;
        else {
          try {
            const face = fontkit.create(bytes as Buffer);
            coverage[k] = { has: (c: number) => face.hasGlyphForCodePoint(c) };
            pending.push({ index: k, bytes });
          } catch {
            coverage[k] = null;
          }
        }
      }
      if (coverage[k]?.has(code)) return k;
    }
    return -2;
  };

  // First pass: the runs of every line (which loads the fallback fonts that are needed).
  const pageRuns = layout.pages.map((page) => page.lines.map((line) => ({ line, runs: runsOf(line, fontFor) })));
  for (const { index, bytes } of pending) {
    if (!registered) {
      doc.registerFontkit(fontkit);
      registered = true;
    }
    try {
      fallbacks[index] = { has: coverage[index]!.has, font: await doc.embedFont(bytes, { subset: loaders[index].subset }) };
    } catch {
      fallbacks[index] = null;
    }
  }

  const { width, height } = layout.paper;
  const black = rgb(0, 0, 0);
  layout.pages.forEach((_, p) => {
    const page: PDFPage = doc.addPage([width, height]);
    for (const { line, runs } of pageRuns[p]) {
      const baseline = height - (line.y + BASELINE);
      for (const run of runs) {
        const x = line.x + run.cell * CELL;
        const fallback = run.font >= 0 ? fallbacks[run.font] : undefined;
        const font = fallback ? fallback.font : courierFor(run.style);
        const text = run.font >= 0 && !fallback ? '?'.repeat(run.cells) : run.text;
        if (fallback && run.wide) {
          // Centre a wide glyph (1 em) in its two cells.
          const w = font.widthOfTextAtSize(text, FONT_SIZE);
          page.drawText(text, { x: x + (run.cells * CELL - w) / 2, y: baseline, size: FONT_SIZE, font, color: black });
        } else {
          page.drawText(text, { x, y: baseline, size: FONT_SIZE, font, color: black });
        }
        if (run.style & UNDERLINE) {
          page.drawLine({ start: { x, y: baseline - 1.5 }, end: { x: x + run.cells * CELL, y: baseline - 1.5 }, thickness: 0.6, color: black });
        }
      }
    }
  });

  for (const a of options.attachments ?? []) {
    await doc.attach(a.bytes, a.name, { mimeType: a.mimeType, description: a.description, creationDate: date, modificationDate: date });
  }
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY });
}
