import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { forgetViewer, requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { Account, ACCOUNT_ROLES, AuthPayload, PasswordReset, RoleGrant } from './account.type';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { Role } from './role.enum';
import { changePassword, createAccount, login, logout } from './auth.service';
import { signIn, signInDeps } from './sign-in.context';
import { issuePasswordReset, resetPassword } from './password-reset.service';
import type { AccountRow, GrantRow } from './auth.queries';
import { findAccount } from './auth.queries';
import { NotFoundError } from '../../platform/errors';
import { Organization } from '../organizations/organization.type';
import { Grid } from '../grids/grid.type';
import { maskMobile } from '../volunteers/volunteer.validation';
import { isStaffOf } from './viewer';

@Resolver(() => Account)
export class AccountResolver {
  @FieldResolver(() => ID)
  id(@Root() account: AccountRow): string {
    return toGlobalId('Account', account.id);
  }

  /**
   * In full for the account holder, platform admins, and admins over one of the account's staff
   * grants (who made it); masked for anyone else — never a way round a volunteer's masked mobile.
   */
  @FieldResolver(() => String)
  async mobile(@Root() account: AccountRow, @Ctx() ctx: Context): Promise<string> {
    const viewer = ctx.viewer;
    if (viewer && (viewer.isPlatformAdmin || viewer.accountId === account.id)) return account.mobile;
    const grants = viewer ? await ctx.loaders.accounts.grants.load(account.id) : [];
    const administered = grants.some((g) => g.role !== 'VOLUNTEER' && g.path != null && isStaffOf(viewer!, g.path, ['ORG_ADMIN']));
    return administered ? account.mobile : maskMobile(account.mobile);
  }

  @FieldResolver(() => [RoleGrant], cappedList(ACCOUNT_ROLES))
  async roles(
    @Root() account: AccountRow, @Arg('first', () => Int, firstArg(ACCOUNT_ROLES)) first: number | null, @Ctx() ctx: Context,
  ): Promise<GrantRow[]> {
    return firstOf(await ctx.loaders.accounts.grants.load(account.id), first, ACCOUNT_ROLES);
  }

  @Query(() => Account, { description: 'The signed-in account; UNAUTHENTICATED error without a valid token.' })
  async me(@Ctx() ctx: Context): Promise<AccountRow> {
    const viewer = requireViewer(ctx);
    const account = await findAccount(ctx.db, viewer.accountId);
    if (!account) throw new NotFoundError('Account');
    return account;
  }

  @Mutation(() => AuthPayload)
  async login(
    @Arg('mobile', () => String) mobile: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ) {
    return signIn(ctx, await login(ctx.db, signInDeps(ctx), mobile, password, ctx.clientAddress));
  }

  @Mutation(() => AuthPayload, { description: "Sets a new password for the signed-in account. Every other session ends; the answer carries this session's new token." })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ) {
    const viewer = requireViewer(ctx);
    const payload = await changePassword(ctx.db, signInDeps(ctx), viewer, currentPassword, newPassword, ctx.clientAddress);
    forgetViewer(ctx, viewer.accountId);
    return signIn(ctx, payload);
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in account: its tokens are refused from now on, over HTTP and graphql-ws.' })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const viewer = requireViewer(ctx);
    await logout(ctx.db, viewer);
    forgetViewer(ctx, viewer.accountId);
    return true;
  }

  @Mutation(() => PasswordReset, { description: "Issues a one-time code with which the account's owner sets a new password (resetPassword). Platform admins for anyone; ORG_ADMINs for accounts whose roles all lie in organizations they administer. A volunteer's code goes by SMS to their own mobile." })
  issuePasswordReset(@Arg('accountId', () => ID) accountId: string, @Ctx() ctx: Context) {
    return issuePasswordReset(ctx.db, ctx.deps.sms, requireViewer(ctx), fromGlobalId(accountId, 'Account', 'accountId'));
  }

  @Mutation(() => AuthPayload, { description: 'Sets a new password with a code from issuePasswordReset, ends every other session and signs in.' })
  async resetPassword(
    @Arg('mobile', () => String) mobile: string,
    @Arg('code', () => String) code: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ) {
    return signIn(ctx, await resetPassword(ctx.db, signInDeps(ctx), { mobile, code, newPassword }, ctx.clientAddress));
  }

  @Mutation(() => Account, { description: 'Creates a staff account with a role in an organization (PLATFORM_ADMIN or ORG_ADMIN of that organization only), or — platform admins only — with a grid role (GRID_WORKER, GRID_LEADER) over `gridId`; everyone else offers grid roles with inviteToGridRole.' })
  createAccount(
    @Arg('mobile', () => String) mobile: string,
    @Arg('displayName', () => String) displayName: string,
    @Arg('password', () => String) password: string,
    @Arg('role', () => Role) role: Role,
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Arg('gridId', () => ID, { nullable: true, description: 'The grid of a GRID_WORKER or GRID_LEADER (and everything below it).' }) gridId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AccountRow> {
    const viewer = requireViewer(ctx);
    return createAccount(ctx.db, viewer, {
      mobile, displayName, password, role,
      organizationId: fromGlobalIdOrNull(organizationId, 'Organization', 'organizationId'), gridId: fromGlobalIdOrNull(gridId, 'Grid', 'gridId'),
    });
  }
}

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
  @FieldResolver(() => Grid, { nullable: true, description: 'The grid of a grid role (GRID_WORKER, GRID_LEADER), when the viewer may see it; null for every other role.' })
  grid(@Root() grant: GrantRow, @Ctx() ctx: Context) {
    return grant.gridId == null ? null : ctx.loaders.grids.visibleById.load(grant.gridId);
  }

  /**
   * The organization of a grant: always for the viewer's own grants (a participant's own VOLUNTEER
   * grant may name the correction office — they are the one person who may know), otherwise if
   * the viewer may see it.
   */
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() grant: GrantRow, @Ctx() ctx: Context) {
    if (grant.organizationId == null) return null;
    const own = ctx.viewer != null && ctx.viewer.accountId === grant.accountId;
    return (own ? ctx.loaders.organizations.anyById : ctx.loaders.organizations.visibleById).load(grant.organizationId);
  }
}
