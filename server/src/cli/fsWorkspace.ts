/**
 * The engine's workspace on the real file system, for the command line and the language
 * server: regular files only, of bounded size, text decoded strictly as UTF-8 (safeFs.ts).
 */
import { statSync } from 'node:fs';
import type { EngineWorkspace, FileRole } from '../engine/workspace';
import { readLimits, readRegularFile, readTextFile, UnreadableFileError } from './safeFs';

const what: Record<FileRole, string> = {
  script: 'the script',
  journal: 'the provenance record',
  project: 'the project file',
  policy: 'the policy file',
};

const limit = (role: FileRole): number => (role === 'script' ? readLimits.script : role === 'journal' ? readLimits.journal : readLimits.policy);

function missing(err: unknown): boolean {
  return err instanceof UnreadableFileError && err.reason === 'missing';
}

export const fsWorkspace: EngineWorkspace = {
  readText(path, role) {
    try {
      return readTextFile(path, { what: what[role], maxBytes: limit(role) });
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  readBytes(path, role) {
    try {
      return readRegularFile(path, { what: what[role], maxBytes: limit(role) });
    } catch (err) {
      if (missing(err)) return undefined;
      throw err;
    }
  },
  isFile(path) {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
};
