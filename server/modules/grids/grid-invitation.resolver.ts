import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { Role } from '../auth/role.enum';
import { maskMobile } from '../volunteers/volunteer.validation';
import { Grid } from './grid.type';
import type { GridRecord } from './grid.queries';
import { GridRoleInvitation } from './grid-invitation.type';
import type { GridInvitationRow } from './grid-invitation.queries';
import { acceptGridRoleInvitation, inviteToGridRole, revokeGridRoleInvitation, type IssuedInvitation } from './grid-invitation.service';

type InvitationRoot = GridInvitationRow & { code?: string };

@Resolver(() => GridRoleInvitation)
export class GridRoleInvitationResolver {
  @FieldResolver(() => ID)
  id(@Root() invitation: InvitationRoot): string {
    return toGlobalId('GridRoleInvitation', invitation.id);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The grid, when the viewer may see it.' })
  grid(@Root() invitation: InvitationRoot, @Ctx() ctx: Context): Promise<GridRecord | null> {
    return ctx.loaders.grids.visibleById.load(invitation.gridId);
  }

  @FieldResolver(() => String, { description: 'The mobile it was made for, masked.' })
  mobile(@Root() invitation: InvitationRoot): string {
    return maskMobile(invitation.mobile);
  }

  @FieldResolver(() => String, { description: 'PENDING, ACCEPTED, REVOKED or EXPIRED.' })
  status(@Root() invitation: InvitationRoot): string {
    if (invitation.revokedAt) return 'REVOKED';
    if (invitation.acceptedAt) return 'ACCEPTED';
    return invitation.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : 'PENDING';
  }

  @FieldResolver(() => String, { nullable: true, description: 'The code to hand over: only in the answer to inviteToGridRole (it is not stored).' })
  code(@Root() invitation: InvitationRoot): string | null {
    return invitation.code ?? null;
  }

  @Mutation(() => GridRoleInvitation, { description: "Offers a grid role over a grid (and everything below it) to the holder of a mobile; the answer is the same whether or not the mobile has an account. Hand the code over: the person signs in (signing up first if need be) and calls acceptGridRoleInvitation. Who may: as grantGridRole." })
  inviteToGridRole(
    @Arg('gridId', () => ID) gridId: string, @Arg('role', () => Role) role: Role, @Arg('mobile', () => String) mobile: string, @Ctx() ctx: Context,
  ): Promise<IssuedInvitation> {
    return inviteToGridRole(ctx.db, requireViewer(ctx), { gridId: fromGlobalId(gridId, 'Grid', 'gridId'), role, mobile });
  }

  @Mutation(() => GridRoleInvitation, { description: "The signed-in account accepts an invitation made for its own mobile and holds the role from now on. NOT_FOUND for any code that is wrong, used, withdrawn, expired or made for another mobile." })
  acceptGridRoleInvitation(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<GridInvitationRow> {
    return acceptGridRoleInvitation(ctx.db, requireViewer(ctx), code);
  }

  @Mutation(() => GridRoleInvitation, { description: 'Withdraws an invitation and, once accepted, the role it granted (who may: as grantGridRole).' })
  revokeGridRoleInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<GridInvitationRow> {
    return revokeGridRoleInvitation(ctx.db, requireViewer(ctx), fromGlobalId(id, 'GridRoleInvitation'));
  }
}
