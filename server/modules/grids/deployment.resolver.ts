import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError } from '../../platform/errors';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { DateScalar } from '../../platform/scalars';
import { Team, type TeamRow } from '../teams/team.type';
import { Deployment, Grid } from './grid.type';
import type { GridRecord } from './grid.queries';
import type { DeploymentRecord } from './deployment.queries';
import { deployTeam, endDeployment } from './deployment.service';

@Resolver(() => Deployment)
export class DeploymentResolver {
  @FieldResolver(() => ID)
  id(@Root() deployment: DeploymentRecord): string {
    return toGlobalId('Deployment', deployment.id);
  }

  /** A visible deployment implies its team may be known to the viewer. */
  @FieldResolver(() => Team)
  async team(@Root() deployment: DeploymentRecord, @Ctx() ctx: Context): Promise<TeamRow> {
    const team = await ctx.loaders.grids.deployedTeams.load(deployment.teamId);
    if (!team) throw new NotFoundError('Team');
    return team;
  }

  /** A visible deployment implies a visible grid. */
  @FieldResolver(() => Grid)
  async grid(@Root() deployment: DeploymentRecord, @Ctx() ctx: Context): Promise<GridRecord> {
    const grid = await ctx.loaders.grids.visibleById.load(deployment.gridId);
    if (!grid) throw new NotFoundError('Grid');
    return grid;
  }

  @Mutation(() => Deployment, { description: 'Sends a team to serve a grid for a period (inclusive, Asia/Shanghai). The caller must manage both the team and the grid.' })
  deployTeam(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('gridId', () => ID) gridId: string,
    @Arg('startsOn', () => DateScalar) startsOn: string,
    @Arg('endsOn', () => DateScalar, { nullable: true }) endsOn: string | null,
    @Ctx() ctx: Context,
  ): Promise<DeploymentRecord> {
    const viewer = requireViewer(ctx);
    return deployTeam(ctx.db, viewer, {
      teamId: fromGlobalId(teamId, 'Team', 'teamId'), gridId: fromGlobalId(gridId, 'Grid', 'gridId'), startsOn, endsOn: endsOn ?? null,
    });
  }

  @Mutation(() => Deployment, { description: 'Ends a deployment early (inclusive last day); only brings the end forward. Same permission as deployTeam.' })
  endDeployment(
    @Arg('id', () => ID) id: string,
    @Arg('endsOn', () => DateScalar) endsOn: string,
    @Ctx() ctx: Context,
  ): Promise<DeploymentRecord> {
    const viewer = requireViewer(ctx);
    return endDeployment(ctx.db, viewer, fromGlobalId(id, 'Deployment'), endsOn);
  }
}
