/**
 * Batch validation over worker threads. The same file is the worker: a worker thread started
 * with this module's own file (the CLI bundle dist/cli.js, or this file under tsx) sees
 * `workerData.kind` and serves one script at a time from a shared queue, so a slow script
 * never holds up the rest.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ScriptValidation } from '../report/validation';
import { readFileSync } from 'node:fs';
import { parseRoster } from '../provenance/roster';
import { certificatesFromPem } from '../provenance/timestampCheck';
import { validateFileTrusted, type ValidateOptions } from './validateFile';
import { readPolicy } from './validateLoad';

const WORKER_KIND = 'fountain-provenance/validate';

export interface BatchOptions {
  strict?: boolean;
  policyPath?: string;
  /** A roster of registered keys (`--trusted-keys`), already checked by the caller. */
  trustedKeysPath?: string;
  /** The time-stamp authority's certificate (`--tsa-cert`), already checked by the caller. */
  tsaCertPath?: string;
  now?: Date;
  /** Worker threads to use (default: one per core, at most 8; 0 validates in this thread). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

interface WorkerSetup {
  kind: typeof WORKER_KIND;
  strict: boolean;
  policyPath?: string;
  trustedKeysPath?: string;
  tsaCertPath?: string;
  now: string;
}

function optionsOf(setup: Omit<WorkerSetup, 'kind'>): ValidateOptions {
  const roster = setup.trustedKeysPath ? parseRoster(readFileSync(setup.trustedKeysPath, 'utf8')).roster : undefined;
  return {
    strict: setup.strict,
    now: new Date(setup.now),
    ...(setup.policyPath ? { policy: readPolicy(setup.policyPath) } : {}),
    ...(roster ? { roster } : {}),
    ...(setup.tsaCertPath ? { tsaCertificates: certificatesFromPem(readFileSync(setup.tsaCertPath, 'utf8')) } : {}),
  };
}

/** Below this many scripts, starting workers costs more than it saves. */
const INLINE_BELOW = 6;

/** Validates `files`, in parallel when worth it; results are in the order of `files`. */
export async function validateBatch(files: string[], options: BatchOptions = {}): Promise<ScriptValidation[]> {
  const setup = {
    strict: !!options.strict,
    now: (options.now ?? new Date()).toISOString(),
    ...(options.policyPath ? { policyPath: options.policyPath } : {}),
    ...(options.trustedKeysPath ? { trustedKeysPath: options.trustedKeysPath } : {}),
    ...(options.tsaCertPath ? { tsaCertPath: options.tsaCertPath } : {}),
  };
  const wanted = options.workers ?? Math.min(8, Math.max(1, availableParallelism()));
  const count = Math.min(wanted, Math.ceil(files.length / 2));
  if (count <= 1 || files.length < INLINE_BELOW) {
    const validateOptions = optionsOf(setup);
    const out: ScriptValidation[] = [];
    for (const f of files) {
      out.push(await validateFileTrusted(f, validateOptions));
      options.onProgress?.(out.length, files.length);
    }
    return out;
  }
  const results: ScriptValidation[] = new Array(files.length);
  let next = 0;
  let done = 0;
  await new Promise<void>((resolveAll, rejectAll) => {
    let live = count;
    let failed = false;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(__filename, { workerData: { kind: WORKER_KIND, ...setup } satisfies WorkerSetup });
      const feed = (): void => {
        if (next < files.length) {
          const index = next++;
          worker.postMessage({ index, file: files[index] });
        } else worker.postMessage({ stop: true });
      };
      worker.on('message', (msg: { index: number; result: ScriptValidation } | { ready: true }) => {
        if ('result' in msg) {
          results[msg.index] = msg.result;
          done++;
          options.onProgress?.(done, files.length);
        }
        feed();
      });
      worker.on('error', (err) => {
        if (!failed) {
          failed = true;
          rejectAll(err);
        }
      });
      worker.on('exit', () => {
        live--;
        if (live === 0 && !failed) resolveAll();
      });
    }
  });
  // A worker that died mid-script leaves a hole: validate it here rather than lose it.
  const validateOptions = optionsOf(setup);
  for (let i = 0; i < files.length; i++) if (!results[i]) results[i] = await validateFileTrusted(files[i], validateOptions);
  return results;
}

function serve(setup: WorkerSetup): void {
  const port = parentPort!;
  const options = optionsOf(setup);
  port.on('message', (msg: { index: number; file: string } | { stop: true }) => {
    if ('stop' in msg) {
      port.close();
      return;
    }
    void validateFileTrusted(msg.file, options).then((result) => port.postMessage({ index: msg.index, result }));
  });
  port.postMessage({ ready: true });
}

if (!isMainThread && (workerData as WorkerSetup | undefined)?.kind === WORKER_KIND) serve(workerData as WorkerSetup);
