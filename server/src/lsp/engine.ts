/** The production wiring of the server's dependencies: the real engine, git and the clock. */
import { execFile } from 'node:child_process';
import { ScriptRecord } from '../provenance/record';
import { runRules } from '../disclosure/index';
import { fsWorkspace } from '../cli/fsWorkspace';
import type { Writer } from '../provenance/types';
import type { Logger, ServerDeps } from './deps';

export function productionDeps(logger: Logger): ServerDeps {
  return {
    logger,
    openRecord: (path, text, options) => ScriptRecord.open(path, text, options),
    memoryRecord: (text, options) => ScriptRecord.inMemory(text, options),
    runRules: (input, severities) => runRules(input, severities),
    workspace: fsWorkspace,
    gitWriter,
    now: () => new Date(),
  };
}

function gitConfig(folder: string, key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd: folder, timeout: 3000, windowsHide: true }, (err, stdout) => {
      const value = err ? '' : String(stdout).trim();
      resolve(value || undefined);
    });
  });
}

/** The writer git knows in `folder` (user.name and user.email), or undefined. */
export async function gitWriter(folder: string): Promise<Writer | undefined> {
  const [name, email] = await Promise.all([gitConfig(folder, 'user.name'), gitConfig(folder, 'user.email')]);
  if (!name) return undefined;
  return email ? { name, email } : { name };
}
