import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { RosterEvent, RosterFilter, type RosterEventRow } from './roster-event.type';
import { checkRosterFilter, resolveRosterCursor } from './roster-event.service';
import { decodeRosterFilter } from './roster-event.resolver';

interface RosterArgs {
  filter: RosterFilter;
  after?: string | null;
}

/**
 * Live roster changes over graphql-ws. Checks the filter and the cursor once, then hands the
 * subscription to the process's fan-out (roster-fanout.ts), which replays everything after `after`
 * and then pushes each batch as the viewer is at that moment. The fan-out writes the frames; the
 * stream returned here only ends when the subscription does.
 */
async function liveRosterEvents(ctx: Context, args: RosterArgs, info: GraphQLResolveInfo): Promise<AsyncIterable<RosterEventRow>> {
  const viewer = requireViewer(ctx);
  if (!ctx.live) throw new Error('rosterChanged is served over graphql-ws only');
  const filter = await checkRosterFilter(ctx.db, viewer, decodeRosterFilter(args.filter));
  const after = await resolveRosterCursor(ctx.db, args.after);
  const { fanout, connection, operationId, args: exec } = ctx.live;
  return fanout.subscribe({
    connection, operationId, viewer, after, root: info.fieldNodes[0],
    query: { document: exec.document, operationName: exec.operationName, variableValues: exec.variableValues, feed: 'roster', filter },
  });
}

@Resolver(() => RosterEvent)
export class RosterLiveResolver {
  @Subscription(() => RosterEvent, {
    description: 'Roster changes matching the filter, pushed only after they commit, in the order of `rosterEvents` (the same cursors). With `after`, first replays every committed event after that cursor, so a reconnecting client misses nothing. Over graphql-ws only; a socket holds at most 100 subscriptions.',
    subscribe: ({ args, context, info }) => liveRosterEvents(context as Context, args as RosterArgs, info),
  })
  rosterChanged(
    @Root() event: RosterEventRow,
    @Arg('filter', () => RosterFilter) _filter: RosterFilter,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): RosterEventRow {
    return event;
  }
}
