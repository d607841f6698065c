/**
 * A small JSON reader that remembers where every value sits, so a problem in the project
 * file can name its line and column. JSON.parse only says "at position N" on some inputs.
 */

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

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Reads JSON text; never throws. Pointers are RFC 6901 (`/consents/0/id`). */
export function readJson(text: string): JsonRead {
  const spans = new Map<string, JsonSpan>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const describe = (at: number): string => (at >= text.length ? 'the end of the file' : `'${text[at]}'`);
  const skipSpace = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };

  const readString = (): string => {
    const start = i;
    i++;
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail('invalid escape in a string', i);
        }
        continue;
      }
      if (c === '\n' || c === '\r') fail('a string runs past the end of its line', start);
      out += c;
      i++;
    }
    return fail('a string is not closed', start);
  };

  const readValue = (pointer: string, keyStart?: number): unknown => {
    skipSpace();
    const start = i;
    let value: unknown;
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          skipSpace();
          if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
          const ks = i;
          const key = readString();
          skipSpace();
          if (text[i] !== ':') fail(`expected ':' after the property name "${key}", found ${describe(i)}`);
          i++;
          obj[key] = readValue(`${pointer}/${escapePointer(key)}`, ks);
          skipSpace();
          if (text[i] === ',') {
            i++;
            skipSpace();
            if (text[i] === '}') fail('a trailing comma before }');
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail(`expected ',' or '}' after a property value, found ${describe(i)}`);
        }
      }
      value = obj;
    } else if (c === '[') {
      i++;
      const arr: unknown[] = [];
      skipSpace();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          arr.push(readValue(`${pointer}/${arr.length}`));
          skipSpace();
          if (text[i] === ',') {
            i++;
            skipSpace();
            if (text[i] === ']') fail('a trailing comma before ]');
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail(`expected ',' or ']' after an array item, found ${describe(i)}`);
        }
      }
      value = arr;
    } else if (c === '"') {
      value = readString();
    } else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (m) {
        value = Number(m[0]);
        i += m[0].length;
      } else if (text.startsWith('true', i)) {
        value = true;
        i += 4;
      } else if (text.startsWith('false', i)) {
        value = false;
        i += 5;
      } else if (text.startsWith('null', i)) {
        value = null;
        i += 4;
      } else {
        fail(`expected a value, found ${describe(i)}`);
      }
    }
    spans.set(pointer, { start, end: i, keyStart });
    return value;
  };

  try {
    const value = readValue('');
    skipSpace();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return { ok: true, value, spans };
  } catch (e) {
    const offset = e instanceof JsonSyntaxError ? e.offset : i;
    const message = e instanceof JsonSyntaxError ? e.message : String(e);
    return { ok: false, message, offset, ...lineColumnOf(text, offset) };
  }
}
