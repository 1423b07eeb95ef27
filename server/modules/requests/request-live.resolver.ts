import { Arg, Ctx, Field, FieldResolver, ID, InputType, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { fromGlobalIdOrNull } from '../../platform/ids';
import { resolveRosterCursor, rosterCursorOf } from '../roster-events/roster-event.service';
import type { LiveFilter } from '../roster-events/live-feed';
import { subscribeToLog } from '../roster-events/live-subscribe';
import { requestGrid, isRequestVisible } from './request.queries';
import { RequestEvent, ServiceRequest, ServiceRun, type RequestEventRow, type ServiceRequestRow, type ServiceRunRow } from './request.type';

@InputType('RequestFilter', { description: 'At most one of the three; none: every request event the viewer may read.' })
export class RequestFilter {
  @Field(() => ID, { nullable: true, description: 'This grid and every grid below it.' })
  gridId?: string | null;

  @Field(() => ID, { nullable: true })
  requestId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Runs of this volunteer; a volunteer may pass only their own id.' })
  volunteerId?: string | null;
}

/** Decodes the filter and checks each id against the viewer (NOT_FOUND for what they may not see). */
async function checkFilter(ctx: Context, raw: RequestFilter): Promise<LiveFilter> {
  const viewer = requireViewer(ctx);
  const filter = {
    gridId: fromGlobalIdOrNull(raw.gridId, 'Grid', 'filter.gridId'),
    requestId: fromGlobalIdOrNull(raw.requestId, 'ServiceRequest', 'filter.requestId'),
    volunteerId: fromGlobalIdOrNull(raw.volunteerId, 'Volunteer', 'filter.volunteerId'),
  };
  if ([filter.gridId, filter.requestId, filter.volunteerId].filter((v) => v != null).length > 1) {
    throw new BadUserInputError('requests.oneFilter', 'filter');
  }
  if (filter.gridId != null && !(await requestGrid(ctx.db, viewer, filter.gridId))?.visible) throw new NotFoundError('Grid');
  if (filter.requestId != null && !(await isRequestVisible(ctx.db, viewer, filter.requestId))) throw new NotFoundError('ServiceRequest');
  if (filter.volunteerId != null && filter.volunteerId !== viewer.volunteerId && !viewer.isPlatformAdmin && viewer.grants.length + viewer.gridGrants.length === 0) {
    throw new ForbiddenError('requests.followOwnRunsOnly');
  }
  return filter;
}

async function liveRequestEvents(ctx: Context, args: { filter: RequestFilter; after?: string | null }, info: GraphQLResolveInfo) {
  const viewer = requireViewer(ctx);
  const filter = await checkFilter(ctx, args.filter);
  const after = await resolveRosterCursor(ctx.db, args.after);
  return subscribeToLog(ctx, viewer, 'requests', filter, after, info);
}

@Resolver(() => RequestEvent)
export class RequestEventResolver {
  @FieldResolver(() => String, { description: 'Resume point for `after` (the same cursors as rosterChanged).' })
  cursor(@Root() event: RequestEventRow): string {
    return rosterCursorOf(event);
  }

  @FieldResolver(() => ServiceRequest, { nullable: true, description: 'The request as the viewer sees it now (its household only under the household rule).' })
  request(@Root() event: RequestEventRow, @Ctx() ctx: Context): Promise<ServiceRequestRow | null> {
    return ctx.loaders.requests.visibleRequestById.load(event.requestId);
  }

  @FieldResolver(() => ServiceRun, { nullable: true })
  run(@Root() event: RequestEventRow, @Ctx() ctx: Context): Promise<ServiceRunRow | null> | null {
    return event.runId == null ? null : ctx.loaders.requests.visibleRunById.load(event.runId);
  }

  @Subscription(() => RequestEvent, {
    description: 'Service request changes matching the filter, pushed after they commit, on the same log, ticks and cursors as rosterChanged (so the two interleave in commit order). Only events on requests the viewer sees; household facts only under the household rule. With `after`, replays what came after that cursor. Over graphql-ws only.',
    subscribe: ({ args, context, info }) => liveRequestEvents(context as Context, args as { filter: RequestFilter; after?: string | null }, info),
  })
  requestChanged(
    @Root() event: RequestEventRow,
    @Arg('filter', () => RequestFilter) _filter: RequestFilter,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): RequestEventRow {
    return event;
  }
}
