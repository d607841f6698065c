/**
 * The PDF rendering of a layout, with pdf-lib: Courier 12 pt, the PDF standard font (nothing
 * embedded) for every character it can draw; characters outside its WinAnsi set are drawn
 * with the first fallback font (bytes the caller passes in) that has them, on the same grid.
 * The script, its record and its report can ride along as file attachments.
 */
import { deflateSync, type ZlibOptions } from 'node:zlib';
import type { PDFContext, PDFDict, PDFHexString, PDFRef, PDFString } from 'pdf-lib';
import type { FontEmbedder } from './pdfFonts';

/**
 * pdf-lib's object model and writer (pdfCore.ts), loaded when a PDF is made: every other
 * command, and the language server until its first export, starts without them.
 */
type PdfCore = typeof import('./pdfCore');
const pdfCore = (): Promise<PdfCore> => import('./pdfCore.js');

/** pdf-lib's font embedding (pdfFonts.ts), loaded for the first script Courier cannot draw. */
const pdfFonts = (): Promise<typeof import('./pdfFonts')> => import('./pdfFonts.js');
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

type Fontkit = typeof import('@pdf-lib/fontkit');

/**
 * fontkit, loaded from the installed package on the first script that needs a fallback font.
 * Named through a variable so the bundler leaves it out: it is 1.6 MB of code every command
 * would otherwise parse at start-up, for the few scripts Courier cannot draw.
 */
function fontkitLib(): Fontkit {
  const name = '@pdf-lib/fontkit';
  const mod = require(name) as Fontkit & { default?: Fontkit };
  return mod.default ?? mod;
}

/** The PDF standard Courier faces: regular, bold, oblique, bold oblique. */
const COURIER_FACES = ['Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique'];

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
  font: FontEmbedder;
  ref: PDFRef;
  /** Set once text is encoded with it: only a font in use is embedded. */
  used: boolean;
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
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** True when Courier draws every character of the text, each one cell wide (WinAnsi text). */
function allCourier(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!courierCanDraw(text.charCodeAt(i))) return false;
  return true;
}

function runsOf(line: LayoutLine, fontFor: (code: number) => number): Run[] {
  if (!line.styles && (PRINTABLE_ASCII.test(line.text) || allCourier(line.text))) return [{ text: line.text, cell: 0, cells: line.text.length, style: 0, font: -1, wide: false }];
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
    if (last && last.font === font && last.style === style && wide === last.wide && (!wide || font >= 0)) {
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
  const core = await pdfCore();
  const { PDFContext, PDFHexString, PDFRawStream, PDFString, PDFWriter } = core;
  // The document built from pdf-lib's objects, as its PDFDocument.create() would (a catalog, a
  // page tree, an information dictionary), without the rest of its API.
  const context = PDFContext.create();
  const pageTree = context.nextRef();
  const catalog = context.obj({ Type: 'Catalog', Pages: pageTree });
  context.trailerInfo.Root = context.register(catalog);
  const date = options.date ?? new Date();
  const stamp = PDFString.fromDate(date);
  const info: Record<string, PDFHexString | PDFString> = { Title: PDFHexString.fromText(options.title ?? 'Screenplay') };
  if (options.author) info.Author = PDFHexString.fromText(options.author);
  info.Creator = PDFHexString.fromText('fountain-provenance');
  info.Producer = PDFHexString.fromText('fountain-provenance (pdf-lib)');
  info.CreationDate = stamp;
  info.ModDate = stamp;
  context.trailerInfo.Info = context.register(context.obj(info));
  // The standard Courier faces as plain font dictionaries: every glyph is 600 units wide, so no
  // metrics are needed (pdf-lib's embedStandardFont unpacks its metrics tables, ~100 ms).
  const courier = COURIER_FACES.map((name) => context.register(context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: name, Encoding: 'WinAnsiEncoding' })));
  const courierFor = (style: number): PDFRef => courier[(style & BOLD ? 1 : 0) + (style & ITALIC ? 2 : 0)];

  // Fallback fonts, loaded on the first character that needs one.
  const fallbacks: (Fallback | null | undefined)[] = [];
  const loaders = options.fallbackFonts ?? [];
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
            const face = fontkitLib().create(bytes as Buffer);
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
    try {
      const font = await (await pdfFonts()).fontEmbedder(fontkitLib(), bytes, loaders[index].subset);
      fallbacks[index] = { has: coverage[index]!.has, font, ref: context.nextRef(), used: false };
    } catch {
      fallbacks[index] = null;
    }
  }

  // Page content is written as raw operators and compressed with zlib: pdf-lib's drawText and
  // its JavaScript deflate take seconds on a feature-length script.
  const fontKeys = new Map<PDFRef, string>();
  const fontDict: Record<string, PDFRef> = {};
  const keyOf = (font: PDFRef): string => {
    let key = fontKeys.get(font);
    if (!key) {
      key = `F${fontKeys.size}`;
      fontKeys.set(font, key);
      fontDict[key] = font;
    }
    return key;
  };
  const encode = (fallback: Fallback, text: string): string => {
    fallback.used = true;
    return fallback.font.encodeText(text).toString();
  };
  const { width, height } = layout.paper;
  const resources = context.nextRef();
  const kids: PDFRef[] = [];
  layout.pages.forEach((_, p) => {
    const ops: string[] = ['BT'];
    const rules: string[] = [];
    let current = '';
    for (const { line, runs } of pageRuns[p]) {
      const baseline = height - (line.y + BASELINE);
      for (const run of runs) {
        const x = line.x + run.cell * CELL;
        const fallback = run.font >= 0 ? fallbacks[run.font] : undefined;
        const key = keyOf(fallback ? fallback.ref : courierFor(run.style));
        if (key !== current) {
          ops.push(`/${key} ${FONT_SIZE} Tf`);
          current = key;
        }
        if (fallback) {
          if (run.wide) {
            // Wide glyphs (1 em) centred in two cells: character spacing makes up the rest, so
            // a reader sees one run of text with no gaps in it.
            const glyph = fallback.font.widthOfTextAtSize(run.text.slice(0, run.text.codePointAt(0)! > 0xffff ? 2 : 1), FONT_SIZE);
            const spacing = 2 * CELL - glyph;
            ops.push(`${num(spacing)} Tc 1 0 0 1 ${num(x + spacing / 2)} ${num(baseline)} Tm ${encode(fallback, run.text)} Tj 0 Tc`);
          } else ops.push(`1 0 0 1 ${num(x)} ${num(baseline)} Tm ${encode(fallback, run.text)} Tj`);
        } else {
          const text = run.font >= 0 ? '?'.repeat(run.cells) : run.text;
          ops.push(`1 0 0 1 ${num(x)} ${num(baseline)} Tm (${winAnsiLiteral(text)}) Tj`);
        }
        if (run.style & UNDERLINE) rules.push(`${num(x)} ${num(baseline - 1.5)} m ${num(x + run.cells * CELL)} ${num(baseline - 1.5)} l S`);
      }
    }
    ops.push('ET');
    if (rules.length > 0) ops.push('0.6 w', ...rules);
    const bytes = deflate(Buffer.from(ops.join('\n'), 'latin1'));
    const contents = context.register(PDFRawStream.of(context.obj({ Filter: 'FlateDecode', Length: bytes.length }), bytes));
    kids.push(context.register(context.obj({ Type: 'Page', Parent: pageTree, Resources: resources, MediaBox: [0, 0, width, height], Contents: contents })));
  });
  context.assign(resources, context.obj({ Font: context.obj(fontDict), ProcSet: context.obj(['PDF', 'Text']) }));
  context.assign(pageTree, context.obj({ Type: 'Pages', Kids: kids, Count: kids.length }));
  for (const fallback of fallbacks) if (fallback?.used) await fallback.font.embedIntoContext(context, fallback.ref);

  attachFiles(core, context, catalog, options.attachments ?? [], stamp);
  return PDFWriter.forContext(context, Number.POSITIVE_INFINITY).serializeToBuffer();
}

/**
 * zlib at its fastest level, its window and tables no larger than the data needs, its output
 * in small pieces for a page: zlib's default state (a 32 KB window, 256 KB of tables) and its
 * 16 KB output buffer are fresh memory on every call, which costs more than compressing a
 * page's few kilobytes (issue 15: 3,000 page faults for big-fish's 123 pages, now 300).
 */
function deflate(bytes: Uint8Array): Buffer {
  let windowBits = 9;
  while (windowBits < 15 && 1 << windowBits < bytes.length) windowBits++;
  const options: ZlibOptions = { level: 1, windowBits, memLevel: Math.max(1, windowBits - 7) };
  // Buffers under 4 KB come from Node's shared pool; a page's compressed text is mostly less.
  if (bytes.length <= 64 * 1024) options.chunkSize = 2048;
  return deflateSync(bytes, options);
}

/** A number as PDF writes it: at most three decimals. */
function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** WinAnsi codes 0x80 to 0x9F, by the Unicode code point they stand for. */
const WIN_ANSI_CODE = new Map<number, number>(WIN_ANSI_EXTRA.map((code, i) => [code, [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f][i]]));

/** Text Courier can draw as the inside of a PDF literal string in WinAnsi (one byte a character, as latin1). */
function winAnsiLiteral(text: string): string {
  const escaped = text.replace(/[()\\]/g, '\\$&');
  return PRINTABLE_ASCII.test(text) ? escaped : escaped.replace(/[^\x00-\x7f\xa0-\xff]/g, winAnsiChar);
}

/** The WinAnsi byte (as a latin1 character) of a character above ASCII outside Latin-1; `?` when it has none. */
function winAnsiChar(ch: string): string {
  return String.fromCharCode(WIN_ANSI_CODE.get(ch.charCodeAt(0)) ?? 0x3f);
}

/** Embeds files as PDF file attachments (the catalog's EmbeddedFiles name tree), compressed with zlib. */
function attachFiles(core: PdfCore, context: PDFContext, catalog: PDFDict, files: readonly PdfAttachment[], stamp: PDFString): void {
  if (files.length === 0) return;
  const { PDFHexString, PDFName, PDFRawStream } = core;
  const entries = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names: (ReturnType<typeof PDFHexString.fromText> | PDFRef)[] = [];
  const refs: PDFRef[] = [];
  for (const f of entries) {
    // Fast compression: the report and the record are megabytes of JSON on a feature.
    const bytes = deflate(f.bytes);
    const stream = PDFRawStream.of(
      context.obj({ Type: 'EmbeddedFile', Subtype: f.mimeType, Filter: 'FlateDecode', Length: bytes.length, Params: { Size: f.bytes.length, CreationDate: stamp, ModDate: stamp } }),
      bytes,
    );
    const spec = context.register(
      context.obj({ Type: 'Filespec', F: PDFHexString.fromText(f.name), UF: PDFHexString.fromText(f.name), EF: { F: context.register(stream) }, Desc: PDFHexString.fromText(f.description), AFRelationship: 'Source' }),
    );
    names.push(PDFHexString.fromText(f.name), spec);
    refs.push(spec);
  }
  const tree = context.register(context.obj({ Names: context.obj(names) }));
  catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: tree }));
  catalog.set(PDFName.of('AF'), context.obj(refs));
}
