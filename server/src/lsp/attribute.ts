/**
 * `fountainProvenance/attribute`: a client that knows more than the server (a paste, its own
 * AI command, an undo) says so after the change; the ranges are mapped forward from the
 * version they were sent for and relabelled.
 */
import { isOrigin } from '../provenance/origin';
import { attributeNotification } from '../shared/protocol';
import type { ServerContext } from './context';

export function register(ctx: ServerContext): void {
  ctx.connection.onNotification(attributeNotification, async (params) => {
    const session = await ctx.sessions.ready(params.uri);
    if (!session) {
      ctx.deps.logger.warn(`fountainProvenance/attribute for ${params.uri}, which is not open`);
      return;
    }
    let changed = false;
    for (const { range, origin } of params.ranges ?? []) {
      if (!isOrigin(origin) || !range) {
        ctx.deps.logger.warn(`fountainProvenance/attribute: ignored a range without a valid origin in ${params.uri}`);
        continue;
      }
      const done = session.relabel(range, params.version, origin, 'relabel');
      if (!done) ctx.deps.logger.warn(`fountainProvenance/attribute: version ${params.version} of ${params.uri} is too old to map; ignored`);
      else changed = true;
    }
    if (changed) ctx.sessions.changed(session, false);
  });
}
