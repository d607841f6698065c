/**
 * Trusted time (RFC 3161). A time-stamp authority the user names
 * (`fountainProvenance.timestampAuthority`) stamps the SHA-256 of each signed checkpoint's
 * line; the token is journaled in a `timestamp` event (docs/journal.md). `validate --tsa-cert`
 * verifies tokens offline: the imprint must be the stamped line's hash and the token's
 * signature must chain to the given certificate. ASN.1 and CMS through pkijs/asn1js.
 * The request is the only network call the product makes, and only to the user's URL.
 */
import { webcrypto } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { sha256Hex } from './journal';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const TST_INFO_OID = '1.2.840.113549.1.9.16.1.4';

// pkijs and asn1js (about 1 MB of code) are loaded on first use, by engine(): most records hold
// no token, and the command line's commands start without them.
let asn1js: typeof Asn1js;
let pkijs: typeof Pkijs;

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  asn1js = require('asn1js') as typeof Asn1js;
  pkijs = require('pkijs') as typeof Pkijs;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Pkijs.CryptoEngineParameters['crypto'] }));
  engineSet = true;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The DER of an RFC 3161 TimeStampReq for a SHA-256 hash (hex), asking for the TSA's certificate. */
export function timestampRequest(hashHex: string): Uint8Array {
  engine();
  const nonce = webcrypto.getRandomValues(new Uint8Array(8));
  nonce[0] &= 0x7f; // a positive INTEGER
  if (nonce[0] === 0) nonce[0] = 1;
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(Buffer.from(hashHex, 'hex')) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** The token (DER of the TimeStampToken) from a TimeStampResp, or why there is none. */
export function tokenFromResponse(der: Uint8Array): { token?: Uint8Array; error?: string } {
  try {
    engine();
    const asn = asn1js.fromBER(toArrayBuffer(der));
    if (asn.offset === -1) return { error: 'the answer is not DER' };
    const resp = new pkijs.TimeStampResp({ schema: asn.result });
    const status = resp.status.status;
    if (status !== 0 && status !== 1) return { error: `the authority refused (status ${status})` };
    if (!resp.timeStampToken) return { error: 'the answer holds no token' };
    return { token: new Uint8Array(resp.timeStampToken.toSchema().toBER(false)) };
  } catch (err) {
    return { error: `the answer is not a time-stamp response: ${(err as Error).message}` };
  }
}

/** What checking one token gives. */
export interface TokenCheck {
  /** True when the imprint matches and the signature chains to a trusted certificate. */
  valid: boolean;
  /** The authority's time (ISO 8601), when the token could be read. */
  genTime?: string;
  /** The hash the token stamps (hex), when it could be read. */
  imprint?: string;
  /** Why it is not valid. */
  error?: string;
}

/** Reads PEM certificates (one or more) into pkijs certificates; throws with a message when there are none. */
export function certificatesFromPem(pem: string): Pkijs.Certificate[] {
  engine();
  const out: Pkijs.Certificate[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    const der = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
    out.push(pkijs.Certificate.fromBER(toArrayBuffer(der)));
  }
  if (out.length === 0) throw new Error('no PEM certificate in it');
  return out;
}

/** Reads a token's TSTInfo without checking its signature. */
export function readToken(tokenBase64: string): { genTime?: string; imprint?: string; error?: string } {
  try {
    engine();
    const der = Buffer.from(tokenBase64, 'base64');
    const ci = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
    if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) return { error: 'the token is not CMS signed data' };
    const signed = new pkijs.SignedData({ schema: ci.content });
    if (signed.encapContentInfo.eContentType !== TST_INFO_OID || !signed.encapContentInfo.eContent) return { error: 'the token holds no TSTInfo' };
    const tst = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue());
    if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) return { error: 'the token stamps a hash other than SHA-256' };
    return {
      genTime: tst.genTime.toISOString(),
      imprint: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).toString('hex'),
    };
  } catch (err) {
    return { error: `the token cannot be read: ${(err as Error).message}` };
  }
}

/**
 * Verifies a token offline against the bytes it should stamp (a checkpoint's line): its
 * imprint must be their SHA-256, and its CMS signature must hold and chain to one of `trusted`
 * (the authority's certificate or its CA). Never throws.
 */
export async function verifyToken(tokenBase64: string, stamped: string | Uint8Array, trusted: Pkijs.Certificate[]): Promise<TokenCheck> {
  const bytes = typeof stamped === 'string' ? Buffer.from(stamped, 'utf8') : stamped;
  const expectedHashHex = sha256Hex(bytes);
  const read = readToken(tokenBase64);
  if (read.error) return { valid: false, error: read.error };
  const base = { genTime: read.genTime, imprint: read.imprint };
  if (read.imprint !== expectedHashHex) {
    return { valid: false, ...base, error: `the token stamps ${read.imprint?.slice(0, 16)}…, not this checkpoint's hash ${expectedHashHex.slice(0, 16)}…` };
  }
  try {
    const der = Buffer.from(tokenBase64, 'base64');
    const ci = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
    const signed = new pkijs.SignedData({ schema: ci.content });
    const result = await signed.verify({
      signer: 0,
      checkChain: true,
      trustedCerts: trusted,
      checkDate: read.genTime ? new Date(read.genTime) : new Date(),
      data: toArrayBuffer(bytes),
      extendedMode: true,
    });
    if (!result.signatureVerified) return { valid: false, ...base, error: 'the token\'s signature does not hold' };
    return { valid: true, ...base };
  } catch (err) {
    const e = err as { message?: string; signerCertificateVerified?: boolean; code?: number };
    const message = e?.message ?? String(err);
    return { valid: false, ...base, error: `the token does not chain to the given certificate (${message})` };
  }
}
