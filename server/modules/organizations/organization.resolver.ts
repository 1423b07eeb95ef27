import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { Organization, type OrganizationRow } from './organization.type';
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

  @Query(() => [Organization])
  organizations(@Ctx() ctx: Context): Promise<OrganizationRow[]> {
    return listOrganizations(ctx.db, requireViewer(ctx));
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
