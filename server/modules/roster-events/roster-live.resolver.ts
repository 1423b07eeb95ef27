import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { RosterEvent, RosterFilter, type RosterEventRow } from './roster-event.type';
import { checkRosterFilter, resolveRosterCursor } from './roster-event.service';
import { decodeRosterFilter } from './roster-event.resolver';
import { subscribeToLog } from './live-subscribe';

interface RosterArgs {
  filter: RosterFilter;
  after?: string | null;
}

/** Live roster changes over graphql-ws: the filter and the cursor are checked once, then the fan-out serves it. */
async function liveRosterEvents(ctx: Context, args: RosterArgs, info: GraphQLResolveInfo): Promise<AsyncIterable<RosterEventRow>> {
  const viewer = requireViewer(ctx);
  const filter = await checkRosterFilter(ctx.db, viewer, decodeRosterFilter(args.filter));
  const after = await resolveRosterCursor(ctx.db, args.after);
  return subscribeToLog(ctx, viewer, 'roster', filter, after, info);
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
