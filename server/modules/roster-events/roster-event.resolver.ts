import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError } from '../../platform/errors';
import { fromGlobalIdOrNull } from '../../platform/ids';
import { pageCost } from '../../platform/list-caps';
import { Assignment, type AssignmentRow } from '../assignments/assignment.type';
import { Shift, type ShiftRow } from '../shifts/shift.type';
import { RosterEvent, RosterFilter, type RosterEventRow } from './roster-event.type';
import { DEFAULT_ROSTER_PAGE, MAX_ROSTER_PAGE, listRosterEvents, rosterCursorOf, type RosterEventFilter } from './roster-event.service';

export function decodeRosterFilter(filter: RosterFilter): RosterEventFilter {
  return {
    shiftId: fromGlobalIdOrNull(filter.shiftId, 'Shift', 'filter.shiftId'),
    gridId: fromGlobalIdOrNull(filter.gridId, 'Grid', 'filter.gridId'),
    teamId: fromGlobalIdOrNull(filter.teamId, 'Team', 'filter.teamId'),
    organizationId: fromGlobalIdOrNull(filter.organizationId, 'Organization', 'filter.organizationId'),
    volunteerId: fromGlobalIdOrNull(filter.volunteerId, 'Volunteer', 'filter.volunteerId'),
  };
}

@Resolver(() => RosterEvent)
export class RosterEventResolver {
  @FieldResolver(() => String, { description: 'Opaque, strictly increasing position in the roster event log; pass it back as `after` to resume.' })
  cursor(@Root() event: RosterEventRow): string {
    return rosterCursorOf(event);
  }

  @FieldResolver(() => Shift)
  async shift(@Root() event: RosterEventRow, @Ctx() ctx: Context): Promise<ShiftRow> {
    const shift = await ctx.loaders.shifts.visibleById.load(event.shiftId);
    if (!shift) throw new NotFoundError('Shift');
    return shift;
  }

  /** Through the assignments module's scoped loader; events about unseen volunteers never get here. */
  @FieldResolver(() => Assignment, { nullable: true })
  assignment(@Root() event: RosterEventRow, @Ctx() ctx: Context): Promise<AssignmentRow | null> | null {
    return event.assignmentId == null ? null : ctx.loaders.assignments.visibleById.load(event.assignmentId);
  }

  @Query(() => [RosterEvent], {
    description: 'Committed roster events after `after` (oldest first), for catching up without a socket. '
      + `At most ${MAX_ROSTER_PAGE.toLocaleString('en-US')} per page.`,
    complexity: pageCost(DEFAULT_ROSTER_PAGE, MAX_ROSTER_PAGE),
  })
  rosterEvents(
    @Arg('filter', () => RosterFilter) filter: RosterFilter,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<RosterEventRow[]> {
    const viewer = requireViewer(ctx);
    return listRosterEvents(ctx.db, viewer, decodeRosterFilter(filter), after, first);
  }
}
