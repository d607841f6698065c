/**
 * The one canonical JSON: object keys sorted at every level, no spaces, `undefined` fields
 * left out. Checkpoints and seals are signed over it (so its bytes must never change: every
 * journal ever written is verified with it), and origins are interned by it (origin.ts).
 */

/** JSON with object keys sorted at every level and no spaces: the form that is signed. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // Arrays of numbers (ledger runs) are already canonical; holes print as null there.
    let numbers = true;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number' && (v !== undefined || i in value)) {
        numbers = false;
        break;
      }
    }
    if (numbers) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      // A hole prints as nothing, an undefined element as null.
      if (v === undefined) out += i in value ? 'null' : '';
      else out += canonicalJson(v);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}
