import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { listCap } from '../../platform/list-caps';

/** Organization.teams: a village has a handful of teams; a town's biggest chamber of commerce some dozens. */
export const TEAMS_OF_ORGANIZATION = listCap(500, 5);
/** Team.members: a Party branch or working group has tens; the largest volunteer teams some hundreds. */
export const TEAM_MEMBERS = listCap(1000, 20);
/** Volunteer.teams: a person serves in one or two teams, rarely more than a few. */
export const TEAMS_OF_VOLUNTEER = listCap(50, 2);

export const TEAM_KINDS = ['PARTY_BRANCH', 'CHAMBER_OF_COMMERCE', 'COMMUNITY_CORRECTION', 'GRID_SERVICE', 'WORKING_GROUP', 'RESCUE', 'OTHER'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TeamKind = defineEnum('TeamKind', TEAM_KINDS, {
  PARTY_BRANCH: 'Party branch, including corporate (non-public enterprise) branches and temporary branches set up for a deployment.',
  CHAMBER_OF_COMMERCE: 'Volunteer team of a chamber of commerce.',
  COMMUNITY_CORRECTION: 'Community-correction participants volunteering under a correction office. Its existence and members are visible only to CORRECTION_OFFICER staff of its organization and PLATFORM_ADMIN.',
  GRID_SERVICE: 'Grid service squad (网格服务队).',
  WORKING_GROUP: 'A working group deployed from elsewhere for a period (驰援工作组).',
});

export const TEAM_ROLES = ['LEADER', 'MEMBER'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const TeamRole = defineEnum('TeamRole', TEAM_ROLES);

/** organization, members and hours are field resolvers. */
@ObjectType('Team', { implements: Node })
export class Team extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => TeamKind)
  kind!: TeamKind;
}

export interface TeamRow {
  id: number;
  organizationId: number;
  name: string;
  kind: TeamKind;
  createdAt: Date;
}

/** team and volunteer are field resolvers. */
@ObjectType('TeamMembership')
export class TeamMembership {
  @Field(() => TeamRole)
  role!: TeamRole;

  @Field(() => Date)
  joinedAt!: Date;

  @Field(() => Date, { nullable: true })
  leftAt!: Date | null;
}

export interface TeamMembershipRow {
  id: number;
  teamId: number;
  volunteerId: number;
  role: TeamRole;
  joinedAt: Date;
  leftAt: Date | null;
}
