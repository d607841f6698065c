/**
 * Anchoring checkpoints in trusted time: checks a verified journal's `timestamp` events
 * offline against the certificate of the authority the validator trusts (`--tsa-cert`).
 * Each token's imprint must be the SHA-256 of its checkpoint's line, and its signature must
 * chain to the certificate. Never throws.
 */
import { splitJournal } from './journal';
import { certificatesFromPem, readToken, verifyToken } from './timestamp';
import type { Anchor, TimestampRecord } from './verifyTypes';

/** Reads a PEM file's certificates for {@link anchorTimestamps}; throws with a message when it holds none. */
export { certificatesFromPem } from './timestamp';

type Certificates = ReturnType<typeof certificatesFromPem>;

/**
 * The anchors of a journal's time stamps: with `certificates`, each token is verified;
 * without, each is listed as not checked (its time is the authority's claim, unverified).
 */
export async function anchorTimestamps(journal: string | Uint8Array, timestamps: readonly TimestampRecord[], certificates?: Certificates): Promise<Anchor[]> {
  if (timestamps.length === 0) return [];
  let lines: Map<number, Uint8Array> | undefined;
  const lineBytes = (n: number): Uint8Array | undefined => {
    if (!lines) {
      lines = new Map();
      const wanted = new Set(timestamps.map((t) => t.line).filter((l): l is number => typeof l === 'number'));
      for (const l of splitJournal(typeof journal === 'string' ? journal : Buffer.from(journal.buffer, journal.byteOffset, journal.byteLength)).lines) {
        if (wanted.has(l.line)) lines.set(l.line, l.bytes);
      }
    }
    return lines.get(n);
  };
  const out: Anchor[] = [];
  for (const t of timestamps) {
    const base = { checkpoint: t.checkpoint, event: t.event, ...(t.authority ? { authority: t.authority } : {}) };
    const stamped = t.line !== undefined ? lineBytes(t.line) : undefined;
    if (!stamped) {
      out.push({ ...base, status: 'invalid', message: `time stamp ${t.event} names event ${t.checkpoint}, which is not a checkpoint or seal of this journal` });
      continue;
    }
    if (!certificates) {
      const read = readToken(t.token);
      out.push({
        ...base,
        status: 'not-checked',
        ...(read.genTime ? { genTime: read.genTime } : {}),
        message: `checkpoint ${t.checkpoint} carries a time stamp${read.genTime ? ` (${read.genTime})` : ''} that was not checked: give the authority's certificate with --tsa-cert`,
      });
      continue;
    }
    try {
      const check = await verifyToken(t.token, stamped, certificates);
      out.push({
        ...base,
        status: check.valid ? 'anchored' : 'invalid',
        ...(check.genTime ? { genTime: check.genTime } : {}),
        message: check.valid
          ? `checkpoint ${t.checkpoint} is anchored: it existed by ${check.genTime}${t.authority ? ` (${t.authority})` : ''}`
          : `the time stamp of checkpoint ${t.checkpoint} (event ${t.event}) does not verify: ${check.error}`,
      });
    } catch (err) {
      out.push({ ...base, status: 'invalid', message: `the time stamp of checkpoint ${t.checkpoint} could not be checked: ${(err as Error).message}` });
    }
  }
  return out;
}

/** Checkpoint seq -> anchored time, for judging roster dates. */
export function anchoredTimes(anchors: readonly Anchor[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const a of anchors) if (a.status === 'anchored' && a.genTime) out.set(a.checkpoint, a.genTime);
  return out;
}
