/**
 * A real RFC 3161 time-stamp authority for tests: Debian's `openssl ts -reply` behind a small
 * local HTTP responder, with its own CA and TSA certificate (extendedKeyUsage critical,
 * timeStamping). Started by the test that needs it; `close()` stops it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptRecord } from '../../server/src/provenance/record';
import { requestTimestamp } from '../../server/src/lsp/timestampAuthority';

export interface LocalTsa {
  url: string;
  /** PEM of the CA that issued the TSA certificate. */
  caPem: string;
  caPath: string;
  dir: string;
  close(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes a CA and a TSA certificate in a temp folder and the `openssl ts` configuration. */
export function makeAuthority(name = 'Test'): { dir: string; config: string; caPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fp-tsa-'));
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-subj', `/CN=${name} Time CA`, '-days', '3650',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'tsa.key'], dir);
  openssl(['req', '-new', '-key', 'tsa.key', '-out', 'tsa.csr', '-subj', `/CN=${name} TSA`], dir);
  writeFileSync(join(dir, 'ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.crt', '-days', '3650', '-extfile', 'ext.cnf'], dir);
  writeFileSync(join(dir, 'serial'), '01\n');
  const config = join(dir, 'tsa.cnf');
  writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config1',
      '[ tsa_config1 ]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.crt',
      'certs = $dir/ca.crt',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  return { dir, config, caPath: join(dir, 'ca.crt') };
}

/** Starts an authority answering HTTP POSTs on 127.0.0.1 (a free port). */
export async function startTsa(name = 'Test'): Promise<LocalTsa> {
  const { dir, config, caPath } = makeAuthority(name);
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = join(dir, `q${++n}.tsq`);
      const r = join(dir, `r${n}.tsr`);
      writeFileSync(q, Buffer.concat(chunks));
      const out = spawnSync('openssl', ['ts', '-reply', '-queryfile', q, '-config', config, '-out', r], { encoding: 'utf8' });
      if (out.status !== 0) {
        res.writeHead(500).end(out.stderr);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(readFileSync(r));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem: readFileSync(caPath, 'utf8'),
    caPath,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Writes `stamped.fountain` in `dir`: one typed scene heading, a signed checkpoint time-stamped
 * by `tsa`, and the authority's certificate as `ca.pem`. Keys go to `keys`. Returns the stamped
 * checkpoint's sequence number.
 */
export async function writeStampedScript(dir: string, keys: string, tsa: LocalTsa): Promise<{ seq: number }> {
  const path = join(dir, 'stamped.fountain');
  writeFileSync(path, '');
  const mara = { name: 'Mara Okafor' };
  const record = ScriptRecord.open(path, '', { writer: mara, keyDir: keys });
  let at = 0;
  for (const ch of 'INT. HALL - DAY\n') {
    record.applyEdit({ offset: at++, deleteLength: 0, insertText: ch, origin: { kind: 'human', channel: 'typing', at: '2026-11-20T09:00:00.000Z', writer: mara } });
  }
  record.checkpoint();
  const sealed = record.lastSeal!;
  record.addTimestamp(sealed.seq, tsa.url, await requestTimestamp(tsa.url, sealed.hash));
  record.close();
  writeFileSync(path, record.text);
  writeFileSync(join(dir, 'ca.pem'), tsa.caPem);
  return { seq: sealed.seq };
}
