import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer, signInContext } from '../../context';
import { loadViewer } from './viewer.loader';
import { fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { Account, ACCOUNT_ROLES, AuthPayload, RoleGrant } from './account.type';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { Role } from './role.enum';
import { createAccount, login } from './auth.service';
import type { AccountRow, GrantRow } from './auth.queries';
import { findAccount } from './auth.queries';
import { NotFoundError } from '../../platform/errors';
import { Organization } from '../organizations/organization.type';
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
    const result = await login(ctx.db, ctx.deps.keys, ctx.deps.config.tokenTtlSeconds, mobile, password);
    // The rest of this response (account.volunteer, roles) is read by the person who just signed in.
    signInContext(ctx, await loadViewer(ctx.db, result.account.id));
    return result;
  }

  @Mutation(() => Account, { description: 'Creates a staff account with a role in an organization (PLATFORM_ADMIN or ORG_ADMIN of that organization only).' })
  createAccount(
    @Arg('mobile', () => String) mobile: string,
    @Arg('displayName', () => String) displayName: string,
    @Arg('password', () => String) password: string,
    @Arg('role', () => Role) role: Role,
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AccountRow> {
    const viewer = requireViewer(ctx);
    return createAccount(ctx.db, viewer, { mobile, displayName, password, role, organizationId: fromGlobalIdOrNull(organizationId, 'Organization', 'organizationId') });
  }
}

@Resolver(() => RoleGrant)
export class RoleGrantResolver {
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
