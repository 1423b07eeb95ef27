import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstWithin } from '../../platform/list-caps';
import { Organization, VISIBLE_ORGANIZATIONS, type OrganizationRow } from './organization.type';
import { OrganizationKind } from './organization-kind.enum';
import { createOrganization, listOrganizations } from './organization.service';

@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => ID)
  id(@Root() org: OrganizationRow): string {
    return toGlobalId('Organization', org.id);
  }

  @FieldResolver(() => Organization, { nullable: true })
  parent(@Root() org: OrganizationRow, @Ctx() ctx: Context): Promise<OrganizationRow | null> | null {
    return org.parentId == null ? null : ctx.loaders.organizations.visibleById.load(org.parentId);
  }

  @Query(() => [Organization], cappedList(VISIBLE_ORGANIZATIONS, 'Organizations the viewer may see, parents before children.'))
  organizations(@Arg('first', () => Int, firstArg(VISIBLE_ORGANIZATIONS)) first: number | null, @Ctx() ctx: Context): Promise<OrganizationRow[]> {
    const viewer = requireViewer(ctx);
    return listOrganizations(ctx.db, viewer, firstWithin(first, VISIBLE_ORGANIZATIONS));
  }

  @Mutation(() => Organization)
  createOrganization(
    @Arg('name', () => String) name: string,
    @Arg('kind', () => OrganizationKind) kind: OrganizationKind,
    @Arg('parentId', () => ID, { nullable: true }) parentId: string | null,
    @Ctx() ctx: Context,
  ): Promise<OrganizationRow> {
    const viewer = requireViewer(ctx);
    return createOrganization(ctx.db, viewer, { name, kind, parentId: fromGlobalIdOrNull(parentId, 'Organization', 'parentId') });
  }
}
