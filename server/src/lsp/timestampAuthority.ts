/**
 * The one network request the product makes: an RFC 3161 time-stamp request to the authority the
 * writer named in `fountainProvenance.timestampAuthority`. It lives in the language server, not in
 * the engine, which never reaches the network (the boundaries test holds it to that).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { timestampRequest, tokenFromResponse } from '../provenance/timestamp';

/**
 * Asks the authority at `url` to stamp `hashHex` (SHA-256, hex): resolves to the token as
 * base64, or rejects with a message naming the authority. Times out after `timeoutMs`.
 */
export function requestTimestamp(url: string, hashHex: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`the time-stamp authority ${JSON.stringify(url)} is not a URL`));
      return;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error(`the time-stamp authority ${url} is not an http(s) URL`));
      return;
    }
    const body = timestampRequest(hashHex);
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query', 'Content-Length': body.length }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 300) {
            reject(new Error(`the time-stamp authority ${url} answered HTTP ${res.statusCode}`));
            return;
          }
          const { token, error } = tokenFromResponse(Buffer.concat(chunks));
          if (!token) reject(new Error(`the time-stamp authority ${url}: ${error}`));
          else resolve(Buffer.from(token).toString('base64'));
        });
        res.on('error', (err) => reject(new Error(`the time-stamp authority ${url}: ${err.message}`)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`the time-stamp authority ${url} could not be reached: ${err.message}`)));
    req.end(Buffer.from(body));
  });
}

