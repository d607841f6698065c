/**
 * `fountain-provenance validate <file.pdf>`: a PDF exported by `pdf` proves itself. Its attached
 * record is verified against its attached script, the attached report must agree with them,
 * and the text on its pages must be the rendering of that script (page text read back with
 * pdf.js, compared row by row with the layout's own lines; the first difference is named).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, analyseScript } from './validateLoad';
import { EXPORT_SETTINGS_NAME, exportLayout, reportOf, type ExportSettings } from './pdfExport';
import { firstDifference, pageRows, rowsOfPieces, PAPER_NAMES, type PlacedText } from '../export/index';
import { BASELINE } from '../export/pdf';
import { signerKeys, STATUS_LABEL } from '../report/format';
import type { CliIO } from './command';

export type PdfVerdict = 'verified' | 'verified-with-gaps' | 'unsigned' | 'mismatch' | 'edited' | 'no-record' | 'unreadable';

export interface PdfProblem {
  /** Where: `page 3, line 12`, `attachment big-fish.report.json`, `record`. */
  place: string;
  message: string;
}

export interface PdfValidation {
  file: string;
  verdict: PdfVerdict;
  pass: boolean;
  /** The attached record's status. */
  record?: string;
  signedBy?: string[];
  /** Each valid signer with the key id (`Mara Okafor [key 0123456789abcdef]`); the keys are not checked against a roster here. */
  signers?: string[];
  pages?: number;
  problems: PdfProblem[];
}

/** pdf.js is an ES module: load it at run time from the installed package (never bundled). */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

interface PdfJsText {
  items: Array<{ str?: string; transform?: number[]; width?: number }>;
}
interface PdfJsPage {
  view: number[];
  getTextContent(options: { disableNormalization: boolean }): Promise<PdfJsText>;
}
interface PdfJsDocument {
  numPages: number;
  getPage(n: number): Promise<PdfJsPage>;
  getAttachments(): Promise<Record<string, { filename: string; content: Uint8Array }> | null>;
  destroy(): Promise<void>;
}
interface PdfJs {
  GlobalWorkerOptions: { workerSrc: string };
  getDocument(options: Record<string, unknown>): { promise: Promise<PdfJsDocument> };
}

let pdfjsLoaded: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoaded ??= (async () => {
    // Resolved from variables, so the bundler leaves pdf.js where npm installed it.
    const build = 'pdfjs-dist/legacy/build/';
    const lib = (await importModule(pathToFileURL(require.resolve(`${build}pdf.mjs`)).href)) as PdfJs;
    lib.GlobalWorkerOptions.workerSrc = pathToFileURL(require.resolve(`${build}pdf.worker.mjs`)).href;
    return lib;
  })();
  return pdfjsLoaded;
}

/** Opens PDF bytes with pdf.js. */
export async function openPdf(bytes: Uint8Array): Promise<PdfJsDocument> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
}

/** The text rows of every page of a PDF, as pdf.js reads them. */
export async function pdfPageRows(doc: PdfJsDocument): Promise<string[][]> {
  const pages: string[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.view[3] - page.view[1];
    const content = await page.getTextContent({ disableNormalization: true });
    const pieces: PlacedText[] = [];
    for (const item of content.items) {
      if (!item.str || !item.transform) continue;
      pieces.push({ text: item.str, x: item.transform[4], y: height - item.transform[5] - BASELINE, ...(item.width !== undefined ? { width: item.width } : {}) });
    }
    pages.push(rowsOfPieces(pieces));
  }
  return pages;
}

/** The attachments of a PDF by file name. */
export async function pdfAttachments(doc: PdfJsDocument): Promise<Map<string, Uint8Array>> {
  const found = await doc.getAttachments();
  const out = new Map<string, Uint8Array>();
  for (const a of Object.values(found ?? {})) out.set(a.filename, a.content);
  return out;
}

function quote(s: string | undefined): string {
  if (s === undefined) return 'nothing';
  return JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}...` : s);
}

function safeName(name: string): string {
  return basename(name).replace(/[^\w.\-]+/g, '_') || 'script.fountain';
}

/** Validates one exported PDF. Never throws: what cannot be read is `unreadable`. */
export async function validatePdfFile(path: string, file: string = path): Promise<PdfValidation> {
  const problems: PdfProblem[] = [];
  const fail = (verdict: PdfVerdict, place: string, message: string): PdfValidation => ({ file, verdict, pass: false, problems: [...problems, { place, message }] });
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return fail('unreadable', 'file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let doc: PdfJsDocument;
  try {
    doc = await openPdf(bytes);
  } catch (err) {
    return fail('unreadable', 'file', `not a readable PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fountain-provenance-pdf-'));
  try {
    const attachments = await pdfAttachments(doc);
    const settingsBytes = attachments.get(EXPORT_SETTINGS_NAME);
    if (!settingsBytes) {
      return fail('no-record', 'attachments', `no ${EXPORT_SETTINGS_NAME} attachment: the PDF was exported with --no-attach or not by fountain-provenance`);
    }
    let settings: ExportSettings;
    try {
      settings = JSON.parse(Buffer.from(settingsBytes).toString('utf8')) as ExportSettings;
      if (settings.format !== 'fountain-provenance-pdf' || !PAPER_NAMES.includes(settings.paper) || typeof settings.script !== 'string') throw new Error('unknown shape');
    } catch (err) {
      return fail('edited', `attachment ${EXPORT_SETTINGS_NAME}`, `not valid export settings (${err instanceof Error ? err.message : String(err)})`);
    }
    const scriptBytes = attachments.get(settings.script);
    if (!scriptBytes) return fail('edited', `attachment ${settings.script}`, 'the script named by the export settings is not attached');
    const scriptPath = join(dir, safeName(settings.script));
    writeFileSync(scriptPath, scriptBytes);
    if (settings.record) {
      const record = attachments.get(settings.record);
      if (!record) return fail('edited', `attachment ${settings.record}`, 'the provenance record named by the export settings is not attached');
      writeFileSync(`${scriptPath}.provenance`, record);
    }
    if (settings.project) {
      const project = attachments.get(settings.project);
      if (project) writeFileSync(join(dir, '.fountain-provenance.json'), project);
    }
    let analysis;
    try {
      analysis = analyseScript(scriptPath, { displayPath: settings.script });
    } catch (err) {
      if (err instanceof InputError) return fail('unreadable', `attachment ${settings.script}`, err.message);
      throw err;
    }
    const report = reportOf(analysis);
    const status = report.verification.status;
    const result: PdfValidation = { file, verdict: status === 'no-record' ? 'no-record' : status, pass: false, record: status, signedBy: report.verification.signedBy, signers: signerKeys(report.verification), pages: doc.numPages, problems };

    if (status === 'mismatch' || status === 'unsigned') {
      const d = report.verification.firstDivergence;
      const first = report.verification.problems[0];
      problems.push({
        place: `attachment ${settings.record ?? 'record'}${d ? `, event ${d.event}` : first?.event !== undefined ? `, event ${first.event}` : ''}`,
        message: `the record is ${STATUS_LABEL[status] ?? status}: ${d?.message ?? first?.message ?? 'it does not hold'}`,
      });
    }
    if (status === 'no-record') problems.push({ place: 'attachments', message: 'no provenance record is attached: the script is of unknown origin' });

    const reportBytes = attachments.get(settings.report);
    if (!reportBytes) problems.push({ place: `attachment ${settings.report}`, message: 'the report is not attached' });
    else {
      try {
        const attached = JSON.parse(Buffer.from(reportBytes).toString('utf8')) as { script?: { sha256?: string }; statement?: string; verification?: { status?: string } };
        const checks: [string, unknown, unknown][] = [
          ['script.sha256', attached.script?.sha256, report.script.sha256],
          ['statement', attached.statement, report.statement],
          ['verification.status', attached.verification?.status, report.verification.status],
        ];
        for (const [field, a, b] of checks) {
          if (a !== b) problems.push({ place: `attachment ${settings.report}`, message: `${field} is ${quote(String(a))}, but the attached script and record give ${quote(String(b))}` });
        }
      } catch {
        problems.push({ place: `attachment ${settings.report}`, message: 'not valid JSON' });
      }
    }

    const layout = exportLayout(analysis, report, { paper: settings.paper, marks: settings.marks === true, fileName: settings.script });
    const expected = layout.pages.map(pageRows);
    const found = await pdfPageRows(doc);
    const diff = firstDifference(expected, found);
    if (diff) {
      problems.push({
        place: `page ${diff.page}, line ${diff.line}`,
        message:
          diff.found === undefined
            ? `the rendering of the attached script has ${quote(diff.expected)} here, the PDF has nothing`
            : `the PDF has ${quote(diff.found)} where the rendering of the attached script has ${quote(diff.expected)}`,
      });
    }
    const edited = diff !== undefined || problems.some((p) => p.place.startsWith('attachment ') && !p.place.includes('.provenance'));
    if (edited && result.verdict !== 'mismatch') result.verdict = 'edited';
    const errors = analysis.findings.filter((f) => f.severity === 'error').length;
    result.pass = (result.verdict === 'verified' || result.verdict === 'verified-with-gaps') && errors === 0;
    if (errors > 0) problems.push({ place: 'rules', message: `${errors} error-level finding${errors === 1 ? '' : 's'} (run fountain-provenance report on the attached script for details)` });
    return result;
  } catch (err) {
    return fail('unreadable', 'file', `cannot check ${file}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await doc.destroy().catch(() => undefined);
  }
}

/** The text verdict of one PDF. */
export function pdfVerdictText(r: PdfValidation): string {
  const mark = r.pass ? 'PASS' : r.verdict === 'unreadable' ? 'ERROR' : 'FAIL';
  const details = [r.pages !== undefined ? `${r.pages} pages` : '', r.record ? `record ${STATUS_LABEL[r.record] ?? r.record}` : '', r.signers?.length ? `signed by ${r.signers.join(', ')}; keys not checked against a roster` : r.signedBy?.length ? `signed by ${r.signedBy.join(', ')}` : '']
    .filter((d) => d !== '')
    .join(', ');
  const out = [`${mark.padEnd(5)} ${r.verdict.padEnd(18)} ${r.file}${details ? `  (${details})` : ''}`];
  for (const p of r.problems) out.push(`      ${p.place}: ${p.message}`);
  return out.join('\n');
}

/** The PDF branch of `validate`: every path a PDF. Exit code 0 all pass, 1 any fails, 2 unreadable. */
export async function validatePdfs(paths: string[], format: string, io: CliIO): Promise<number> {
  const results: PdfValidation[] = [];
  for (const p of paths) results.push(await validatePdfFile(resolve(io.cwd, p), p));
  if (format === 'json') io.stdout(JSON.stringify({ pdfs: results }, null, 2) + '\n');
  else {
    io.stdout(results.map(pdfVerdictText).join('\n') + '\n');
    const failed = results.filter((r) => !r.pass).length;
    io.stdout(`\n${results.length} PDF${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed.\n`);
  }
  if (results.some((r) => r.verdict === 'unreadable')) return 2;
  return results.every((r) => r.pass) ? 0 : 1;
}
