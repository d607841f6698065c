/**
 * Expands the `validate` command's paths: files as given, folders searched for `*.fountain`,
 * and globs with `*`, `**`, `?` and `[abc]` expanded here, so quoting works the same on every
 * shell. Folders named node_modules or starting with a dot are skipped unless named.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export interface Expanded {
  files: string[];
  /** Arguments that matched nothing or do not exist: each becomes an unreadable input. */
  missing: string[];
}

const GLOB = /[*?[]/;

function skipDir(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function walk(dir: string, out: string[], filter: (path: string) => boolean, seen = new Set<string>()): void {
  let entries;
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
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
      if (!skipDir(e.name)) walk(path, out, filter, seen);
    } else if (filter(path)) out.push(path);
  }
}

/** A regular expression for a glob over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += body.startsWith('!') ? `[^/${body.slice(1)}]` : `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expands paths, folders and globs relative to `cwd`, in a stable order without duplicates. */
export function expandPaths(args: string[], cwd: string): Expanded {
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
    const pattern = arg.split(sep).join('/');
    if (GLOB.test(pattern)) {
      const parts = pattern.split('/');
      const firstGlob = parts.findIndex((p) => GLOB.test(p));
      const base = parts.slice(0, firstGlob).join('/') || (pattern.startsWith('/') ? '/' : '.');
      const re = globToRegExp(pattern.replace(/^\.\//, ''));
      const found: string[] = [];
      walk(resolve(cwd, base), found, (abs) => {
        const shown = pattern.startsWith('/') ? abs.split(sep).join('/') : relative(cwd, abs).split(sep).join('/');
        return re.test(shown);
      });
      if (found.length === 0) missing.push(arg);
      for (const abs of found) add(pattern.startsWith('/') ? abs : relative(cwd, abs) || abs);
      continue;
    }
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch {
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
