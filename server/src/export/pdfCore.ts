/**
 * The parts of pdf-lib a PDF export uses: its object model (a context of indirect objects) and
 * its writer. The export loads this module when it makes a PDF, and the build takes pdf-lib's
 * ES modules with their unused code left out (scripts/build.mjs), so a PDF of Courier text
 * parses about a fifth of pdf-lib (issue 15); the fonts for what Courier cannot draw come from
 * pdfFonts.ts, loaded only for the scripts that need them.
 */
export { PDFContext, PDFHexString, PDFName, PDFRawStream, PDFString, PDFWriter } from 'pdf-lib';
