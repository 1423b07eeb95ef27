import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { DateRangeInput } from '../../platform/graphql-types';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { Team, type TeamRow } from '../teams/team.type';
import { Grid, type GridRow } from '../grids/grid.type';
import { Assignment } from '../assignments/assignment.type';
import { HourAdjustment, HourTally, TALLY_ROWS, TallyInput, TallyRow, type HourAdjustmentRow } from './hours.type';
import { cappedList, firstArg, firstWithin } from '../../platform/list-caps';
import { adjustHours, tally } from './hours.service';
import type { Tally } from './hours.queries';
import { rangeBounds } from '../../platform/date-range';
import { ServiceItem, type ServiceItemRow } from './service-item.type';
import { SERVICE_ITEMS, serviceItems } from './service-record.queries';

@Resolver(() => HourAdjustment)
export class HoursResolver {
  @FieldResolver(() => ID)
  id(@Root() row: HourAdjustmentRow): string {
    return toGlobalId('HourAdjustment', row.id);
  }

  @FieldResolver(() => Volunteer)
  volunteer(@Root() row: HourAdjustmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.nodes.Volunteer?.(row.volunteerId) ?? null;
  }

  @FieldResolver(() => Assignment, { nullable: true })
  assignment(@Root() row: HourAdjustmentRow, @Ctx() ctx: Context) {
    return row.assignmentId == null ? null : ctx.loaders.nodes.Assignment?.(row.assignmentId) ?? null;
  }

  @Query(() => [TallyRow], cappedList(TALLY_ROWS, 'Most hours first.'))
  tally(
    @Arg('input', () => TallyInput) input: TallyInput,
    @Arg('first', () => Int, firstArg(TALLY_ROWS)) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return tally(ctx.db, requireViewer(ctx), ctx.loaders.organizations, {
      limit: firstWithin(first, TALLY_ROWS),
      groupBy: input.groupBy,
      range: input.range ?? null,
      organizationId: fromGlobalIdOrNull(input.organizationId, 'Organization', 'input.organizationId'),
      teamId: fromGlobalIdOrNull(input.teamId, 'Team', 'input.teamId'),
      gridId: fromGlobalIdOrNull(input.gridId, 'Grid', 'input.gridId'),
    });
  }

  @Mutation(() => HourAdjustment, {
    description: "Append-only correction of a volunteer's hours; never edits an existing record. For staff who look after the volunteer (not through a roster alone); a correction participant's, for their correction office.",
  })
  adjustHours(
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Arg('hours', () => Float) hours: number,
    @Arg('reason', () => String) reason: string,
    @Arg('assignmentId', () => ID, { nullable: true }) assignmentId: string | null,
    @Arg('organizationId', () => ID, { nullable: true, description: 'The organization the correction is recorded for (its staff see it); by default the one through which you look after the volunteer.' })
    organizationId: string | null,
    @Ctx() ctx: Context,
  ): Promise<HourAdjustmentRow> {
    return adjustHours(ctx.db, requireViewer(ctx), {
      volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'),
      hours,
      reason,
      assignmentId: fromGlobalIdOrNull(assignmentId, 'Assignment', 'assignmentId'),
      organizationId: fromGlobalIdOrNull(organizationId, 'Organization', 'organizationId'),
    });
  }
}

@Resolver(() => Volunteer)
export class VolunteerHoursResolver {
  @FieldResolver(() => HourTally)
  hours(@Root() row: VolunteerRow, @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null, @Ctx() ctx: Context): Promise<Tally> {
    return ctx.loaders.hours.volunteer.load({ id: row.id, range });
  }

  @FieldResolver(() => [ServiceItem], cappedList(SERVICE_ITEMS, "The service lines behind hours (what you may see of them: for a correction office, its participants' every line), oldest first."))
  serviceItems(
    @Root() row: VolunteerRow,
    @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null,
    @Arg('first', () => Int, firstArg(SERVICE_ITEMS)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<ServiceItemRow[]> {
    rangeBounds(range, 'range');
    return serviceItems(ctx.db, requireViewer(ctx), row.id, { from: range?.from ?? null, to: range?.to ?? null }, firstWithin(first, SERVICE_ITEMS));
  }
}

@Resolver(() => Team)
export class TeamHoursResolver {
  @FieldResolver(() => HourTally)
  hours(@Root() row: TeamRow, @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null, @Ctx() ctx: Context): Promise<Tally> {
    return ctx.loaders.hours.team.load({ id: row.id, range });
  }
}

@Resolver(() => Grid)
export class GridHoursResolver {
  @FieldResolver(() => HourTally)
  hours(@Root() row: GridRow, @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null, @Ctx() ctx: Context): Promise<Tally> {
    return ctx.loaders.hours.grid.load({ id: row.id, range });
  }
}
