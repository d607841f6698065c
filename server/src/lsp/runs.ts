/** `fountainProvenance/runs`: the origin runs of a script (or a range of it), for editors that decorate them. */
import { describeOrigin } from '../provenance/origin';
import { runsRequest, type RunsResult } from '../shared/protocol';
import { guarded, type ServerContext } from './context';
import { toOffsets, toPosition } from './positions';

export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(runsRequest, guarded(ctx, 'fountainProvenance/runs', null, async (params): Promise<RunsResult | null> => {
    const session = await ctx.sessions.ready(params.uri);
    if (!session) return null;
    const range = params.range ? toOffsets(session.doc, params.range) : undefined;
    const runs = session.record.ledger.runs(range?.start, range?.end);
    return {
      uri: session.uri,
      version: session.version,
      runs: runs.map((run) => ({
        kind: run.origin.kind,
        label: describeOrigin(run.origin),
        start: toPosition(session.doc, run.start),
        end: toPosition(session.doc, run.end),
        origin: run.origin,
      })),
    };
  }));
}
