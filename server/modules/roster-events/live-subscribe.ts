import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import type { Viewer } from '../auth/viewer';
import type { FeedName, LiveFilter } from './live-feed';

/**
 * Hands a subscription whose filter and cursor are already checked to the process's fan-out, which
 * replays everything after `after` and then pushes each batch as the viewer is at that moment. The
 * fan-out writes the frames; the stream returned here only ends when the subscription does.
 */
export function subscribeToLog(ctx: Context, viewer: Viewer, feed: FeedName, filter: LiveFilter, after: number | null, info: GraphQLResolveInfo) {
  if (!ctx.live) throw new Error(`${info.fieldName} is served over graphql-ws only`);
  const { fanout, connection, operationId, args: exec } = ctx.live;
  return fanout.subscribe({
    connection, operationId, viewer, after, root: info.fieldNodes[0],
    query: { document: exec.document, operationName: exec.operationName, variableValues: exec.variableValues, feed, filter },
  });
}
