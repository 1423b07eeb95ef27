import { and, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { organizations, teamMemberships, teams } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rankInParent, unranked } from '../../platform/list-caps';
import type { Viewer } from '../auth/viewer';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { visibleTeamSql } from './team.policy';
import {
  TEAM_MEMBERS, TEAMS_OF_ORGANIZATION, TEAMS_OF_VOLUNTEER, type TeamKind, type TeamMembershipRow, type TeamRole, type TeamRow,
} from './team.type';

const teamColumns = {
  id: teams.id, organizationId: teams.organizationId, name: teams.name, kind: teams.kind, createdAt: teams.createdAt,
};
const membershipColumns = {
  id: teamMemberships.id, teamId: teamMemberships.teamId, volunteerId: teamMemberships.volunteerId,
  role: teamMemberships.role, joinedAt: teamMemberships.joinedAt, leftAt: teamMemberships.leftAt,
};

/** The team visibility rule over the `teams` and `organizations` tables of a query. */
export function visibleTeamsWhere(viewer: Viewer | null): SQL {
  return visibleTeamSql(viewer, { id: teams.id, kind: teams.kind, orgPath: organizations.path, orgKind: organizations.kind });
}

const idIn = (column: AnyColumn, ids: readonly number[]) =>
  sql`${column} = any(${sql.param(ids as number[])}::int[])`;

/** Teams joined with their organization (so the scope can read its path and kind). */
export async function selectTeams(db: DbOrTx, where: SQL): Promise<TeamRow[]> {
  return db.select(teamColumns).from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.organizationId))
    .where(where).orderBy(teams.name, teams.id);
}

export function visibleTeamsByIds(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<TeamRow[]> {
  return selectTeams(db, and(idIn(teams.id, ids), visibleTeamsWhere(viewer))!);
}

/** Organization.teams of several organizations, each cut at TEAMS_OF_ORGANIZATION.max. */
export async function visibleTeamsOfOrganizations(db: DbOrTx, viewer: Viewer | null, orgIds: readonly number[]): Promise<TeamRow[]> {
  const ranked = db.select({ ...teamColumns, rank: rankInParent(teams.organizationId, teams.name, teams.id) }).from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.organizationId))
    .where(and(idIn(teams.organizationId, orgIds), visibleTeamsWhere(viewer))).as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${TEAMS_OF_ORGANIZATION.max}`).orderBy(ranked.name, ranked.id));
}

export async function findVisibleTeam(db: DbOrTx, viewer: Viewer, id: number): Promise<TeamRow | undefined> {
  const [row] = await visibleTeamsByIds(db, viewer, [id]);
  return row;
}

export async function teamNameTaken(db: DbOrTx, organizationId: number, name: string): Promise<boolean> {
  const rows = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.organizationId, organizationId), eq(teams.name, name)));
  return rows.length > 0;
}

export async function insertTeam(db: DbOrTx, values: { organizationId: number; name: string; kind: TeamKind }): Promise<TeamRow> {
  const [row] = await db.insert(teams).values(values).returning(teamColumns);
  return row;
}

/**
 * Memberships joined with team and organization, limited to teams and volunteers the viewer sees,
 * oldest first, at most `cap` per `parent` (the team or the volunteer whose list this is).
 */
async function selectVisibleMemberships(
  db: DbOrTx, viewer: Viewer | null, where: SQL, parent: AnyColumn, cap: number,
): Promise<TeamMembershipRow[]> {
  const ranked = db.select({ ...membershipColumns, rank: rankInParent(parent, teamMemberships.joinedAt, teamMemberships.id) }).from(teamMemberships)
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .innerJoin(organizations, eq(organizations.id, teams.organizationId))
    .where(and(where, visibleTeamsWhere(viewer), visibleVolunteerSql(viewer, teamMemberships.volunteerId))).as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.joinedAt, ranked.id));
}

/** Team.members of several teams, each cut at TEAM_MEMBERS.max. */
export function visibleMembershipsOfTeams(db: DbOrTx, viewer: Viewer | null, teamIds: readonly number[], activeOnly: boolean) {
  const ids = idIn(teamMemberships.teamId, teamIds);
  const where = activeOnly ? and(ids, isNull(teamMemberships.leftAt))! : ids;
  return selectVisibleMemberships(db, viewer, where, teamMemberships.teamId, TEAM_MEMBERS.max);
}

/** Volunteer.teams of several volunteers, each cut at TEAMS_OF_VOLUNTEER.max. */
export function visibleActiveMembershipsOfVolunteers(db: DbOrTx, viewer: Viewer | null, volunteerIds: readonly number[]) {
  const where = and(idIn(teamMemberships.volunteerId, volunteerIds), isNull(teamMemberships.leftAt))!;
  return selectVisibleMemberships(db, viewer, where, teamMemberships.volunteerId, TEAMS_OF_VOLUNTEER.max);
}

export async function findActiveMembership(db: DbOrTx, teamId: number, volunteerId: number): Promise<TeamMembershipRow | undefined> {
  const [row] = await db.select(membershipColumns).from(teamMemberships).where(and(
    eq(teamMemberships.teamId, teamId), eq(teamMemberships.volunteerId, volunteerId), isNull(teamMemberships.leftAt),
  ));
  return row;
}

export async function insertMembership(db: DbOrTx, values: { teamId: number; volunteerId: number; role: TeamRole; joinedAt?: Date }): Promise<TeamMembershipRow> {
  const [row] = await db.insert(teamMemberships).values(values).returning(membershipColumns);
  return row;
}

/** When the volunteer last left this team, if ever. */
export async function lastLeft(db: DbOrTx, teamId: number, volunteerId: number): Promise<Date | null> {
  const [row] = await db.select({ at: sql<Date | null>`max(${teamMemberships.leftAt})` }).from(teamMemberships)
    .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.volunteerId, volunteerId)));
  return row?.at ? new Date(row.at) : null;
}

/** Ends a membership if still active (a concurrent removal wins once); the row stays as history. */
export async function endMembership(db: DbOrTx, membershipId: number): Promise<TeamMembershipRow | undefined> {
  const [row] = await db.update(teamMemberships).set({ leftAt: sql`now()` })
    .where(and(eq(teamMemberships.id, membershipId), isNull(teamMemberships.leftAt))).returning(membershipColumns);
  return row;
}
