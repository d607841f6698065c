/**
 * Reads JSON and remembers where every value sits, so a problem in the project file (or a
 * key roster) can name its line, column and JSON pointer. The parsing is jsonc-parser's
 * (the JSON parser VS Code itself uses), held to strict JSON: no comments, no trailing commas.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** Where a value (and its key, for object members) sits in the text. */
export interface JsonSpan {
  start: number;
  end: number;
  keyStart?: number;
}

export type JsonRead =
  | { ok: true; value: unknown; spans: Map<string, JsonSpan> }
  | { ok: false; message: string; offset: number; line: number; column: number };

/** Zero-based line and column (UTF-16) of an offset. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** jsonc-parser's error codes in plain words. */
const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'expected a value',
  InvalidNumberFormat: 'a number is not written as JSON writes numbers',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after a property name",
  CommaExpected: "expected ',' between items",
  CloseBraceExpected: "expected ',' or '}' after a property value",
  CloseBracketExpected: "expected ',' or ']' after an array item",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'a control character inside a string',
};

function messageOf(text: string, error: ParseError): string {
  const words = MESSAGES[printParseErrorCode(error.error)] ?? printParseErrorCode(error.error);
  const at = error.offset;
  const found = at >= text.length ? 'the end of the file' : `'${text[at]}'`;
  return `${words}, found ${found}`;
}

/**
 * The value of `node`, as JSON.parse gives it (plain objects; a "__proto__" key is an own
 * property), recording the span of it and of everything inside it under `pointer`.
 */
function valueOf(node: Node, pointer: string, spans: Map<string, JsonSpan>, keyStart?: number): unknown {
  spans.set(pointer, { start: node.offset, end: node.offset + node.length, ...(keyStart !== undefined ? { keyStart } : {}) });
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const member of node.children ?? []) {
      const [key, value] = member.children ?? [];
      if (!key || !value) continue;
      const name = String(key.value);
      const v = valueOf(value, `${pointer}/${escapePointer(name)}`, spans, key.offset);
      Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.type === 'array') return (node.children ?? []).map((item, i) => valueOf(item, `${pointer}/${i}`, spans));
  return node.value;
}

/** Reads JSON text; never throws. Pointers are RFC 6901 (`/consents/0/id`). */
export function readJson(text: string): JsonRead {
  // A byte order mark is read as a space, so offsets stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (err) {
    const message = err instanceof RangeError ? 'the JSON is nested too deeply to read' : String(err);
    return { ok: false, message, offset: 0, line: 0, column: 0 };
  }
  if (errors.length > 0 || !root) {
    const first = errors[0] ?? { error: 1, offset: source.length, length: 0 };
    return { ok: false, message: messageOf(source, first), offset: first.offset, ...lineColumnOf(text, first.offset) };
  }
  const spans = new Map<string, JsonSpan>();
  const value = valueOf(root, '', spans);
  return { ok: true, value, spans };
}
