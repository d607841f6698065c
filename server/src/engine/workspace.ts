/**
 * The engine's only way to the file system. An adapter hands in an `EngineWorkspace` (the
 * command line's reads bounded regular files, the language server reads the same way); tests
 * hand in {@link memoryWorkspace}, so the engine runs without a disk.
 */

/** What a file is to the engine, for limits and messages. */
export type FileRole = 'script' | 'journal' | 'project' | 'policy';

/**
 * Reading files. Paths are absolute (or whatever the adapter resolves them against).
 * `readText` and `readBytes` return `undefined` when there is no file at `path`, and throw an
 * `Error` whose message names the file and why when there is one that cannot be read (a
 * folder, a pipe, too large, not UTF-8).
 */
export interface EngineWorkspace {
  readText(path: string, role: FileRole): string | undefined;
  readBytes(path: string, role: FileRole): Uint8Array | undefined;
  /** True when a regular file is at `path` (used to find the project file). */
  isFile(path: string): boolean;
}

/** What {@link memoryWorkspace} holds: file contents by path; a `null` entry is a folder. */
export type MemoryFiles = Map<string, string | Uint8Array | null> | Record<string, string | Uint8Array | null>;

/**
 * An in-memory workspace over `files` (a Map stays live: later changes to it are seen). Text
 * is encoded and decoded as UTF-8; a folder entry (`null`) cannot be read.
 */
export function memoryWorkspace(files: MemoryFiles): EngineWorkspace {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  const get = (path: string): string | Uint8Array | undefined => {
    if (!map.has(path)) return undefined;
    const value = map.get(path);
    if (value === null || value === undefined) throw new Error(`${path} is a folder, not a file`);
    return value;
  };
  return {
    readText(path) {
      const value = get(path);
      if (value === undefined || typeof value === 'string') return value;
      return new TextDecoder('utf-8', { fatal: true }).decode(value);
    },
    readBytes(path) {
      const value = get(path);
      return typeof value === 'string' ? new TextEncoder().encode(value) : value;
    },
    isFile(path) {
      return map.has(path) && map.get(path) !== null;
    },
  };
}
