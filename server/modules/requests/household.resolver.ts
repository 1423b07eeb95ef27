import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { NotFoundError } from '../../platform/errors';
import { maskMobile } from '../volunteers/volunteer.validation';
import { readsResidentContact } from '../visibility';
import { Grid } from '../grids/grid.type';
import type { GridRecord } from '../grids/grid.queries';
import { Household, HOUSEHOLDS, type HouseholdRow } from './household.type';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { HouseholdInput, HouseholdPatch } from './household.inputs';
import { recordHousehold, updateHousehold } from './household.service';

@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => ID)
  id(@Root() household: HouseholdRow): string {
    return toGlobalId('Household', household.id);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The building or sub-grid, when the viewer sees it.' })
  grid(@Root() household: HouseholdRow, @Ctx() ctx: Context): Promise<GridRecord | null> {
    return ctx.loaders.grids.visibleById.load(household.gridId);
  }

  @FieldResolver(() => String, { nullable: true, description: "In full for platform admins, the grid's organization's admins and its grid workers and leaders; masked like a mobile for anyone else who sees the household." })
  contactPhone(@Root() household: HouseholdRow, @Ctx() ctx: Context): string | null {
    if (!household.contactPhone) return null;
    const full = ctx.viewer && readsResidentContact(ctx.viewer, { path: household.gridPath, organizationPath: household.organizationPath });
    return full ? household.contactPhone : maskMobile(household.contactPhone);
  }

  @Mutation(() => Household, { description: "Records a household in a building or sub-grid (those who look after the grid's residents). CONFLICT HOUSEHOLD_EXISTS when the address is taken." })
  recordHousehold(@Arg('input', () => HouseholdInput) input: HouseholdInput, @Ctx() ctx: Context): Promise<HouseholdRow> {
    return recordHousehold(ctx.db, requireViewer(ctx), { ...input, gridId: fromGlobalId(input.gridId, 'Grid', 'input.gridId') });
  }

  @Mutation(() => Household, { description: "Changes a household's contact, size, standing needs or note." })
  updateHousehold(
    @Arg('id', () => ID) id: string, @Arg('patch', () => HouseholdPatch) patch: HouseholdPatch, @Ctx() ctx: Context,
  ): Promise<HouseholdRow> {
    return updateHousehold(ctx.db, requireViewer(ctx), fromGlobalId(id, 'Household'), patch);
  }
}

/** For resolvers that hand back a household by id: NOT_FOUND when the viewer may not see it. */
export async function visibleHousehold(ctx: Context, id: number): Promise<HouseholdRow> {
  const row = await ctx.loaders.requests.visibleHouseholdById.load(id);
  if (!row) throw new NotFoundError('Household');
  return row;
}

@Resolver(() => Grid)
export class GridHouseholdsResolver {
  @FieldResolver(() => [Household], cappedList(HOUSEHOLDS, "Households of the grid and the grids below it that the viewer may see (those who look after the grid's residents: all; a volunteer: those of their open runs), by address."))
  async households(@Root() grid: GridRecord, @Arg('first', () => Int, firstArg(HOUSEHOLDS)) first: number | null, @Ctx() ctx: Context): Promise<HouseholdRow[]> {
    return firstOf(await ctx.loaders.requests.visibleHouseholdsUnder.load(grid.id), first, HOUSEHOLDS);
  }
}
