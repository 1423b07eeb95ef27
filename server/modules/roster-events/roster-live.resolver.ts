import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { createLoaders } from '../../loaders';
import { loadViewer } from '../auth/viewer.loader';
import { UnauthenticatedError } from '../../platform/errors';
import { RosterEvent, RosterFilter, type RosterEventRow } from './roster-event.type';
import { checkRosterFilter, decodeRosterCursor, readRosterEvents, rosterCursorOf, MAX_ROSTER_PAGE } from './roster-event.service';
import { decodeRosterFilter } from './roster-event.resolver';
import { selectHeadCursor } from './roster-event.queries';
import { rosterStream } from './roster-stream';

interface RosterArgs {
  filter: RosterFilter;
  after?: string | null;
}

/**
 * Live roster changes over graphql-ws. Checks the filter once, replays everything after `after`
 * (or starts at the log's head), then follows NOTIFY wake-ups. Each new batch is read as the viewer
 * is at that moment, with fresh loaders, so a revoked role or a changed scope applies at once.
 */
async function liveRosterEvents(ctx: Context, args: RosterArgs): Promise<AsyncIterable<RosterEventRow>> {
  let viewer = requireViewer(ctx);
  const filter = await checkRosterFilter(ctx.db, viewer, decodeRosterFilter(args.filter));
  const start = args.after != null
    ? (decodeRosterCursor(args.after), args.after)
    : await selectHeadCursor(ctx.db).then((head) => (head ? rosterCursorOf(head) : null));
  return rosterStream<RosterEventRow>({
    notifier: ctx.deps.notifier,
    start,
    cursorOf: rosterCursorOf,
    readAfter: async (cursor) => {
      const peek = await readRosterEvents(ctx.db, viewer, filter, cursor, 1);
      if (peek.length === 0) return peek;
      // Something new: re-read as the viewer is now, with loaders of their own for this batch.
      const fresh = await loadViewer(ctx.db, viewer.accountId);
      if (!fresh) throw new UnauthenticatedError('rosterEvents.accountGone');
      viewer = fresh;
      ctx.viewer = fresh;
      ctx.loaders = createLoaders(ctx.db, fresh, ctx.deps);
      return readRosterEvents(ctx.db, fresh, filter, cursor, MAX_ROSTER_PAGE);
    },
  });
}

@Resolver(() => RosterEvent)
export class RosterLiveResolver {
  @Subscription(() => RosterEvent, {
    description: 'Roster changes matching the filter, pushed only after they commit. With `after`, first replays every committed event after that cursor, so a reconnecting client misses nothing.',
    subscribe: ({ args, context }) => liveRosterEvents(context as Context, args as RosterArgs),
  })
  rosterChanged(
    @Root() event: RosterEventRow,
    @Arg('filter', () => RosterFilter) _filter: RosterFilter,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): RosterEventRow {
    return event;
  }
}
