/**
 * The language server over stdio on big-fish.fountain: latency from a keystroke (didChange)
 * to its publishDiagnostics, p50 and p95 over 1,000 keystrokes spread over the script, and
 * the server's memory (RSS) after them. Goal: p95 <= 10 ms.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './measure';
import { corpusDir, median, percentile } from './measure';
import { TestClient, tempWorkspace } from '../test/lsp/client';

const keystrokes = 1000;

export const suite: BenchSuite = {
  name: 'language server (issue 4)',
  async run(): Promise<BenchFigure[]> {
    const corpus = corpusDir();
    if (!corpus) {
      console.log('lsp: no corpus (set FOUNTAIN_CORPUS): big-fish keystroke latency not measured');
      return [];
    }
    const ws = tempWorkspace('fp-lsp-bench-');
    const path = join(ws.dir, 'big-fish.fountain');
    copyFileSync(join(corpus, 'big-fish.fountain'), path);
    const client = new TestClient({ env: ws.env });
    try {
      await client.initialize();
      const t0 = performance.now();
      const uri = client.open(path, readFileSync(path, 'utf8'));
      await client.diagnosticsNow(uri, 60_000);
      const openMs = performance.now() - t0;
      const times: number[] = [];
      // The same keystrokes timed from before the test client's own document update (the method before 2026-11-30).
      const withClient: number[] = [];
      for (let i = 0; i < keystrokes; i++) {
        const text = client.text(uri);
        // Spread over the script, typing a letter at the end of a line.
        let at = Math.floor(((i * 7919) % keystrokes) * (text.length / keystrokes));
        const eol = text.indexOf('\n', at);
        at = eol < 0 ? text.length : eol;
        const before = performance.now();
        client.edit(uri, at, at, 'e');
        await client.diagnosticsNow(uri);
        // From the didChange leaving the client (its own document update is not the server's time).
        times.push(performance.now() - client.lastChangeSentAt);
        withClient.push(performance.now() - before);
      }
      const status = await client.request<{ rss: number; heapUsed: number }>('fountainProvenance/status', { collectGarbage: true });
      // Memory again once the writer has paused (the journal is flushed and sealed by then).
      await new Promise((r) => setTimeout(r, 1500));
      const idle = await client.request<{ rss: number; heapUsed: number }>('fountainProvenance/status', { collectGarbage: true });
      const p50 = median(times);
      const p95 = percentile(times, 95);
      return [
        {
          key: 'lsp_keystroke_latency',
          label: 'didChange -> publishDiagnostics, big-fish (p50)',
          median_ms: p50,
          goal: 'p95 <= 10 ms',
          extra: {
            p95_ms: Number(p95.toFixed(3)),
            with_client_update_p50_ms: Number(median(withClient).toFixed(3)),
            with_client_update_p95_ms: Number(percentile(withClient, 95).toFixed(3)),
            p99_ms: Number(percentile(times, 99).toFixed(3)),
            max_ms: Number(Math.max(...times).toFixed(3)),
            keystrokes,
            open_ms: Number(openMs.toFixed(1)),
            rss_mb: Number((status.rss / 1024 / 1024).toFixed(1)),
            heap_mb: Number((status.heapUsed / 1024 / 1024).toFixed(1)),
            rss_idle_mb: Number((idle.rss / 1024 / 1024).toFixed(1)),
            heap_idle_mb: Number((idle.heapUsed / 1024 / 1024).toFixed(1)),
          },
        },
      ];
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  },
};
