import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { fromGlobalId, fromGlobalIdOrNull, toGlobalId } from '../../platform/ids';
import { pageSize, type Page } from '../../platform/pagination';
import { pageCost, sizedListCost } from '../../platform/list-caps';
import { Account } from '../auth/account.type';
import type { AccountRow } from '../auth/auth.queries';
import type { VolunteerStatus as Status } from './volunteer.type';
import { Organization, type OrganizationRow } from '../organizations/organization.type';
import { RegisterVolunteersPayload, SignUpInput, Volunteer, VolunteerConnection, VolunteerInput, VolunteerStatus, type VolunteerRow } from './volunteer.type';
import { maskIdNumber, maskMobile } from './volunteer.validation';
import { seesPersonalData } from './volunteer.policy';
import { afterId, approveVolunteer, listVolunteers, setVolunteerStatus } from './volunteer.service';
import { MAX_BATCH, registerVolunteers, type RegistrationReport } from './registration.service';
import { confirmSignUp, signUp } from './sign-up.service';

@Resolver(() => Volunteer)
export class VolunteerResolver {
  @FieldResolver(() => ID)
  id(@Root() row: VolunteerRow): string {
    return toGlobalId('Volunteer', row.id);
  }

  @FieldResolver(() => String, { description: 'Masked (e.g. 138****5678) unless the viewer administers the registering organization or is the volunteer.' })
  async mobile(@Root() row: VolunteerRow, @Ctx() ctx: Context): Promise<string> {
    return (await this.plaintext(row, ctx)) ? row.mobile : maskMobile(row.mobile);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Resident ID number, masked like the mobile; null when not given.' })
  async idNumber(@Root() row: VolunteerRow, @Ctx() ctx: Context): Promise<string | null> {
    if (!row.idNumberCipher) return null;
    if (await this.plaintext(row, ctx)) return ctx.deps.keys.idNumbers.decrypt(row.idNumberCipher);
    return row.idNumberHint ? maskIdNumber(row.idNumberHint) : null;
  }

  @FieldResolver(() => VolunteerStatus, { description: "As the viewer's organizations stand with the person (their own decisions), unless a platform admin suspended or archived them everywhere." })
  status(@Root() row: VolunteerRow, @Ctx() ctx: Context): Promise<Status> {
    return ctx.loaders.volunteers.standing.load(row);
  }

  @FieldResolver(() => Organization, { nullable: true })
  async registeredBy(@Root() row: VolunteerRow, @Ctx() ctx: Context): Promise<OrganizationRow | null> {
    return (await ctx.loaders.volunteers.registrar.load(row)).shown;
  }

  private async plaintext(row: VolunteerRow, ctx: Context): Promise<boolean> {
    if (!ctx.viewer) return false;
    const { authorityPath } = await ctx.loaders.volunteers.registrar.load(row);
    return seesPersonalData(ctx.viewer, row.id, authorityPath);
  }

  @Query(() => VolunteerConnection, { complexity: pageCost(50) })
  volunteers(
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
    @Arg('status', () => VolunteerStatus, { nullable: true }) status: VolunteerStatus | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
    @Arg('skills', () => [String], { nullable: true, description: 'Only volunteers with every one of these skills.' }) skills?: string[] | null,
    @Arg('partyMember', () => Boolean, { nullable: true, description: 'Only Party members (true) or only others (false).' }) partyMember?: boolean | null,
    @Arg('freeFrom', () => Date, { nullable: true, description: 'With freeTo: only volunteers holding no seat that overlaps [freeFrom, freeTo) — whom a seat then would not be refused for an overlap.' }) freeFrom?: Date | null,
    @Arg('freeTo', () => Date, { nullable: true }) freeTo?: Date | null,
  ): Promise<Page<VolunteerRow>> {
    const viewer = requireViewer(ctx);
    return listVolunteers(ctx.db, viewer, {
      organizationId: fromGlobalIdOrNull(organizationId, 'Organization', 'organizationId'),
      teamId: fromGlobalIdOrNull(teamId, 'Team', 'teamId'),
      status, search, first, after, skills: skills ?? null, partyMember: partyMember ?? null, freeFrom: freeFrom ?? null, freeTo: freeTo ?? null,
    });
  }

  @Mutation(() => RegisterVolunteersPayload, {
    description: 'Registers up to 1,000 volunteers for an organization. With atomic (the default) nothing is saved if any row is rejected. Mobiles and ID numbers are normalized first (spaces, dashes, +86/0086, full-width digits).',
    // One result per row; more rows than MAX_BATCH are refused by the service with its own message.
    complexity: sizedListCost((args) => Math.min(Array.isArray(args.volunteers) ? args.volunteers.length : 0, MAX_BATCH)),
  })
  async registerVolunteers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('volunteers', () => [VolunteerInput]) volunteers: VolunteerInput[],
    @Arg('atomic', () => Boolean, { nullable: true, defaultValue: true }) atomic: boolean | null,
    @Arg('update', () => Boolean, { nullable: true, defaultValue: false, description: 'Apply what a row says that the record of a person the organization already holds does not (see RegistrationResult.differences).' }) update: boolean | null,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false, description: 'Check every row (formats, grids, the other rows) and save nothing; people on record are not looked up, so matches show only when registering.' }) dryRun: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<RegistrationReport<string>> {
    const viewer = requireViewer(ctx);
    const orgId = fromGlobalId(organizationId, 'Organization', 'organizationId');
    const report = await registerVolunteers(ctx.db, ctx.deps.keys, viewer, orgId, volunteers, { atomic: atomic ?? true, update: update ?? false, dryRun: dryRun ?? false });
    // Row messages are said to the registrar in the language they asked for.
    return { ...report, results: report.results.map((r) => ({ ...r, message: r.message && ctx.t(r.message) })) };
  }

  /** No token: the answer is resolved for a signed-out caller, so mobile and ID number come back masked. */
  @Mutation(() => Volunteer, { description: "Public self-registration; the volunteer stays PENDING until the organization approves. A person already on record gets a code on the record's own mobile instead (confirmSignUp); the answer looks the same either way." })
  signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<VolunteerRow> {
    const organizationId = fromGlobalId(input.organizationId, 'Organization', 'input.organizationId');
    return signUp({ db: ctx.db, keys: ctx.deps.keys, sms: ctx.deps.sms }, {
      volunteer: input.volunteer, organizationId, password: input.password, consent: input.consent, clientAddress: ctx.clientAddress,
    });
  }

  @Mutation(() => Boolean, { description: "Completes a sign-up that named a person already on record, with the code sent to the record's mobile: creates their account (with the password chosen at sign-up) or, if they have one, joins them to the organization." })
  confirmSignUp(@Arg('mobile', () => String) mobile: string, @Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<boolean> {
    return confirmSignUp({ db: ctx.db, keys: ctx.deps.keys, sms: ctx.deps.sms }, mobile, code, ctx.clientAddress);
  }

  @Mutation(() => Volunteer)
  approveVolunteer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<VolunteerRow> {
    const viewer = requireViewer(ctx);
    return approveVolunteer(ctx.db, viewer, fromGlobalId(id, 'Volunteer'));
  }

  @Mutation(() => Volunteer)
  setVolunteerStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => VolunteerStatus) status: VolunteerStatus,
    @Ctx() ctx: Context,
  ): Promise<VolunteerRow> {
    const viewer = requireViewer(ctx);
    return setVolunteerStatus(ctx.db, viewer, fromGlobalId(id, 'Volunteer'), status);
  }
}

@Resolver(() => Account)
export class AccountVolunteerResolver {
  /** The account's own volunteer record: for the account holder themself, or a platform admin. */
  @FieldResolver(() => Volunteer, { nullable: true, description: 'The volunteer record this account signs in as, if any.' })
  volunteer(@Root() account: AccountRow, @Ctx() ctx: Context): Promise<VolunteerRow | null> | null {
    const viewer = ctx.viewer;
    const allowed = viewer && (viewer.isPlatformAdmin || viewer.accountId === account.id);
    return allowed && account.volunteerId != null ? ctx.loaders.volunteers.visibleById.load(account.volunteerId) : null;
  }
}

@Resolver(() => Organization)
export class OrganizationVolunteersResolver {
  /** The organization's subtree; a correction office's participants only for those who may see them. */
  @FieldResolver(() => VolunteerConnection, { complexity: pageCost(50) })
  volunteers(
    @Root() org: OrganizationRow,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => VolunteerStatus, { nullable: true }) status: VolunteerStatus | null,
    @Ctx() ctx: Context,
  ): Promise<Page<VolunteerRow>> {
    requireViewer(ctx);
    return ctx.loaders.volunteers.organizationPages.load({ orgId: org.id, status: status ?? null, limit: pageSize(first), afterId: afterId(after) });
  }
}
