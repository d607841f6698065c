/** `fountain-provenance keys`: the writer's identity and signing key, and their roster entry. */
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { keyDirectory, loadOrCreateKey, readIdentity, rosterEntryOf, writeIdentity } from '../provenance/keys';
import type { Writer } from '../provenance/types';

const HELP = `Usage: fountain-provenance keys <init|export> [options]

  keys init --name N --email E
      stores the writer's identity (name and email) in the key folder, next to the signing
      key, and creates the key if there is none. The editor and the git commands sign as
      this writer.
  keys export [--name N --email E]
      prints this writer's roster entry (JSON: name, email, publicKey, keyId) for whoever
      keeps the roster of registered keys (schemas/roster.schema.json; used by
      \`validate --trusted-keys\`). Without --name/--email, the identity stored by \`keys init\`.

The key folder: $FOUNTAIN_PROVENANCE_KEYS, else $XDG_CONFIG_HOME/fountain-provenance/keys,
else ~/.config/fountain-provenance/keys. A key id is the first 16 hex digits of the SHA-256
of the public key: give it to the roster's keeper out of band.

Exit codes: 0 done, 2 usage error or a key folder that cannot be used.`;

function writerFrom(values: Record<string, string | boolean | undefined>, dir: string, required: boolean): Writer {
  const name = typeof values.name === 'string' ? values.name.trim() : undefined;
  const email = typeof values.email === 'string' ? values.email.trim() : undefined;
  if (name) return { name, ...(email ? { email } : {}) };
  if (required) throw new UsageError('give the writer\'s --name (and --email)');
  if (email) throw new UsageError('--email needs --name too');
  const stored = readIdentity(dir);
  if (!stored) throw new UsageError(`no writer identity in ${dir}: run \`fountain-provenance keys init --name N --email E\`, or give --name and --email`);
  return stored;
}

export const keysCommand: Command = {
  name: 'keys',
  summary: "the writer's identity and signing key (init), and their roster entry (export)",
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { name: { type: 'string' }, email: { type: 'string' } });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const dir = keyDirectory();
    if (action === 'init') {
      const writer = writerFrom(values, dir, true);
      try {
        writeIdentity(writer, dir);
        const pair = loadOrCreateKey(writer, dir);
        io.stdout(`writer ${writer.name}${writer.email ? ` <${writer.email}>` : ''}, key ${pair.keyId}, in ${dir}\n`);
      } catch (err) {
        io.stderr(`fountain-provenance keys: cannot use the key folder ${dir}: ${(err as Error).message}\n`);
        return 2;
      }
      return 0;
    }
    if (action === 'export') {
      const writer = writerFrom(values, dir, false);
      try {
        const pair = loadOrCreateKey(writer, dir);
        io.stdout(`${JSON.stringify(rosterEntryOf(pair), null, 2)}\n`);
      } catch (err) {
        io.stderr(`fountain-provenance keys: cannot use the key folder ${dir}: ${(err as Error).message}\n`);
        return 2;
      }
      return 0;
    }
    throw new UsageError(action ? `unknown action '${action}' (use init or export)` : 'name an action: init or export');
  },
};
