import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DateRangeInput } from '../../platform/graphql-types';
import { decodeTimeCursor, pageSize, toPage, type Page, type TimeCursor } from '../../platform/pagination';
import { cappedList, firstArg, firstOf, pageCost } from '../../platform/list-caps';
import { rangeBounds } from '../../platform/date-range';
import { Shift, type ShiftRow } from '../shifts/shift.type';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { Assignment, AssignmentConnection, SHIFT_ROSTER, type AssignmentRow } from './assignment.type';
import type { AssignmentWithStart } from './roster.queries';

@Resolver(() => Shift)
export class ShiftRosterResolver {
  @FieldResolver(() => [Assignment], cappedList(SHIFT_ROSTER, 'Every non-cancelled assignment, seated first, then the waitlist in order.'))
  async roster(
    @Root() shift: ShiftRow, @Arg('first', () => Int, firstArg(SHIFT_ROSTER)) first: number | null, @Ctx() ctx: Context,
  ): Promise<AssignmentRow[]> {
    return firstOf(await ctx.loaders.assignments.rosterByShift.load(shift.id), first, SHIFT_ROSTER);
  }

  @FieldResolver(() => Int)
  waitlisted(@Root() shift: ShiftRow, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.assignments.waitlistedByShift.load(shift.id);
  }
}

@Resolver(() => Volunteer)
export class VolunteerAssignmentsResolver {
  /** Every assignment of the volunteer on shifts the viewer may see, newest shift first. */
  @FieldResolver(() => AssignmentConnection, { complexity: pageCost(50) })
  async assignments(
    @Root() volunteer: VolunteerRow,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null,
    @Ctx() ctx: Context,
  ): Promise<Page<AssignmentWithStart>> {
    const limit = pageSize(first);
    const { start, end } = rangeBounds(range);
    const page = await ctx.loaders.assignments.volunteerPages.load({
      volunteerId: volunteer.id, start: start?.toISOString() ?? null, end: end?.toISOString() ?? null, after: assignmentCursor(after), limit,
    });
    return toPage(page.rows, limit, page.totalCount, (row) => [row.shiftStartsAt.toISOString(), row.id]);
  }
}

function assignmentCursor(after: string | null): TimeCursor | null {
  return decodeTimeCursor(after);
}
