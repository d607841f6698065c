/**
 * `JSON.stringify(value, null, 2) + '\n'` as UTF-8 bytes, written piece by piece into one
 * buffer: the report of a feature-length script is over a megabyte of JSON, and as one string
 * (two bytes a character when a title has a curly quote) and then its bytes it costs three
 * times that in memory touched for the first time (issue 15). The bytes are the same as the
 * string's: objects and arrays down to `SPLIT_DEPTH` are written here, everything below them
 * by `JSON.stringify` itself, re-indented.
 */

/** Objects and arrays this deep (the value itself is 0) are split; deeper ones are stringified whole. */
const SPLIT_DEPTH = 2;

/** Text gathered before it is encoded: one encoding call per few kilobytes, not per piece. */
const BATCH = 8192;

/** Writes UTF-8 into a buffer that doubles when full; only the bytes written are touched. */
class ByteSink {
  private buf: Buffer;
  private length = 0;
  private pending = '';

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= BATCH) this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    // A UTF-16 unit is at most three bytes of UTF-8.
    if (this.length + text.length * 3 > this.buf.length) {
      const need = this.length + Buffer.byteLength(text, 'utf8');
      if (need > this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
        this.buf.copy(grown, 0, 0, this.length);
        this.buf = grown;
      }
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  bytes(): Buffer {
    this.flush();
    return this.buf.subarray(0, this.length);
  }
}

/** A plain array or object this writer may open itself (no toJSON of its own to call first). */
function splittable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** `JSON.stringify(value, null, 2)` indented by `indent` after its first line; undefined for what JSON leaves out. */
function leaf(value: unknown, indent: string): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  const k = indent.length / 2;
  if (k === 0 || (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function')) {
    const text = JSON.stringify(value, null, 2) as string | undefined;
    return text === undefined || k === 0 ? text : text.replace(/\n/g, `\n${indent}`);
  }
  // Inside k arrays JSON.stringify indents the value itself: "[\n  [\n    value\n  ]\n]" for
  // k = 2. The value is cut out of that (a slice, not a copy) instead of re-indented.
  let wrapped: unknown = value;
  for (let j = 0; j < k; j++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(k * k + 3 * k, text.length - (k * k + k));
}

/** Writes `value` unless JSON leaves it out (then returns false and writes nothing). */
function writeValue(sink: ByteSink, value: unknown, indent: string, depth: number, before: string): boolean {
  if (depth >= SPLIT_DEPTH || !splittable(value)) {
    const text = leaf(value, indent);
    if (text === undefined) return false;
    sink.write(before + text);
    return true;
  }
  sink.write(before);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const lead = i === 0 ? `[\n${inner}` : `,\n${inner}`;
      // What JSON leaves out of an object is null in an array.
      if (!writeValue(sink, value[i], inner, depth + 1, lead)) sink.write(`${lead}null`);
    }
    sink.write(value.length === 0 ? '[]' : `\n${indent}]`);
    return true;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    if (writeValue(sink, (value as Record<string, unknown>)[key], inner, depth + 1, `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `)) first = false;
  }
  sink.write(first ? '{}' : `\n${indent}}`);
  return true;
}

/**
 * The bytes of `JSON.stringify(value, null, 2) + '\n'` in UTF-8, for a value that JSON can
 * write (no cycles, no BigInt: those throw as they do in JSON.stringify).
 */
export function prettyJsonBytes(value: unknown, expectedSize = 64 * 1024): Buffer {
  const sink = new ByteSink(Math.max(1024, expectedSize));
  if (!writeValue(sink, value, '', 0, '')) throw new TypeError('the value has no JSON form (undefined, a function or a symbol)');
  sink.write('\n');
  return sink.bytes();
}
