import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { pageSize } from '../../platform/pagination';
import { cappedList, firstArg, firstOf, listCap, pageCost } from '../../platform/list-caps';

/** A person's own requests: a handful in practice. */
const OWN_REQUESTS = listCap(100, 5);
import { AuthPayload } from '../auth/account.type';
import { signedIn } from '../auth/auth.service';
import { signIn, signInDeps } from '../auth/sign-in.context';
import { Organization, type OrganizationRow } from '../organizations/organization.type';
import { ActivationCode, ActivationDelivery, AffiliationRequest, AffiliationRequestStatus } from './affiliation.type';
import type { AffiliationRow } from './affiliation.queries';
import { answerRequest, ownRequests, requestStatus, waitingRequests } from './affiliation.service';
import { activateAccount, issueActivationCode, requestActivationCode, type ActivationDelivery as Delivery, type IssuedActivation } from './activation.service';
import { afterId } from './volunteer.service';
import { Volunteer, type VolunteerRow } from './volunteer.type';
import { maskMobile } from './volunteer.validation';

@Resolver(() => AffiliationRequest)
export class AffiliationRequestResolver {
  @FieldResolver(() => ID)
  id(@Root() row: AffiliationRow): string {
    return toGlobalId('AffiliationRequest', row.id);
  }

  @FieldResolver(() => String, { description: 'The name as the registrar typed it.' })
  name(@Root() row: AffiliationRow): string {
    return row.requestedName ?? '';
  }

  @FieldResolver(() => String, { description: 'The mobile as the registrar typed it, masked (in full for the person themself).' })
  mobile(@Root() row: AffiliationRow, @Ctx() ctx: Context): string {
    const typed = row.requestedMobile ?? '';
    return ctx.viewer?.volunteerId === row.volunteerId ? typed : maskMobile(typed);
  }

  @FieldResolver(() => AffiliationRequestStatus)
  status(@Root() row: AffiliationRow): string {
    return requestStatus(row);
  }

  @FieldResolver(() => Date)
  requestedAt(@Root() row: AffiliationRow): Date {
    return row.createdAt;
  }

  @FieldResolver(() => Date, { nullable: true })
  answeredAt(@Root() row: AffiliationRow): Date | null {
    return row.confirmedAt ?? row.declinedAt;
  }

  /** The organization that asked: the person may always know who asked them; others as far as they see it. */
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() row: AffiliationRow, @Ctx() ctx: Context): Promise<OrganizationRow | null> {
    const own = ctx.viewer?.volunteerId === row.volunteerId;
    return (own ? ctx.loaders.organizations.anyById : ctx.loaders.organizations.visibleById).load(row.organizationId);
  }

  /** The person's record: null until they confirm, and only as far as the viewer sees it then. */
  @FieldResolver(() => Volunteer, { nullable: true })
  volunteer(@Root() row: AffiliationRow, @Ctx() ctx: Context): Promise<VolunteerRow | null> | null {
    return row.confirmedAt || ctx.viewer?.volunteerId === row.volunteerId ? ctx.loaders.volunteers.visibleById.load(row.volunteerId) : null;
  }

  @Query(() => [AffiliationRequest], cappedList(OWN_REQUESTS, 'Organizations that registered the signed-in volunteer and asked them to confirm, newest first.'))
  async myAffiliationRequests(@Arg('first', () => Int, firstArg(OWN_REQUESTS)) first: number | null, @Ctx() ctx: Context): Promise<AffiliationRow[]> {
    return firstOf(await ownRequests(ctx.db, requireViewer(ctx), OWN_REQUESTS.max), first, OWN_REQUESTS);
  }

  @Mutation(() => AffiliationRequest, { description: 'The signed-in volunteer agrees to belong to the organization that registered them.' })
  confirmAffiliation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AffiliationRow> {
    return answerRequest(ctx.db, requireViewer(ctx), fromGlobalId(id, 'AffiliationRequest'), 'CONFIRM');
  }

  @Mutation(() => AffiliationRequest, { description: 'The signed-in volunteer declines; the organization keeps seeing only its own row.' })
  declineAffiliation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AffiliationRow> {
    return answerRequest(ctx.db, requireViewer(ctx), fromGlobalId(id, 'AffiliationRequest'), 'DECLINE');
  }
}

@Resolver(() => Organization)
export class OrganizationRequestsResolver {
  @FieldResolver(() => [AffiliationRequest], {
    description: "The organization's registrations still waiting for the person to confirm (for its registrars), oldest first; at most 200 per page.",
    complexity: pageCost(50, 200),
  })
  registrationRequests(
    @Root() org: OrganizationRow,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AffiliationRow[]> {
    return waitingRequests(ctx.db, requireViewer(ctx), org, { afterId: afterId(after), limit: pageSize(first, 200) });
  }
}

@Resolver(() => ActivationCode)
export class ActivationResolver {
  @Mutation(() => ActivationCode, { description: 'Staff of an organization that manages a person without an account issue a one-time code with which the person sets up their own account (activateAccount). Staff never set or see the password.' })
  issueActivationCode(
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Arg('delivery', () => ActivationDelivery, { nullable: true, defaultValue: 'HAND_OVER' }) delivery: Delivery | null,
    @Ctx() ctx: Context,
  ): Promise<IssuedActivation> {
    const viewer = requireViewer(ctx);
    return issueActivationCode({ db: ctx.db, keys: ctx.deps.keys, sms: ctx.deps.sms }, viewer, fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'), delivery ?? 'HAND_OVER');
  }

  @Mutation(() => Boolean, { description: "A person on record without an account asks for an activation code on their own mobile. Always answers true, whether or not the mobile is on record." })
  requestActivationCode(@Arg('mobile', () => String) mobile: string, @Ctx() ctx: Context): Promise<boolean> {
    return requestActivationCode({ db: ctx.db, keys: ctx.deps.keys, sms: ctx.deps.sms }, mobile, ctx.clientAddress);
  }

  @Mutation(() => AuthPayload, { description: 'A person on record sets up their own account with an activation code and their own password, and is signed in.' })
  async activateAccount(
    @Arg('mobile', () => String) mobile: string,
    @Arg('code', () => String) code: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ) {
    const account = await activateAccount({ db: ctx.db, keys: ctx.deps.keys, sms: ctx.deps.sms }, { mobile, code, password, clientAddress: ctx.clientAddress });
    return signIn(ctx, await signedIn(signInDeps(ctx), account));
  }
}
