/**
 * The writers' room with git (docs/writers-room.md): `fountain-provenance git setup` installs
 * the merge driver for sidecars, `fountain-provenance merge-driver %O %A %B %P` is what git
 * runs for each sidecar it merges (merge, rebase, cherry-pick).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CliIO, Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { cliWriter } from './writerIdentity';
import { keyDirectory, loadOrCreateKey, type WriterKeyPair } from '../provenance/keys';
import { mergeJournals } from '../provenance/merge';
import { acquireJournalLock, type JournalLock } from '../provenance/journalLock';

/** The `.gitattributes` line that sends sidecars to the driver. */
export const ATTRIBUTES_LINE = '*.provenance merge=fountain-provenance';
export const DRIVER_NAME = 'Fountain Provenance journal merge (fountain-provenance merge-driver)';

function git(args: string[], cwd: string, input?: string): string {
  return String(
    execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 20_000, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], input, windowsHide: true, maxBuffer: 1 << 30 }),
  );
}

/** Quotes a word for the shell git runs drivers with. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command git runs: absolute node and bin paths, so git needs no PATH. */
export function driverCommand(nodePath = process.execPath, binPath = process.argv[1] ?? ''): string {
  let bin = resolve(binPath);
  try {
    bin = realpathSync(bin);
  } catch {
    // keep the resolved path
  }
  return `${shellQuote(nodePath)} ${shellQuote(bin)} merge-driver %O %A %B %P`;
}

const SETUP_HELP = `Usage: fountain-provenance git setup [--global]

Installs the merge driver that merges provenance records (*.provenance) when git merges,
rebases or cherry-picks, so every writer's text keeps their name:

  - the line \`${ATTRIBUTES_LINE}\` in the repository's .gitattributes
    (with --global: in git's global attributes file), added once;
  - git config merge.fountain-provenance.driver (the command, with absolute paths to node
    and this program) and merge.fountain-provenance.name, in the repository's config
    (with --global: in your global git config).

Commit .gitattributes so every clone uses it; each writer runs \`git setup\` once in their
clone (the driver's command is per machine).

  --global     for all your repositories
  -h, --help   show this help

Exit codes: 0 installed, 1 not in a git repository (without --global) or git failed.`;

const DRIVER_HELP = `Usage: fountain-provenance merge-driver <ancestor> <ours> <theirs> [<path>]

Run by git (see \`fountain-provenance git setup\`) as: merge-driver %O %A %B %P.
Merges two branches of a provenance record: the texts are rebuilt from the three journals
(never read from the working tree) and merged line by line as git merge-file does; every
event of both branches is kept with its writer's signature; the merged record is signed by
the merging writer. Writes the result over <ours>. When the script's text conflicts, the
record keeps both sides between conflict markers and completes itself against your
resolution on the next open or \`fountain-provenance reconcile <script>\`.

Exit codes: 0 merged, 1 the records could not be merged (ours is left as it was).`;

export const gitCommand: Command = {
  name: 'git',
  summary: 'git setup [--global]: install the merge driver for provenance records',
  help: SETUP_HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { global: { type: 'boolean' } });
    if (positionals[0] !== 'setup' || positionals.length !== 1) throw new UsageError('the only git subcommand is setup');
    return gitSetup(io, values.global === true);
  },
};

function gitSetup(io: CliIO, global: boolean): number {
  const command = driverCommand();
  let attributesPath: string;
  try {
    if (global) {
      let configured = '';
      try {
        configured = git(['config', '--global', '--get', 'core.attributesFile'], io.cwd).trim();
      } catch {
        // unset
      }
      const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
      attributesPath = configured ? resolve(configured.replace(/^~(?=\/|$)/, homedir())) : join(base, 'git', 'attributes');
    } else {
      let top: string;
      try {
        top = git(['rev-parse', '--show-toplevel'], io.cwd).trim();
      } catch {
        io.stderr('fountain-provenance git setup: not in a git repository (use --global for all repositories)\n');
        return 1;
      }
      attributesPath = join(top, '.gitattributes');
    }
    const scope = global ? ['--global'] : [];
    git(['config', ...scope, 'merge.fountain-provenance.name', DRIVER_NAME], io.cwd);
    git(['config', ...scope, 'merge.fountain-provenance.driver', command], io.cwd);
    const existing = existsSync(attributesPath) ? readFileSync(attributesPath, 'utf8') : '';
    const present = existing.split(/\r?\n/).some((l) => l.trim() === ATTRIBUTES_LINE);
    if (!present) {
      mkdirSync(dirname(attributesPath), { recursive: true });
      if (existing.length > 0 && !existing.endsWith('\n')) appendFileSync(attributesPath, '\n');
      appendFileSync(attributesPath, `${ATTRIBUTES_LINE}\n`);
    }
    io.stdout(
      `merge driver installed${global ? ' for all your repositories' : ''}:\n` +
        `  ${attributesPath}: ${ATTRIBUTES_LINE}${present ? ' (already there)' : ''}\n` +
        `  git config${global ? ' --global' : ''} merge.fountain-provenance.driver = ${command}\n`,
    );
    return 0;
  } catch (err) {
    io.stderr(`fountain-provenance git setup: ${(err as Error).message}\n`);
    return 1;
  }
}

/**
 * Texts git holds for the script at the commits a merge, rebase step or cherry-pick involves:
 * they only let a journal load from its last checkpoint (each is checked against the
 * checkpoint's hash); the texts themselves always come from the journals.
 */
function scriptBlobs(cwd: string, sidecarPath: string | undefined): string[] {
  if (!sidecarPath || !sidecarPath.endsWith('.provenance')) return [];
  const script = sidecarPath.slice(0, -'.provenance'.length).replace(/\\/g, '/');
  try {
    const refs = ['HEAD', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REBASE_HEAD', 'REVERT_HEAD', 'ORIG_HEAD'];
    const revs: string[] = [];
    for (const r of refs) revs.push(r, `${r}^`);
    try {
      const gitDir = git(['rev-parse', '--git-dir'], cwd).trim();
      // A rebase step: the commit being picked is the last line of rebase-merge/done.
      const done = join(resolve(cwd, gitDir), 'rebase-merge', 'done');
      if (existsSync(done)) {
        const last = readFileSync(done, 'utf8').trim().split('\n').pop() ?? '';
        const sha = /^\S+\s+([0-9a-f]{7,64})/.exec(last)?.[1];
        if (sha) revs.push(sha, `${sha}^`);
      }
      const mergeHead = join(resolve(cwd, gitDir), 'MERGE_HEAD');
      if (existsSync(mergeHead)) revs.push(git(['merge-base', 'HEAD', 'MERGE_HEAD'], cwd).trim());
    } catch {
      // fewer candidates
    }
    const out = execFileSync('git', ['cat-file', '--batch'], { cwd, input: revs.map((r) => `${r}:${script}`).join('\n') + '\n', timeout: 20_000, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
    const texts: string[] = [];
    let at = 0;
    while (at < out.length) {
      const nl = out.indexOf(10, at);
      if (nl < 0) break;
      const head = out.subarray(at, nl).toString('utf8');
      at = nl + 1;
      const m = /^[0-9a-f]+ blob (\d+)$/.exec(head);
      if (!m) continue;
      const size = Number(m[1]);
      texts.push(out.subarray(at, at + size).toString('utf8'));
      at += size + 1;
    }
    return [...new Set(texts)];
  } catch {
    return [];
  }
}

/**
 * The labels git writes on conflict markers: `HEAD`, and for a merge the name git gives the
 * merged branch (in the GITHEAD_<commit> variable it sets for its merge machinery).
 */
function markerLabels(cwd: string, env: NodeJS.ProcessEnv = process.env): { ours: string; theirs: string } {
  const names = Object.keys(env).filter((k) => /^GITHEAD_[0-9a-f]{7,64}$/.test(k)).map((k) => String(env[k]));
  if (names.length === 1 && names[0]) return { ours: 'HEAD', theirs: names[0] };
  // A rebase step: git labels the picked commit `<abbreviated id> (<subject>)`. (A plain
  // cherry-pick leaves no trace the driver can read: its markers are labelled `theirs`.)
  try {
    const gitDir = git(['rev-parse', '--git-dir'], cwd).trim();
    const done = join(resolve(cwd, gitDir), 'rebase-merge', 'done');
    if (existsSync(done)) {
      const sha = /^\S+\s+([0-9a-f]{7,64})/.exec(readFileSync(done, 'utf8').trim().split('\n').pop() ?? '')?.[1];
      if (sha) return { ours: 'HEAD', theirs: git(['log', '-1', '--format=%h (%s)', sha], cwd).trim() };
    }
  } catch {
    // the plain label
  }
  return { ours: 'HEAD', theirs: 'theirs' };
}

export const mergeDriverCommand: Command = {
  name: 'merge-driver',
  summary: 'the git merge driver for provenance records (git runs it)',
  help: DRIVER_HELP,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length < 3 || positionals.length > 4) throw new UsageError('merge-driver takes %O %A %B and optionally %P');
    const [basePath, oursPath, theirsPath, path] = positionals.map((p) => resolve(io.cwd, p));
    const rel = positionals[3];
    let base: Buffer;
    let ours: Buffer;
    let theirs: Buffer;
    try {
      base = existsSync(basePath) ? readFileSync(basePath) : Buffer.alloc(0);
      ours = readFileSync(oursPath);
      theirs = readFileSync(theirsPath);
    } catch (err) {
      io.stderr(`fountain-provenance merge-driver: ${(err as Error).message}\n`);
      return 1;
    }
    const writer = cliWriter(io.cwd);
    let key: WriterKeyPair | undefined;
    try {
      key = loadOrCreateKey(writer, keyDirectory());
    } catch (err) {
      io.stderr(`fountain-provenance merge-driver: cannot read or create the signing key (${(err as Error).message}); the merge is not signed\n`);
    }
    // The working tree's sidecar is the journal being merged: hold its lock while merging.
    let lock: JournalLock | undefined;
    if (path) {
      try {
        lock = acquireJournalLock(path);
        if (!lock.held) io.stderr(`fountain-provenance merge-driver: ${rel}: ${lock.reason}; an editor has the script open: it reads the merged record again (reopen the script if it says read-only)\n`);
      } catch {
        lock = undefined;
      }
    }
    let result: ReturnType<typeof mergeJournals>;
    try {
      result = mergeJournals({ base, ours, theirs, writer, ...(key ? { key } : {}), knownTexts: scriptBlobs(io.cwd, rel), labels: markerLabels(io.cwd) });
    } finally {
      if (lock?.held) lock.release();
    }
    const name = rel ?? path ?? oursPath;
    if ('error' in result) {
      io.stderr(`fountain-provenance merge-driver: ${name}: ${result.error}; left as ours (its co-writer's text will read as external until merged)\n`);
      return 1;
    }
    try {
      if (result.outcome !== 'ours') writeFileSync(oursPath, result.journal);
    } catch (err) {
      io.stderr(`fountain-provenance merge-driver: cannot write ${oursPath}: ${(err as Error).message}\n`);
      return 1;
    }
    io.stderr(`fountain-provenance merge-driver: ${name}: ${result.message}\n`);
    return 0;
  },
};
