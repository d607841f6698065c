/**
 * The packed form of a ledger's runs used in journal checkpoints: three unsigned LEB128
 * numbers per run (length, originId, insertionId), in text order, as base64. A checkpoint of
 * a script with a hundred thousand runs stays a few hundred kilobytes and loads in a few
 * milliseconds, where the same runs as JSON arrays take tens.
 */
import { ProvenanceError } from './errors';

/** Packs parallel run arrays. */
export function packRuns(len: readonly number[], org: readonly number[], ins: readonly number[]): string {
  const out = Buffer.allocUnsafe(len.length * 15 + 16);
  let n = 0;
  const put = (value: number): void => {
    let v = value;
    while (v >= 0x80) {
      out[n++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    out[n++] = v;
  };
  for (let i = 0; i < len.length; i++) {
    put(len[i]);
    put(org[i]);
    put(ins[i]);
  }
  return out.toString('base64', 0, n);
}

/** Unpacked runs: `runs[3i]`, `runs[3i + 1]`, `runs[3i + 2]` are run i's length, originId, insertionId. */
export interface UnpackedRuns {
  runs: Uint32Array;
  count: number;
}

/**
 * Unpacks runs. Throws {@link ProvenanceError} when the text is not base64 of whole
 * triples of shortest-form LEB128 numbers below 2^32.
 */
export function unpackRuns(packed: string, where = 'packedRuns'): UnpackedRuns {
  const bytes = Buffer.from(packed, 'base64');
  // Base64 that skipped a character or is padded wrongly decodes to fewer bytes than its length says.
  if (packed.length !== 4 * Math.ceil(bytes.length / 3)) throw new ProvenanceError('The packed runs are not base64.', where);
  const end = bytes.length;
  const runs = new Uint32Array(end);
  let i = 0;
  let k = 0;
  while (i < end) {
    let b = bytes[i++];
    if (b < 0x80) {
      runs[k++] = b;
      continue;
    }
    let value = b & 0x7f;
    let scale = 128;
    for (let n = 1; ; n++) {
      if (i >= end) throw new ProvenanceError(`The packed runs end inside a number (byte ${i}).`, where);
      if (n === 5) throw new ProvenanceError(`The packed runs hold a number too large (byte ${i}).`, where);
      b = bytes[i++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
    }
    if (b === 0) throw new ProvenanceError(`The packed runs hold a number spelled longer than needed (byte ${i - 1}).`, where);
    if (value > 0xffffffff) throw new ProvenanceError(`The packed runs hold a number too large (byte ${i - 1}).`, where);
    runs[k++] = value;
  }
  if (k % 3 !== 0) throw new ProvenanceError(`The packed runs end inside a run (${k} numbers, not a multiple of three).`, where);
  return { runs, count: k / 3 };
}
