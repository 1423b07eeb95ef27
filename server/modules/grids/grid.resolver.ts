import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { Deployment, Grid, GridLevel, ZoneChange, ZoneLevel, type ZoneChangeRow } from './grid.type';
import type { GridRecord } from './grid.queries';
import type { DeploymentRecord } from './deployment.queries';
import { seesZoneHistory } from './grid.policy';
import { createGrid, listGrids, setGridLeader, setZone } from './grid.service';

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

  @FieldResolver(() => [Grid])
  children(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<GridRecord[]> {
    return ctx.loaders.grids.visibleChildren.load(grid.id);
  }

  @FieldResolver(() => [Grid], { description: 'This grid and every grid below it that the viewer sees, at any depth, parents before children.' })
  subtree(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<GridRecord[]> {
    return ctx.loaders.grids.visibleSubtree.load(grid.path);
  }

  @FieldResolver(() => Volunteer, { nullable: true })
  leader(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<VolunteerRow | null> | null {
    return grid.leaderVolunteerId == null ? null : ctx.loaders.volunteers.visibleById.load(grid.leaderVolunteerId);
  }

  @FieldResolver(() => [Deployment], { description: 'Teams deployed to this grid (驰援), current and past.' })
  deployments(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<DeploymentRecord[]> {
    return ctx.loaders.grids.visibleDeploymentsByGrid.load(grid.id);
  }

  @FieldResolver(() => [ZoneChange], { description: "Every zone change, oldest first. Staff of the grid's organization only; empty for anyone else." })
  zoneHistory(@Root() grid: GridRecord, @Ctx() ctx: Context): Promise<ZoneChangeRow[]> | ZoneChangeRow[] {
    const viewer = requireViewer(ctx);
    return seesZoneHistory(viewer, grid.organizationPath) ? ctx.loaders.grids.zoneHistory.load(grid.id) : [];
  }

  @Query(() => [Grid], { description: 'Top-level grids (or the children of `parentId`) visible to the viewer.' })
  grids(@Arg('parentId', () => ID, { nullable: true }) parentId: string | null, @Ctx() ctx: Context): Promise<GridRecord[]> {
    const viewer = requireViewer(ctx);
    return listGrids(ctx.db, viewer, fromGlobalIdOrNull(parentId, 'Grid', 'parentId'));
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
