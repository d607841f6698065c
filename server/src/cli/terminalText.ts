/**
 * Text printed to a terminal: control characters from file names, title pages, headings and
 * journals are shown escaped (`\x1B`, `\u202E`), never sent raw, so a hostile name cannot
 * move the cursor, clear the screen, retitle the window or repaint a verdict.
 */

/** C0 and C1 controls and DEL, tab and line feed excepted. */
const CONTROLS_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** Every control character, line breaks and tabs included, and bidirectional overrides. */
const CONTROLS_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One field on one line (a file name, a title, a heading, a writer's name, a message): every
 * control character escaped, line breaks included, so it cannot start a line of its own.
 */
export function field(text: unknown): string {
  return String(text ?? '').replace(CONTROLS_ALL, escapeOne);
}

/** A whole text output: control characters escaped, line feeds and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS_KEEP_LINES, escapeOne);
}
