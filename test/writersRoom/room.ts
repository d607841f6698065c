/**
 * A writers' room for the tests: a bare repository, and writers with their own key folder,
 * git identity and clone, who type through the built language server and run the built CLI
 * and the real git binary.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../lsp/client';
import { BIN, ensureBuilt } from '../cli/cliHelpers';

export interface Writer {
  name: string;
  email: string;
  keys: string;
  clone: string;
  env: Record<string, string>;
}

export interface Room {
  root: string;
  bare: string;
  home: string;
  writer(name: string, email: string): Writer;
}

export function gitAvailable(): boolean {
  return spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function makeRoom(): Room {
  ensureBuilt();
  const root = mkdtempSync(join(tmpdir(), 'fp-room-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const bare = join(root, 'origin.git');
  const baseEnv = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  run('git', ['init', '-q', '--bare', '-b', 'main', bare], root, baseEnv);
  return {
    root,
    bare,
    home,
    writer(name: string, email: string): Writer {
      const slug = name.split(' ')[0].toLowerCase();
      const keys = join(root, `keys-${slug}`);
      const clone = join(root, slug);
      const env = {
        ...baseEnv,
        FOUNTAIN_PROVENANCE_KEYS: keys,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
      };
      run('git', ['clone', '-q', bare, clone], root, env);
      run('git', ['config', 'user.name', name], clone, env);
      run('git', ['config', 'user.email', email], clone, env);
      return { name, email, keys, clone, env };
    },
  };
}

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string>, allowFail = false): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 });
  const out = { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (!allowFail && out.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${out.code}) in ${cwd}:\n${out.stdout}\n${out.stderr}`);
  return out;
}

export function git(w: Writer, ...args: string[]): string {
  return run('git', args, w.clone, w.env).stdout;
}

export function gitMayFail(w: Writer, ...args: string[]): { code: number; stdout: string; stderr: string } {
  return run('git', args, w.clone, w.env, true);
}

export function cli(w: Writer, ...args: string[]): { code: number; stdout: string; stderr: string } {
  return run(process.execPath, [BIN, ...args], w.clone, w.env, true);
}

/**
 * Opens `file` in a fresh language server as `w`, lets `body` edit it, then saves the text to
 * disk and closes it (the server writes the sidecar).
 */
export async function edit(w: Writer, file: string, body: (c: TestClient, uri: string) => void | Promise<void>): Promise<string> {
  const path = join(w.clone, file);
  const client = new TestClient({ env: w.env, settings: { writer: { name: w.name, email: w.email } } });
  try {
    await client.initialize();
    const uri = client.open(path, readFileSync(path, 'utf8'));
    await client.diagnosticsNow(uri);
    await body(client, uri);
    const text = client.text(uri);
    writeFileSync(path, text);
    client.save(uri);
    await client.diagnosticsNow(uri).catch(() => undefined);
    client.close(uri);
    await client.request('fountainProvenance/status', null);
    return text;
  } finally {
    await client.shutdown();
  }
}

/** The CLI's JSON report of a script in `w`'s clone. */
export function report(w: Writer, file: string): { writers: Array<{ name: string; typed: number; signed?: boolean }>; [k: string]: unknown } {
  const r = cli(w, 'report', file, '--format', 'json');
  if (r.code !== 0 && r.code !== 1) throw new Error(`report failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The CLI's JSON validation of a script in `w`'s clone. */
export function validate(w: Writer, file: string): { verdict: string; signers: string[]; raw: Record<string, unknown> } {
  const r = cli(w, 'validate', file, '--format', 'json');
  const parsed = JSON.parse(r.stdout) as { results: Array<Record<string, unknown>> };
  const first = parsed.results[0] ?? {};
  return { verdict: String(first.verdict), signers: ((first.signedBy as string[] | undefined) ?? []).slice().sort(), raw: first };
}
