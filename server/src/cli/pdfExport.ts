/**
 * The PDF and FDX exports of a script on disk: analyse it (the same pipeline as `report`),
 * take the disclosure from the report model, lay it out and render it. Shared by the `pdf`
 * and `fdx` commands, `validate` on a PDF and the language server's Export PDF command.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyseScript, type Analysis } from './validateLoad';
import { reportToJson } from '../report/json';
import { prettyJsonBytes } from '../export/jsonBytes';
import type { Report } from '../report/types';
import { PROJECT_FILE_NAME } from '../disclosure/project';
import { aiRanges, layoutScript, titleDisclosure, type Layout, type PaperName } from '../export/index';
import { renderPdf, type FallbackFont, type PdfAttachment } from '../export/pdf';

/** Name of the attachment that records how the PDF was laid out. */
export const EXPORT_SETTINGS_NAME = 'fountain-provenance-export.json';

export interface ExportSettings {
  format: 'fountain-provenance-pdf';
  version: 1;
  paper: PaperName;
  marks: boolean;
  /** The script's file name (the attachment holding it). */
  script: string;
  /** The record's attachment, when the script has one. */
  record?: string;
  /** The project file's attachment, when the script has one. */
  project?: string;
  report: string;
}

export interface PdfExportOptions {
  paper?: PaperName;
  marks?: boolean;
  /** Embed the script, its record and the report (default true). */
  attach?: boolean;
  /** The script's path as the report shows it. */
  displayPath?: string;
  now?: Date;
}

export interface PdfExport {
  bytes: Uint8Array;
  layout: Layout;
  report: Report;
  analysis: Analysis;
}

/** The report model of an analysis: the engine's own (`analyse()`), as `report` prints it. */
export function reportOf(analysis: Analysis): Report {
  return analysis.engine.report;
}

/** The layout of an analysed script with the given settings: title page with its disclosure, body, marks. */
export function exportLayout(analysis: Analysis, report: Report, options: { paper: PaperName; marks: boolean; fileName: string }): Layout {
  return layoutScript(analysis.script, {
    paper: options.paper,
    fileName: options.fileName,
    disclosure: titleDisclosure(report, { marks: options.marks }),
    ...(options.marks ? { marks: aiRanges(report) } : {}),
  });
}

function fontFile(specifier: string): () => Uint8Array | undefined {
  return () => {
    try {
      return readFileSync(require.resolve(specifier));
    } catch {
      return undefined;
    }
  };
}

/**
 * Fonts for what Courier cannot draw, from npm packages: DejaVu Sans Mono (Cyrillic, Greek and
 * much more, monospaced) and Noto Sans JP (Japanese, its kana and kanji of one width).
 */
export const FALLBACK_FONTS: FallbackFont[] = [
  { load: fontFile('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'), subset: true },
  { load: fontFile('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'), subset: false },
];

/** The title written into the PDF's metadata. */
function titleOf(report: Report): string {
  return report.script.title || 'Screenplay';
}

/** Exports a script as a PDF. Throws `InputError` when the script or its record cannot be read. */
export async function exportPdf(scriptPath: string, options: PdfExportOptions = {}): Promise<PdfExport> {
  const paper = options.paper ?? 'letter';
  const marks = options.marks ?? false;
  const fileName = basename(scriptPath);
  const displayPath = options.displayPath ?? fileName;
  const analysis = analyseScript(scriptPath, { displayPath, ...(options.now ? { now: options.now } : {}) });
  const report = reportOf(analysis);
  const layout = exportLayout(analysis, report, { paper, marks, fileName });
  const attachments: PdfAttachment[] = [];
  if (options.attach !== false) {
    const stem = fileName.replace(/\.[^.]*$/, '') || fileName;
    const settings: ExportSettings = { format: 'fountain-provenance-pdf', version: 1, paper, marks, script: fileName, report: `${stem}.report.json` };
    attachments.push({ name: fileName, bytes: Buffer.from(analysis.text, 'utf8'), mimeType: 'text/plain', description: 'The screenplay (Fountain)' });
    if (analysis.journal) {
      settings.record = `${fileName}.provenance`;
      attachments.push({ name: settings.record, bytes: analysis.journal, mimeType: 'application/jsonl', description: 'The provenance record (journal)' });
    }
    if (analysis.projectPath) {
      try {
        const bytes = readFileSync(analysis.projectPath);
        settings.project = PROJECT_FILE_NAME;
        attachments.push({ name: PROJECT_FILE_NAME, bytes, mimeType: 'application/json', description: 'The project file (disclosure policy)' });
      } catch {
        // A project file that cannot be read again is left out; validate then uses the defaults.
      }
    }
    attachments.push({ name: settings.report, bytes: prettyJsonBytes(reportToJson(report), analysis.text.length * 16), mimeType: 'application/json', description: 'The credit disclosure report (JSON)' });
    attachments.push({ name: EXPORT_SETTINGS_NAME, bytes: Buffer.from(JSON.stringify(settings, null, 2) + '\n', 'utf8'), mimeType: 'application/json', description: 'How this PDF was laid out' });
  }
  const bytes = await renderPdf(layout, {
    title: titleOf(report),
    ...(report.writers.length > 0 ? { author: report.writers.map((w) => w.name).join(', ') } : {}),
    ...(options.now ? { date: options.now } : {}),
    attachments,
    fallbackFonts: FALLBACK_FONTS,
  });
  return { bytes, layout, report, analysis };
}
