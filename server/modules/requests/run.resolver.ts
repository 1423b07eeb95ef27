import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstOf, firstWithin } from '../../platform/list-caps';
import { DateScalar } from '../../platform/scalars';
import { Volunteer } from '../volunteers/volunteer.type';
import { Team } from '../teams/team.type';
import { RunFailureReason, type RunFailureReason as FailureReason } from './request.enums';
import { MY_RUNS, TALLY_DAYS, RequestDayTally, ServiceRequest, ServiceRun, type ServiceRequestRow, type ServiceRunRow } from './request.type';
import { completeRun, confirmRun, failRun, releaseRun, startRun } from './run.service';
import { myRuns, requestNumbers } from './request-views.service';
import { loadRequest } from './request.resolver';

@Resolver(() => ServiceRun)
export class ServiceRunResolver {
  @FieldResolver(() => ID)
  id(@Root() run: ServiceRunRow): string {
    return toGlobalId('ServiceRun', run.id);
  }

  @FieldResolver(() => ServiceRequest)
  request(@Root() run: ServiceRunRow, @Ctx() ctx: Context): Promise<ServiceRequestRow> {
    return loadRequest(ctx, run.requestId);
  }

  @FieldResolver(() => Volunteer, { nullable: true, description: 'Who runs it, when the viewer sees them; null while a team holds it untried.' })
  volunteer(@Root() run: ServiceRunRow, @Ctx() ctx: Context) {
    return run.volunteerId == null ? null : ctx.loaders.volunteers.visibleById.load(run.volunteerId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team it was handed to, when the viewer sees it.' })
  team(@Root() run: ServiceRunRow, @Ctx() ctx: Context) {
    return run.teamId == null ? null : ctx.loaders.teams.visibleById.load(run.teamId);
  }

  @Query(() => [ServiceRun], cappedList(MY_RUNS, "The signed-in volunteer's runs for a day (today by default, Asia/Shanghai), their team's untried ones included, by window."))
  async myServiceRuns(
    @Arg('day', () => DateScalar, { nullable: true }) day: string | null,
    @Arg('first', () => Int, firstArg(MY_RUNS)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<ServiceRunRow[]> {
    const ids = await myRuns(ctx.db, requireViewer(ctx), day ?? null, firstWithin(first, MY_RUNS));
    return (await ctx.loaders.requests.visibleRunById.loadMany(ids)).filter((r): r is ServiceRunRow => !!r && !(r instanceof Error));
  }

  @Query(() => [RequestDayTally], cappedList(TALLY_DAYS, "Service requests of a grid and its subtree per planned day from `from` to `to` (a year at most; the first `first` days): requests, done, failed runs, residents served. Those who look after the grid's residents."))
  async requestNumbers(
    @Arg('gridId', () => ID) gridId: string, @Arg('from', () => DateScalar) from: string, @Arg('to', () => DateScalar) to: string,
    @Arg('first', () => Int, firstArg(TALLY_DAYS)) first: number | null, @Ctx() ctx: Context,
  ): Promise<RequestDayTally[]> {
    return firstOf(await requestNumbers(ctx.db, requireViewer(ctx), fromGlobalId(gridId, 'Grid', 'gridId'), from, to), first, TALLY_DAYS);
  }

  @Mutation(() => ServiceRun, { description: 'The volunteer on the run (or a member of the team it was handed to) sets out: EN_ROUTE.' })
  startServiceRun(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return startRun(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRun'));
  }

  @Mutation(() => ServiceRun, { description: "The runner hands over and types the resident's code: DONE, hours credited. BAD_USER_INPUT INVALID_CODE; after 5 wrong codes CONFLICT TOO_MANY_ATTEMPTS (a grid worker then confirms with the resident)." })
  completeServiceRun(@Arg('id', () => ID) id: string, @Arg('handoverCode', () => String) handoverCode: string, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return completeRun(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRun'), handoverCode);
  }

  @Mutation(() => ServiceRun, { description: "A grid worker records the resident's confirmation of an EN_ROUTE run: DONE." })
  confirmServiceRun(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return confirmRun(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRun'));
  }

  @Mutation(() => ServiceRun, { description: 'FAILED with a reason (note required for OTHER); the request goes back to the queue with the run in its history.' })
  failServiceRun(
    @Arg('id', () => ID) id: string, @Arg('reason', () => RunFailureReason) reason: FailureReason,
    @Arg('note', () => String, { nullable: true }) note: string | null, @Ctx() ctx: Context,
  ): Promise<ServiceRunRow> {
    return failRun(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRun'), reason, note ?? null);
  }

  @Mutation(() => ServiceRun, { description: 'Gives an untried (ASSIGNED) run back; the request is open again.' })
  releaseServiceRun(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ServiceRunRow> {
    return releaseRun(ctx.db, requireViewer(ctx), fromGlobalId(id, 'ServiceRun'));
  }
}
