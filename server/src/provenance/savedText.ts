/**
 * Text as a file holds it. An editor's text may hold a lone UTF-16 surrogate for a moment (an
 * edit that splits a surrogate pair); UTF-8 cannot, so saving writes U+FFFD in its place, and
 * journal hashes (SHA-256 of the UTF-8 bytes) already see the two as equal. Comparisons of a
 * record's text with a file's text go through here so they agree with the hashes.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every lone surrogate replaced by U+FFFD, as UTF-8 encoding writes it. */
export function savedText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** True when `a` and `b` are saved as the same bytes (equal, or equal once lone surrogates are U+FFFD). */
export function sameSavedText(a: string, b: string): boolean {
  return a === b || (a.length === b.length && savedText(a) === savedText(b));
}
