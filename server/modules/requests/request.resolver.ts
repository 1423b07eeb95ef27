import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstOf, firstWithin, listCap } from '../../platform/list-caps';
import { NotFoundError } from '../../platform/errors';
import { DateScalar } from '../../platform/scalars';
import { Grid } from '../grids/grid.type';
import type { GridRecord } from '../grids/grid.queries';
import { Volunteer } from '../volunteers/volunteer.type';
import { Household, type HouseholdRow } from './household.type';
import { DispatchInput, ServiceRequestInput } from './request.inputs';
import { BUILDING_BATCH, BUILDING_REQUESTS, RequestBuilding, REQUEST_QUEUE, REQUEST_RUNS, ServiceRequest, ServiceRun, type ServiceRequestRow, type ServiceRunRow } from './request.type';
import { cancelServiceRequest, recordServiceRequest } from './request.service';
import { claimRequest, dispatchBuilding, dispatchCandidates, dispatchRequest } from './dispatch.service';
import { canManageRequests } from './request.policy';
import { requestQueue } from './request-views.service';

/** ServiceRequest.candidates: whom a dispatcher may pick from. */
const CANDIDATES = listCap(100, 10);

@Resolver(() => ServiceRequest)
export class ServiceRequestResolver {
  @FieldResolver(() => ID)
  id(@Root() request: ServiceRequestRow): string {
    return toGlobalId('ServiceRequest', request.id);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The building or sub-grid of its household.' })
  grid(@Root() request: ServiceRequestRow, @Ctx() ctx: Context): Promise<GridRecord | null> {
    return ctx.loaders.grids.visibleById.load(request.gridId);
  }

  @FieldResolver(() => Household, { nullable: true, description: "Null unless the viewer may see the household (its staff; the volunteer while their run is open)." })
  household(@Root() request: ServiceRequestRow, @Ctx() ctx: Context): Promise<HouseholdRow | null> {
    return ctx.loaders.requests.visibleHouseholdById.load(request.householdId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'What is needed; readable exactly when the household is.' })
  async details(@Root() request: ServiceRequestRow, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.loaders.requests.visibleHouseholdById.load(request.householdId)) ? request.details : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The six digits the resident hands over at the door: only for those who look after the grid's residents (never the runner)." })
  handoverCode(@Root() request: ServiceRequestRow, @Ctx() ctx: Context): string | null {
    return ctx.viewer && canManageRequests(ctx.viewer, request) ? request.handoverCode : null;
  }

  @FieldResolver(() => [ServiceRun], cappedList(REQUEST_RUNS, "Its runs, oldest first (the history, FAILED ones included): all of them for the grid's staff, a volunteer's own otherwise."))
  async runs(@Root() request: ServiceRequestRow, @Arg('first', () => Int, firstArg(REQUEST_RUNS)) first: number | null, @Ctx() ctx: Context): Promise<ServiceRunRow[]> {
    return firstOf(await ctx.loaders.requests.visibleRunsOfRequest.load(request.id), first, REQUEST_RUNS);
  }

  @FieldResolver(() => [Volunteer], cappedList(CANDIDATES, 'Volunteers the viewer could send now: serving the grid, with every needed skill, free in the window (staff of the grid only).'))
  async candidates(@Root() request: ServiceRequestRow, @Arg('first', () => Int, firstArg(CANDIDATES)) first: number | null, @Ctx() ctx: Context) {
    const ids = await dispatchCandidates(ctx.db, requireViewer(ctx), request.id, firstWithin(first, CANDIDATES));
    return (await ctx.loaders.volunteers.visibleById.loadMany(ids)).filter((v) => v && !(v instanceof Error));
  }

  @Query(() => [RequestBuilding], cappedList(REQUEST_QUEUE, "A grid's (and its subtree's) open requests planned for a day, by building, most urgent first; as many requests as `first` at most."))
  async requestQueue(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('day', () => DateScalar) day: string,
    @Arg('first', () => Int, firstArg(REQUEST_QUEUE)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<RequestBuilding[]> {
    return requestQueue(ctx.db, requireViewer(ctx), fromGlobalId(gridId, 'Grid', 'gridId'), day, firstWithin(first, REQUEST_QUEUE));
  }

  @Mutation(() => ServiceRequest, { description: "Records a resident's need, planned by the grid's cut-off. Those who look after the grid's residents." })
  async recordServiceRequest(@Arg('input', () => ServiceRequestInput) input: ServiceRequestInput, @Ctx() ctx: Context): Promise<ServiceRequestRow> {
    const id = await recordServiceRequest(ctx.db, requireViewer(ctx), { ...input, householdId: fromGlobalId(input.householdId, 'Household', 'input.householdId') });
    return loadRequest(ctx, id);
  }

  @Mutation(() => ServiceRequest, { description: 'Cancels an open request, with a reason (CONFLICT REQUEST_NOT_OPEN when someone holds it).' })
  async cancelServiceRequest(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<ServiceRequestRow> {
    return loadRequest(ctx, await cancelServiceRequest(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRequest'), reason));
  }

  @Mutation(() => ServiceRun, { description: 'Sends an open request to a volunteer (serving its grid, skilled, free) or a team serving its grid. CONFLICT reasons: NOT_SERVING_GRID, MISSING_SKILL, VOLUNTEER_NOT_ACTIVE, UNAVAILABLE, REQUEST_NOT_OPEN, REQUEST_TAKEN.' })
  dispatchServiceRequest(@Arg('id', () => ID) id: string, @Arg('target', () => DispatchInput) target: DispatchInput, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return dispatchRequest(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRequest'), decodeTarget(target));
  }

  @Mutation(() => [ServiceRun], cappedList(BUILDING_BATCH, "Sends the open requests of one building (or sub-grid) planned for the day — the `first` most urgent — to one volunteer or team: all or none."))
  dispatchBuilding(
    @Arg('gridId', () => ID) gridId: string, @Arg('day', () => DateScalar) day: string,
    @Arg('target', () => DispatchInput) target: DispatchInput,
    @Arg('first', () => Int, firstArg(BUILDING_BATCH)) first: number | null, @Ctx() ctx: Context,
  ): Promise<ServiceRunRow[]> {
    return dispatchBuilding(ctx.db, requireViewer(ctx), fromGlobalId(gridId, 'Grid', 'gridId'), day, decodeTarget(target), firstWithin(first, BUILDING_BATCH));
  }

  @Mutation(() => ServiceRun, { description: 'A volunteer takes an open request of a grid they serve; of concurrent claims exactly one wins (CONFLICT REQUEST_TAKEN for the others).' })
  claimServiceRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return claimRequest(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRequest'));
  }
}

function decodeTarget(target: DispatchInput) {
  return {
    volunteerId: fromGlobalIdOrNull(target.volunteerId, 'Volunteer', 'target.volunteerId'),
    teamId: fromGlobalIdOrNull(target.teamId, 'Team', 'target.teamId'),
    exclusive: target.exclusive ?? false,
  };
}

export async function loadRequest(ctx: Context, id: number): Promise<ServiceRequestRow> {
  const row = await ctx.loaders.requests.visibleRequestById.load(id);
  if (!row) throw new NotFoundError('ServiceRequest');
  return row;
}

@Resolver(() => RequestBuilding)
export class RequestBuildingResolver {
  @FieldResolver(() => [ServiceRequest], cappedList(BUILDING_REQUESTS, 'Most urgent first, then by window.'))
  requests(@Root() group: RequestBuilding, @Arg('first', () => Int, firstArg(BUILDING_REQUESTS)) first: number | null): ServiceRequestRow[] {
    return firstOf(group.requests, first, BUILDING_REQUESTS);
  }

  @FieldResolver(() => Grid, { nullable: true })
  building(@Root() group: RequestBuilding, @Ctx() ctx: Context): Promise<GridRecord | null> {
    return ctx.loaders.grids.visibleById.load(group.buildingId);
  }
}
