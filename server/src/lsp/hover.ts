/** Hover: where the text under the cursor came from (who or what, when, how; for AI the model and survival). */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { assistedWords, describeChannel, describeOrigin } from '../provenance/origin';
import { analyse } from './analysis';
import { guarded, type ServerContext } from './context';
import { toOffset, toRange } from './positions';

export function register(ctx: ServerContext): void {
  ctx.connection.onHover(guarded(ctx, 'hover', null, async (params): Promise<Hover | null> => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    if (!session) return null;
    // The ledger of the one analysis (the live record's, in step with the text).
    const ledger = analyse(session, ctx.deps).engine.ledger;
    if (ledger.length === 0) return null;
    const offset = Math.min(toOffset(session.doc, params.position), ledger.length - 1);
    const run = ledger.runAt(offset);
    if (!run) return null;
    const origin = run.origin;
    const lines = [`**${describeOrigin(origin)}**`, ''];
    lines.push(`- Origin: ${origin.kind}`);
    lines.push(`- When: ${readableTime(origin.at)}`);
    lines.push(`- Channel: ${describeChannel(origin.channel)}`);
    if (origin.kind === 'ai') {
      lines.push(`- Model: ${origin.model ?? 'unknown'}${origin.version ? ` ${origin.version}` : ''}${origin.tool ? ` (${origin.tool})` : ''}`);
      const survival = ledger.aiSurvival().find((s) => s.insertionId === run.insertionId);
      if (origin.assisted) {
        lines.push(`- Revision: ${assistedWords(origin.revisedBy ?? origin.requestedBy)}`);
      } else if (survival) {
        lines.push(
          `- Survival: ${survival.surviving} of ${count(survival.inserted, 'character')} still in the script (${Math.round(survival.survivalRatio * 100)}%)`,
        );
      }
    }
    lines.push(`- This stretch: ${count(run.end - run.start, 'character')}`);
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(session.doc, run.start, run.end) };
  }));
}

/** "1 character", "2 characters". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A time as a writer reads it ("30 Nov 2026, 14:05"), not an ISO timestamp. */
export function readableTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time));
}
