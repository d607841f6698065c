/**
 * A small test runner for the extension host: named cases run in order, each with a time
 * limit; results are printed with an `[fp-test]` prefix (the launcher forwards them) and any
 * failure rejects `run()`, which makes VS Code exit with code 1.
 */
interface Case {
  name: string;
  fn: () => Promise<void> | void;
  timeoutMs: number;
}

const cases: Case[] = [];

export function test(name: string, fn: () => Promise<void> | void, timeoutMs = 30_000): void {
  cases.push({ name, fn, timeoutMs });
}

export function log(line: string): void {
  console.log(`[fp-test] ${line}`);
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

export async function runCases(): Promise<void> {
  const started = Date.now();
  const failures: string[] = [];
  for (const c of cases) {
    const t0 = Date.now();
    try {
      await Promise.race([
        Promise.resolve().then(c.fn),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`timed out after ${c.timeoutMs} ms`)), c.timeoutMs)),
      ]);
      log(`ok ${c.name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failures.push(c.name);
      log(`FAIL ${c.name} (${Date.now() - t0} ms): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  log(`${cases.length - failures.length} passed, ${failures.length} failed in ${Date.now() - started} ms`);
  if (failures.length > 0) throw new Error(`${failures.length} extension test(s) failed: ${failures.join('; ')}`);
}
