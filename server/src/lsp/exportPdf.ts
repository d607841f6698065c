/**
 * `fountainProvenance.renderPdf`: the script on disk as the PDF `fountain-provenance pdf`
 * writes, for the client's Export PDF command (which saves the script first and writes the file).
 */
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { RenderPdfArgs, RenderPdfResult } from '../shared/protocol';
import { exportPdf } from '../cli/pdfExport';

/**
 * `writeRecord` writes the open script's pending record (typing run, labels) to disk first, so the
 * PDF's disclosure and attached record match what the editor shows.
 */
export async function renderPdf(args: RenderPdfArgs, writeRecord?: (uri: string) => void): Promise<RenderPdfResult> {
  let path: string;
  try {
    path = fileURLToPath(String(args?.uri));
  } catch {
    throw new ResponseError(ErrorCodes.InvalidParams, `renderPdf needs the uri of a saved script (file:), not ${String(args?.uri)}`);
  }
  const paper = args.paper === 'a4' ? 'a4' : 'letter';
  try {
    writeRecord?.(String(args.uri));
    const result = await exportPdf(path, { paper, marks: args.marks === true, attach: args.attach !== false });
    const marked = result.layout.pages.reduce((n, p) => n + p.lines.filter((l) => l.type === 'mark').length, 0);
    return { pdf: Buffer.from(result.bytes).toString('base64'), pages: result.layout.pages.length, marked };
  } catch (err) {
    throw new ResponseError(ErrorCodes.InternalError, `cannot export ${path} as a PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
}
