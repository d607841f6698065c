/**
 * pdf-lib's embedding of a TrueType or OpenType font (whole, or the glyphs used), for the
 * characters the PDF standard Courier cannot draw. Loaded only when a script has such
 * characters (see pdfCore.ts).
 */
import { CustomFontEmbedder, CustomFontSubsetEmbedder } from 'pdf-lib';

type Fontkit = Parameters<typeof CustomFontEmbedder.for>[0];

/** A font ready to encode text; `embedIntoContext` writes it (with the glyphs encoded so far). */
export type FontEmbedder = CustomFontEmbedder | CustomFontSubsetEmbedder;

export function fontEmbedder(fontkit: Fontkit, bytes: Uint8Array, subset: boolean): Promise<FontEmbedder> {
  return subset ? CustomFontSubsetEmbedder.for(fontkit, bytes) : CustomFontEmbedder.for(fontkit, bytes);
}
