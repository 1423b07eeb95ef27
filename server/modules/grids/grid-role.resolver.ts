import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { Account } from '../auth/account.type';
import type { AccountRow } from '../auth/auth.queries';
import { Role } from '../auth/role.enum';
import { Grid } from './grid.type';
import type { GridRecord } from './grid.queries';
import { ACCOUNT_GRID_ROLES, GridRoleGrant } from './grid-role.type';
import { grantGridRole, revokeGridRole } from './grid-role.service';

interface GridRoleRow {
  role: string;
  gridId: number;
  asLeader: boolean;
}

@Resolver(() => GridRoleGrant)
export class GridRoleResolver {
  @FieldResolver(() => Grid, { nullable: true, description: 'The grid, when the viewer may see it.' })
  grid(@Root() grant: GridRoleRow, @Ctx() ctx: Context): Promise<GridRecord | null> {
    return ctx.loaders.grids.visibleById.load(grant.gridId);
  }

  @Mutation(() => GridRoleGrant, { description: "Gives a volunteer's account a grid role over a grid and every grid below it. GRID_LEADER: admins of the grid's organization; GRID_WORKER: they and the grid's leaders. The volunteer must be someone the caller may pick and must have an account (CONFLICT, reason NO_ACCOUNT)." })
  async grantGridRole(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Ctx() ctx: Context,
  ): Promise<GridRoleRow> {
    const granted = await grantGridRole(ctx.db, requireViewer(ctx), {
      gridId: fromGlobalId(gridId, 'Grid', 'gridId'), role, volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'),
    });
    return { role: granted.role, gridId: granted.gridId, asLeader: false };
  }

  @Mutation(() => Boolean, { description: 'Takes back a granted grid role (same permission as grantGridRole). A grid leader named with setGridLeader stops being one when someone else is named.' })
  revokeGridRole(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('accountId', () => ID) accountId: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return revokeGridRole(ctx.db, requireViewer(ctx), {
      gridId: fromGlobalId(gridId, 'Grid', 'gridId'), role, accountId: fromGlobalId(accountId, 'Account', 'accountId'),
    });
  }
}

@Resolver(() => Account)
export class AccountGridRolesResolver {
  @FieldResolver(() => [GridRoleGrant], cappedList(ACCOUNT_GRID_ROLES, 'Grid roles the account holds, granted or as a grid leader: for the account holder and platform admins; empty for anyone else.'))
  async gridRoles(
    @Root() account: AccountRow, @Arg('first', () => Int, firstArg(ACCOUNT_GRID_ROLES)) first: number | null, @Ctx() ctx: Context,
  ): Promise<GridRoleRow[]> {
    const viewer = ctx.viewer;
    if (!viewer || !(viewer.isPlatformAdmin || viewer.accountId === account.id)) return [];
    return firstOf(await ctx.loaders.accounts.gridGrants.load(account.id), first, ACCOUNT_GRID_ROLES);
  }
}
