import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId } from '../../platform/ids';
import { Organization, type OrganizationRow } from '../organizations/organization.type';
import { setRestLimit } from './rest-limit.service';

@Resolver(() => Organization)
export class OrganizationRestLimitResolver {
  @FieldResolver(() => Float, { description: "Most seated hours a volunteer may hold in any rolling 24 hours on this organization's shifts." })
  restLimitHours(@Root() org: OrganizationRow): number {
    return Number(org.restLimitHours);
  }

  @Mutation(() => Organization, { description: 'Sets the rest limit (1–24 hours, one decimal) of an organization; for its org admins.' })
  setRestLimit(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('hours', () => Float) hours: number,
    @Ctx() ctx: Context,
  ): Promise<OrganizationRow> {
    const viewer = requireViewer(ctx);
    return setRestLimit(ctx.db, viewer, { organizationId: fromGlobalId(organizationId, 'Organization', 'organizationId'), hours });
  }
}
