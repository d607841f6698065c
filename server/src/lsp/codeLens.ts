/** A code lens over each scene heading: its shares by origin, e.g. "human 92% · AI 8% (gpt-4o) · 1 unattributed". */
import type { CodeLens } from 'vscode-languageserver';
import type { Ledger } from '../provenance/ledger';
import type { OriginKind } from '../provenance/types';
import { guarded, type ServerContext } from './context';
import { toRange } from './positions';
import type { ScriptSession } from './session';

const shown: Array<[OriginKind, string]> = [
  ['human', 'human'],
  ['ai', 'AI'],
  ['imported', 'imported'],
  ['pasted', 'pasted'],
  ['external', 'external'],
  ['furnished', 'furnished'],
  ['quoted', 'quoted'],
];

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeLens(guarded(ctx, 'code lens', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return session ? codeLenses(session) : [];
  }));
}

export function codeLenses(session: ScriptSession): CodeLens[] {
  const ledger = session.record.ledger;
  return session.script.scenes.map((scene) => ({
    range: toRange(session.doc, scene.heading.start, scene.heading.end),
    command: { title: sceneSummary(ledger, scene.start, scene.end), command: '' },
  }));
}

export function sceneSummary(ledger: Ledger, start: number, end: number): string {
  const shares = ledger.shares(start, end);
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  if (total === 0) return 'empty';
  const parts: string[] = [];
  const runs = ledger.runs(start, end);
  for (const [kind, word] of shown) {
    if (!shares[kind]) continue;
    let part = `${word} ${percent(shares[kind], total)}`;
    if (kind === 'ai') {
      const models = [...new Set(runs.flatMap((r) => (r.origin.kind === 'ai' ? [r.origin.model ?? 'unknown model'] : [])))];
      part += ` (${models.join(', ')})`;
    }
    parts.push(part);
  }
  const unattributed = runs.filter((r) => r.origin.kind === 'unattributed').length;
  if (unattributed) parts.push(`${unattributed} unattributed`);
  return parts.join(' · ');
}

function percent(n: number, total: number): string {
  const p = (n / total) * 100;
  return p > 0 && p < 1 ? '<1%' : p < 100 && p > 99 ? '>99%' : `${Math.round(p)}%`;
}
