import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { NotFoundError, type RecordKind } from '../../platform/errors';
import { fromGlobalId, toGlobalId } from '../../platform/ids';
import { cappedList, firstArg, firstOf } from '../../platform/list-caps';
import { Organization, type OrganizationRow } from '../organizations/organization.type';
import { Volunteer, type VolunteerRow } from '../volunteers/volunteer.type';
import { addTeamMember, createTeam, removeTeamMember } from './team.service';
import {
  Team, TeamKind, TeamMembership, TeamRole, TEAM_MEMBERS, TEAMS_OF_ORGANIZATION, TEAMS_OF_VOLUNTEER, type TeamMembershipRow, type TeamRow,
} from './team.type';

/** A non-null field whose row the scope filtered out: reported like a missing record. */
async function required<T>(what: RecordKind, row: Promise<T | null>): Promise<T> {
  const value = await row;
  if (value == null) throw new NotFoundError(what);
  return value;
}

@Resolver(() => Team)
export class TeamResolver {
  @FieldResolver(() => ID)
  id(@Root() team: TeamRow): string {
    return toGlobalId('Team', team.id);
  }

  /** The owner of a team the viewer sees is shown even when the viewer reaches the team only through a deployment or membership. */
  @FieldResolver(() => Organization)
  organization(@Root() team: TeamRow, @Ctx() ctx: Context): Promise<OrganizationRow> {
    return required('Organization', ctx.loaders.organizations.anyById.load(team.organizationId));
  }

  @FieldResolver(() => [TeamMembership], cappedList(TEAM_MEMBERS, 'Oldest membership first.'))
  async members(
    @Root() team: TeamRow,
    @Arg('activeOnly', () => Boolean, { nullable: true, defaultValue: true }) activeOnly: boolean | null,
    @Arg('first', () => Int, firstArg(TEAM_MEMBERS)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<TeamMembershipRow[]> {
    const loader = activeOnly === false ? ctx.loaders.teams.allMembers : ctx.loaders.teams.activeMembers;
    return firstOf(await loader.load(team.id), first, TEAM_MEMBERS);
  }

  @Mutation(() => Team)
  createTeam(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('name', () => String) name: string,
    @Arg('kind', () => TeamKind) kind: TeamKind,
    @Ctx() ctx: Context,
  ): Promise<TeamRow> {
    const viewer = requireViewer(ctx);
    return createTeam(ctx.db, viewer, { organizationId: fromGlobalId(organizationId, 'Organization', 'organizationId'), name, kind });
  }

  @Mutation(() => TeamMembership)
  addTeamMember(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Arg('role', () => TeamRole, { nullable: true, defaultValue: 'MEMBER' }) role: TeamRole | null,
    @Arg('joinedAt', () => Date, { nullable: true, description: 'When they joined, to enter a roster kept on paper before; defaults to now. Never in the future, nor before they last left this team.' }) joinedAt: Date | null,
    @Ctx() ctx: Context,
  ): Promise<TeamMembershipRow> {
    const viewer = requireViewer(ctx);
    return addTeamMember(ctx.db, viewer, {
      teamId: fromGlobalId(teamId, 'Team', 'teamId'), volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'), role: role ?? 'MEMBER', joinedAt,
    });
  }

  @Mutation(() => TeamMembership)
  removeTeamMember(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('volunteerId', () => ID) volunteerId: string,
    @Ctx() ctx: Context,
  ): Promise<TeamMembershipRow> {
    const viewer = requireViewer(ctx);
    return removeTeamMember(ctx.db, viewer, {
      teamId: fromGlobalId(teamId, 'Team', 'teamId'), volunteerId: fromGlobalId(volunteerId, 'Volunteer', 'volunteerId'),
    });
  }
}

@Resolver(() => TeamMembership)
export class TeamMembershipResolver {
  @FieldResolver(() => Team)
  team(@Root() membership: TeamMembershipRow, @Ctx() ctx: Context): Promise<TeamRow> {
    return required('Team', ctx.loaders.teams.visibleById.load(membership.teamId));
  }

  @FieldResolver(() => Volunteer)
  volunteer(@Root() membership: TeamMembershipRow, @Ctx() ctx: Context): Promise<VolunteerRow> {
    return required('Volunteer', ctx.loaders.volunteers.visibleById.load(membership.volunteerId));
  }
}

/** Organization.teams: the organization's teams the viewer may see. */
@Resolver(() => Organization)
export class OrganizationTeamsResolver {
  @FieldResolver(() => [Team], cappedList(TEAMS_OF_ORGANIZATION, 'By name.'))
  async teams(
    @Root() org: OrganizationRow,
    @Arg('first', () => Int, firstArg(TEAMS_OF_ORGANIZATION)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<TeamRow[]> {
    return firstOf(await ctx.loaders.teams.visibleByOrganization.load(org.id), first, TEAMS_OF_ORGANIZATION);
  }
}

/** Volunteer.teams: active memberships of teams the viewer may see (correction teams only for correction officers). */
@Resolver(() => Volunteer)
export class VolunteerTeamsResolver {
  @FieldResolver(() => [TeamMembership], cappedList(TEAMS_OF_VOLUNTEER, 'Active memberships, oldest first.'))
  async teams(
    @Root() volunteer: VolunteerRow,
    @Arg('first', () => Int, firstArg(TEAMS_OF_VOLUNTEER)) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<TeamMembershipRow[]> {
    return firstOf(await ctx.loaders.teams.activeMembershipsOfVolunteer.load(volunteer.id), first, TEAMS_OF_VOLUNTEER);
  }
}
