import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstOf, firstWithin } from '../../platform/list-caps';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import {
  CHILD_GRIDS, Deployment, Grid, GRID_DEPLOYMENTS, GRID_SUBTREE, GridLevel, TOP_GRIDS, ZONE_HISTORY, ZoneChange, ZoneLevel, type ZoneChangeRow,
} from './grid.type';
import type { GridRecord } from './grid.queries';
import type { DeploymentRecord } from './deployment.queries';
import { seesZoneHistory } from './grid.policy';
import { createGrid, listGrids, setGridLeader, setZone } from './grid.service';
import { setGridRequestCutoff } from './grid-settings.service';
import { Organization, type OrganizationRow } from '../organizations/organization.type';

@Resolver(() => Grid)
export class GridResolver {
  @FieldResolver(() => ID)
  id(@Root() grid: GridRecord): string {
    return toGlobalId('Grid', grid.id);
  }

  @FieldResolver(() => Grid, { nullable: true })
  parent(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<GridRecord | null> | null {
    return grid.parentId == null ? null : ctx.loaders.grids.visibleById.load(grid.parentId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'The organization that runs the grid; null when you may not see it (a deployed team\'s staff see the grid only).' })
  organization(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<OrganizationRow | null> {
    return ctx.loaders.organizations.visibleById.load(grid.organizationId);
  }

  @FieldResolver(() => [Grid], cappedList(CHILD_GRIDS, 'In creation order.'))
  async children(
    @Root() grid: GridRecord, @Arg('first', () => Int, firstArg(CHILD_GRIDS)) first: number | null, @Ctx() ctx: Context,
  ): Promise<GridRecord[]> {
    return firstOf(await ctx.loaders.grids.visibleChildren.load(grid.id), first, CHILD_GRIDS);
  }

  @FieldResolver(() => [Grid], cappedList(GRID_SUBTREE,
    'This grid and every grid below it that the viewer sees, at any depth, parents before children.'))
  async subtree(
    @Root() grid: GridRecord, @Arg('first', () => Int, firstArg(GRID_SUBTREE)) first: number | null, @Ctx() ctx: Context,
  ): Promise<GridRecord[]> {
    return firstOf(await ctx.loaders.grids.visibleSubtree.load(grid.path), first, GRID_SUBTREE);
  }

  @FieldResolver(() => String, { description: 'Service requests collected before this time (HH:MM, Asia/Shanghai) are planned for the next day, later ones for the day after: this grid\'s own, else the nearest grid above it that sets one, else 17:00.' })
  requestCutoff(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<string> {
    return ctx.loaders.grids.requestCutoff.load(grid.id);
  }

  @FieldResolver(() => Volunteer, { nullable: true })
  leader(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<VolunteerRow | null> | null {
    return grid.leaderVolunteerId == null ? null : ctx.loaders.volunteers.visibleById.load(grid.leaderVolunteerId);
  }

  @FieldResolver(() => [Deployment], cappedList(GRID_DEPLOYMENTS, 'Teams deployed to this grid (驰援), current and past, by start.'))
  async deployments(
    @Root() grid: GridRecord, @Arg('first', () => Int, firstArg(GRID_DEPLOYMENTS)) first: number | null, @Ctx() ctx: Context,
  ): Promise<DeploymentRecord[]> {
    return firstOf(await ctx.loaders.grids.visibleDeploymentsByGrid.load(grid.id), first, GRID_DEPLOYMENTS);
  }

  @FieldResolver(() => [ZoneChange], cappedList(ZONE_HISTORY,
    "Every zone change, oldest first. Staff of the grid's organization only; empty for anyone else."))
  async zoneHistory(
    @Root() grid: GridRecord, @Arg('first', () => Int, firstArg(ZONE_HISTORY)) first: number | null, @Ctx() ctx: Context,
  ): Promise<ZoneChangeRow[]> {
    const viewer = requireViewer(ctx);
    return firstOf(seesZoneHistory(viewer, grid.organizationPath) ? await ctx.loaders.grids.zoneHistory.load(grid.id) : [], first, ZONE_HISTORY);
  }

  @Query(() => [Grid], cappedList(TOP_GRIDS, 'Top-level grids (or the children of `parentId`) visible to the viewer.'))
  grids(
    @Arg('parentId', () => ID, { nullable: true }) parentId: string | null,
    @Arg('first', () => Int, firstArg(TOP_GRIDS)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<GridRecord[]> {
    const viewer = requireViewer(ctx);
    return listGrids(ctx.db, viewer, fromGlobalIdOrNull(parentId, 'Grid', 'parentId'), firstWithin(first, TOP_GRIDS));
  }

  @Mutation(() => Grid)
  createGrid(
    @Arg('name', () => String) name: string,
    @Arg('level', () => GridLevel) level: GridLevel,
    @Arg('parentId', () => ID, { nullable: true }) parentId: string | null,
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() ctx: Context,
  ): Promise<GridRecord> {
    const viewer = requireViewer(ctx);
    return createGrid(ctx.db, viewer, {
      name, level,
      parentId: fromGlobalIdOrNull(parentId, 'Grid', 'parentId'),
      organizationId: fromGlobalId(organizationId, 'Organization', 'organizationId'),
    });
  }

  @Mutation(() => Grid)
  setZone(@Arg('gridId', () => ID) gridId: string, @Arg('zone', () => ZoneLevel) zone: ZoneLevel, @Ctx() ctx: Context): Promise<GridRecord> {
    const viewer = requireViewer(ctx);
    return setZone(ctx.db, viewer, fromGlobalId(gridId, 'Grid', 'gridId'), zone);
  }

  @Mutation(() => Grid, { description: "Sets the grid's request cut-off (HH:MM, Asia/Shanghai), or clears it to inherit the grid above's. The grid's managers and its grid leaders." })
  setGridRequestCutoff(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('cutoff', () => String, { nullable: true }) cutoff: string | null,
    @Ctx() ctx: Context,
  ): Promise<GridRecord> {
    return setGridRequestCutoff(ctx.db, requireViewer(ctx), fromGlobalId(gridId, 'Grid', 'gridId'), cutoff ?? null);
  }

  @Mutation(() => Grid)
  setGridLeader(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('volunteerId', () => ID, { nullable: true }) volunteerId: string | null,
    @Ctx() ctx: Context,
  ): Promise<GridRecord> {
    const viewer = requireViewer(ctx);
    return setGridLeader(ctx.db, viewer, fromGlobalId(gridId, 'Grid', 'gridId'), fromGlobalIdOrNull(volunteerId, 'Volunteer', 'volunteerId'));
  }
}

/** Volunteer.homeGrid: the grid, if the viewer may see it. */
@Resolver(() => Volunteer)
export class VolunteerHomeGridResolver {
  @FieldResolver(() => Grid, { nullable: true })
  homeGrid(@Root() volunteer: VolunteerRow, @Ctx() ctx: Context): Promise<GridRecord | null> | null {
    return volunteer.homeGridId == null ? null : ctx.loaders.grids.visibleById.load(volunteer.homeGridId);
  }
}
