/**
 * A 10 MB script in the language server (issue 13, item 9): big-fish repeated to 10 MB,
 * opened, then keystrokes spread over it. Figures: didChange -> publishDiagnostics p50 and
 * p95, and the server's memory after a full garbage collection. Goals: p95 <= 50 ms,
 * memory <= 300 MB.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './measure';
import { corpusDir, median, percentile } from './measure';
import { TestClient, tempWorkspace } from '../test/lsp/client';
import type { StatusResult } from '../server/src/shared/protocol';

const keystrokes = 200;
const targetBytes = 10 * 1024 * 1024;

export const suite: BenchSuite = {
  name: 'a 10 MB script in the language server (issue 13)',
  async run(): Promise<BenchFigure[]> {
    const corpus = corpusDir();
    if (!corpus) {
      console.log('size: no corpus (set FOUNTAIN_CORPUS): the 10 MB script is not measured');
      return [];
    }
    const base = readFileSync(join(corpus, 'big-fish.fountain'), 'utf8');
    const parts: string[] = [];
    for (let n = 0; n < targetBytes; n += base.length) parts.push(base);
    const text = parts.join('\n');
    const ws = tempWorkspace('fp-size-bench-');
    const path = join(ws.dir, 'ten-megabytes.fountain');
    writeFileSync(path, text);
    const client = new TestClient({ env: ws.env });
    try {
      await client.initialize();
      const t0 = performance.now();
      const uri = client.open(path, text);
      await client.diagnosticsNow(uri, 600_000);
      const openMs = performance.now() - t0;
      const times: number[] = [];
      // The same keystrokes timed from before the test client's own document update (the method before 2026-11-30).
      const withClient: number[] = [];
      for (let i = 0; i < keystrokes; i++) {
        const now = client.text(uri);
        let at = Math.floor(((i * 7919) % keystrokes) * (now.length / keystrokes));
        const eol = now.indexOf('\n', at);
        at = eol < 0 ? now.length : eol;
        const before = performance.now();
        client.edit(uri, at, at, 'e');
        await client.diagnosticsNow(uri, 120_000);
        // From the didChange leaving the client (its own document update is not the server's time).
        times.push(performance.now() - client.lastChangeSentAt);
        withClient.push(performance.now() - before);
      }
      await new Promise((r) => setTimeout(r, 4000));
      const idle = await client.request<StatusResult>('fountainProvenance/status', { collectGarbage: true });
      const mb = (bytes: number | undefined): number => Number(((bytes ?? 0) / 1024 / 1024).toFixed(1));
      const p95 = percentile(times, 95);
      return [
        {
          key: 'size_10mb_keystroke_latency',
          label: `didChange -> publishDiagnostics, ${(text.length / 1e6).toFixed(1)} M chars (p50)`,
          median_ms: median(times),
          goal: 'p95 <= 50 ms',
          extra: { p95_ms: Number(p95.toFixed(1)), with_client_update_p95_ms: Number(percentile(withClient, 95).toFixed(1)), max_ms: Number(Math.max(...times).toFixed(1)), keystrokes, open_ms: Number(openMs.toFixed(0)) },
        },
        {
          key: 'size_10mb_memory',
          label: 'server memory after a full GC, idle (RSS, MB)',
          median_ms: Number((idle.rss / 1024 / 1024).toFixed(1)),
          goal: 'RSS <= 300 MB',
          // Where the memory is: V8's heap (used and committed, the young generation and large
          // objects among it), ArrayBuffers (the ledger's text chunks) and other memory outside
          // the heap; the rest of the RSS is the node binary and memory the allocator keeps.
          extra: {
            heap_mb: mb(idle.heapUsed),
            heap_committed_mb: mb(idle.heapTotal),
            new_space_mb: mb(idle.spaces?.new_space?.size),
            large_object_mb: mb(idle.spaces?.large_object_space?.size),
            array_buffers_mb: mb(idle.arrayBuffers),
            external_mb: mb(idle.external),
          },
        },
      ];
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  },
};
