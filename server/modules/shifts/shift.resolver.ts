import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError } from '../../platform/errors';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { pageSize, toPage, type Page } from '../../platform/pagination';
import { cappedList, firstArg, firstOf, pageCost, sizedListCost } from '../../platform/list-caps';
import { DateRangeInput } from '../../platform/graphql-types';
import { Grid, type GridRow } from '../grids/grid.type';
import { canManageGrid } from '../grids/grid.policy';
import { Team, type TeamRow } from '../teams/team.type';
import {
  ELIGIBLE_TEAMS, Shift, ShiftChangesInput, ShiftConnection, ShiftFilter, ShiftInput, ShiftRotationInput, type ShiftRow,
} from './shift.type';
import { updateShift } from './shift-update.service';
import { MAX_ROTATION_DAYS, type ShiftTemplate } from './shift.validation';
import {
  cancelShift, createShift, createShiftRotation, decodeShiftCursor, listShifts, shiftCursorOf, shiftListFilter,
} from './shift.service';

function template(input: ShiftInput, prefix: string): ShiftTemplate {
  return {
    title: input.title, duty: input.duty, gridId: fromGlobalId(input.gridId, 'Grid', `${prefix}.gridId`),
    location: input.location, capacity: input.capacity, requiredSkills: input.requiredSkills,
    requiresPartyMember: input.requiresPartyMember,
    eligibleTeamIds: (input.eligibleTeamIds ?? []).map((id) => fromGlobalId(id, 'Team', `${prefix}.eligibleTeamIds`)),
  };
}

/** How many shifts a createShiftRotation makes; more than validation allows is refused there, with its own message. */
function rotationLength(args: Record<string, unknown>): number {
  const input = args.input as { days?: unknown; shiftsPerDay?: unknown } | undefined;
  return Math.min(Number(input?.days) * Number(input?.shiftsPerDay) || 0, MAX_ROTATION_DAYS * 12);
}

@Resolver(() => Shift)
export class ShiftResolver {
  @FieldResolver(() => ID)
  id(@Root() shift: ShiftRow): string {
    return toGlobalId('Shift', shift.id);
  }

  @FieldResolver(() => Grid)
  async grid(@Root() shift: ShiftRow, @Ctx() ctx: Context): Promise<GridRow> {
    const grid = await ctx.loaders.grids.visibleById.load(shift.gridId);
    if (!grid) throw new NotFoundError('Grid');
    return grid;
  }

  @FieldResolver(() => [Team], cappedList(ELIGIBLE_TEAMS, 'When not empty, only members of these teams may take the shift.'))
  async eligibleTeams(
    @Root() shift: ShiftRow, @Arg('first', () => Int, firstArg(ELIGIBLE_TEAMS)) first: number | null, @Ctx() ctx: Context,
  ): Promise<TeamRow[]> {
    return firstOf(await ctx.loaders.shifts.visibleEligibleTeams.load(shift.id), first, ELIGIBLE_TEAMS);
  }

  @FieldResolver(() => String, { nullable: true, description: "Six-digit code a seated volunteer checks in with; shown only to the grid's org admins and coordinators, null for everyone else." })
  async checkInCode(@Root() shift: ShiftRow, @Ctx() ctx: Context): Promise<string | null> {
    if (!ctx.viewer) return null;
    const grid = await ctx.loaders.grids.visibleById.load(shift.gridId);
    return grid && canManageGrid(ctx.viewer, grid.organizationPath) ? shift.checkInCode : null;
  }

  @Query(() => ShiftConnection, { complexity: pageCost(50) })
  shifts(
    @Arg('filter', () => ShiftFilter) filter: ShiftFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<ShiftRow>> {
    const viewer = requireViewer(ctx);
    const gridId = fromGlobalIdOrNull(filter.gridId, 'Grid', 'filter.gridId');
    return listShifts(ctx.db, viewer, gridId, filter, { first, after });
  }

  @Mutation(() => Shift)
  createShift(@Arg('input', () => ShiftInput) input: ShiftInput, @Ctx() ctx: Context): Promise<ShiftRow> {
    const viewer = requireViewer(ctx);
    return createShift(ctx.db, viewer, { ...template(input, 'input'), startsAt: input.startsAt, endsAt: input.endsAt });
  }

  @Mutation(() => [Shift], { complexity: sizedListCost(rotationLength) })
  createShiftRotation(@Arg('input', () => ShiftRotationInput) input: ShiftRotationInput, @Ctx() ctx: Context): Promise<ShiftRow[]> {
    const viewer = requireViewer(ctx);
    return createShiftRotation(ctx.db, viewer, {
      template: template(input.template, 'input.template'),
      startDate: input.startDate, days: input.days, shiftsPerDay: input.shiftsPerDay, dayStartsAt: input.dayStartsAt,
    });
  }

  @Mutation(() => Shift, { description: "Changes a shift's details, times or capacity; see ShiftChangesInput. One SHIFT_UPDATED roster event." })
  updateShift(
    @Arg('id', () => ID) id: string,
    @Arg('changes', () => ShiftChangesInput) changes: ShiftChangesInput,
    @Ctx() ctx: Context,
  ): Promise<ShiftRow> {
    const viewer = requireViewer(ctx);
    return updateShift(ctx.db, viewer, fromGlobalId(id, 'Shift'), {
      ...changes,
      eligibleTeamIds: changes.eligibleTeamIds?.map((team) => fromGlobalId(team, 'Team', 'changes.eligibleTeamIds')),
    });
  }

  @Mutation(() => Shift)
  cancelShift(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<ShiftRow> {
    const viewer = requireViewer(ctx);
    return cancelShift(ctx.db, viewer, fromGlobalId(id, 'Shift'), reason);
  }
}

/** Grid.shifts: the shifts of a grid and every grid below it, batched across grids. */
@Resolver(() => Grid)
export class GridShiftsResolver {
  @FieldResolver(() => ShiftConnection, { complexity: pageCost(50) })
  async shifts(
    @Root() grid: GridRow,
    @Arg('range', () => DateRangeInput, { nullable: true }) range: DateRangeInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<Page<ShiftRow>> {
    const limit = pageSize(first);
    const page = await ctx.loaders.shifts.gridShifts.load({
      gridId: grid.id, filter: shiftListFilter({ range }), after: decodeShiftCursor(after), limit,
    });
    return toPage(page.rows, limit, page.totalCount, shiftCursorOf);
  }
}
