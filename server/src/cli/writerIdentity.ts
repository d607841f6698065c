/**
 * The writer the command line records as the actor of the events it writes (`mv`,
 * `reconcile`, the git merge driver): `FOUNTAIN_PROVENANCE_WRITER_NAME`/`_EMAIL` when set,
 * else the identity stored in the key folder (`keys init`), else git's user.name and
 * user.email in `cwd`, else the unnamed writer's label ("an unnamed writer", never a name).
 */
import { execFileSync } from 'node:child_process';
import * as keys from '../provenance/keys';
import type { Writer } from '../provenance/types';
import { UNNAMED_WRITER_LABEL } from '../provenance/origin';

function gitConfig(cwd: string, key: string): string | undefined {
  try {
    const out = execFileSync('git', ['config', '--get', key], { cwd, timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    return String(out).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The key folder's stored identity, when keys.ts offers `readIdentity` (see docs/journal.md). */
function keyFolderIdentity(): Writer | undefined {
  const read = (keys as unknown as { readIdentity?: (dir: string) => Writer | undefined }).readIdentity;
  if (typeof read !== 'function') return undefined;
  try {
    const w = read(keys.keyDirectory());
    return w && typeof w.name === 'string' && w.name ? w : undefined;
  } catch {
    return undefined;
  }
}

export function cliWriter(cwd: string, env: NodeJS.ProcessEnv = process.env): Writer {
  if (env.FOUNTAIN_PROVENANCE_WRITER_NAME) {
    return env.FOUNTAIN_PROVENANCE_WRITER_EMAIL ? { name: env.FOUNTAIN_PROVENANCE_WRITER_NAME, email: env.FOUNTAIN_PROVENANCE_WRITER_EMAIL } : { name: env.FOUNTAIN_PROVENANCE_WRITER_NAME };
  }
  const stored = keyFolderIdentity();
  if (stored) return stored;
  const name = gitConfig(cwd, 'user.name');
  const email = gitConfig(cwd, 'user.email');
  if (name) return email ? { name, email } : { name };
  return { name: UNNAMED_WRITER_LABEL };
}
