/**
 * Expands the `validate` command's paths: files as given, folders searched for `*.fountain`,
 * and globs (`*`, `**`, `?`, `[abc]`, `{a,b}`) expanded here by tinyglobby, so quoting works
 * the same on every shell. Folders named node_modules or starting with a dot are skipped
 * unless named. A glob only reads the folders its pattern can reach (`dir/*.fountain` reads
 * `dir` alone). A pattern that is not a valid glob (`[z-a]`) is a {@link GlobError}.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { globSync, isDynamicPattern, type GlobOptions } from 'tinyglobby';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing or do not exist: each becomes an unreadable input. */
  missing: string[];
}

/** Options of {@link expandPaths}. */
export interface ExpandOptions {
  /** The file system globs read (node:fs by default; tests count what is read). */
  fs?: GlobOptions['fs'];
}

/** A glob pattern that cannot be used, with what is wrong with it. */
export class GlobError extends Error {}

function skipDir(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * `ancestors` holds the real paths of the folders above `dir` on this path only: a link back
 * to one of them is a loop and is not followed again, while two links to the same folder from
 * different places are both searched, so every path a script is reachable by gets its verdict.
 */
function walk(dir: string, out: string[], filter: (path: string) => boolean, ancestors: ReadonlySet<string> = new Set<string>()): void {
  let entries;
  let inside: Set<string>;
  try {
    const real = realpathSync(dir);
    if (ancestors.has(real)) return;
    inside = new Set(ancestors).add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      // Followed: a linked folder is searched (once), a linked script is validated, and a
      // broken link named like a script is listed, so it is reported unreadable, never skipped.
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        isDir = false;
      }
    }
    if (isDir) {
      if (!skipDir(e.name)) walk(path, out, filter, inside);
    } else if (filter(path)) out.push(path);
  }
}

/** True when `arg` is a glob pattern rather than a plain path. */
export function isGlob(arg: string): boolean {
  return isDynamicPattern(arg.split(sep).join('/'));
}

/**
 * The pattern with repeated `**` segments made one (`**` already matches any number of
 * folders), so that the time to match a path does not grow with their number.
 */
export function simplifyGlob(pattern: string): string {
  const parts = pattern.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '**' && out[out.length - 1] === '**') continue;
    out.push(part);
  }
  return out.join('/');
}

/** Checks that `pattern` compiles, else throws a {@link GlobError} naming it and the problem. */
function checkGlob(pattern: string): void {
  try {
    picomatch.makeRe(pattern, { debug: true });
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(err);
    throw new GlobError(`'${pattern}' is not a valid glob pattern (${why.charAt(0).toLowerCase() + why.slice(1)})`);
  }
}

/** Compares `/`-separated paths folder by folder, as a sorted depth-first walk lists them. */
function byFolders(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** The files a glob matches, relative to `cwd` (absolute for an absolute pattern). */
function expandGlob(pattern: string, cwd: string, options: ExpandOptions): string[] {
  const absolute = pattern.startsWith('/') || /^[A-Za-z]:\//.test(pattern);
  const parts = pattern.replace(/^\.\//, '').split('/');
  const firstGlob = parts.findIndex((p) => isDynamicPattern(p));
  const base = parts.slice(0, firstGlob).join('/') || (absolute ? '/' : '.');
  const rest = simplifyGlob(parts.slice(firstGlob).join('/'));
  checkGlob(rest);
  const root = resolve(cwd, base);
  const names = /(^|\/)node_modules(\/|$)/.test(rest) ? [] : ['**/node_modules/**'];
  const found = globSync(rest, { cwd: root, onlyFiles: true, followSymbolicLinks: true, dot: false, ignore: names, expandDirectories: false, ...(options.fs ? { fs: options.fs } : {}) });
  return found.sort(byFolders).map((f) => {
    const abs = join(root, f);
    return absolute ? abs : relative(cwd, abs) || abs;
  });
}

/**
 * Expands paths, folders and globs relative to `cwd`, in a stable order without duplicates.
 * @throws GlobError for a pattern that is not a valid glob.
 */
export function expandPaths(args: string[], cwd: string, options: ExpandOptions = {}): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    const key = resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(path);
  };
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch {
      stat = undefined;
    }
    // A path that exists is taken as named, even when its name has glob characters.
    if (!stat && isGlob(arg)) {
      const found = expandGlob(arg.split(sep).join('/'), cwd, options);
      if (found.length === 0) missing.push(arg);
      for (const path of found) add(path);
      continue;
    }
    if (!stat) {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(resolve(cwd, arg), found, (p) => p.endsWith('.fountain'));
      if (found.length === 0) missing.push(arg);
      for (const abs of found) add(relative(cwd, abs) || abs);
    } else add(arg);
  }
  return { files, missing };
}
