import { and, eq } from 'drizzle-orm';
import { organizations, volunteers } from '../../../drizzle/tables';
import type { Db, DbOrTx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { cleanName } from '../organizations/organization.service';
import { findOrganization, selectOrganizations } from '../organizations/organization.queries';
import { visibleOrganizationSql } from '../organizations/organization.policy';
import type { OrganizationRow } from '../organizations/organization.type';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { assertCanPickVolunteer } from '../volunteers/volunteer.reach';
import { canCreateTeam, canManageMembers } from './team.policy';
import {
  endMembership, findActiveMembership, findVisibleTeam, insertMembership, insertTeam, lastLeft, teamNameTaken,
} from './team.queries';
import type { TeamKind, TeamMembershipRow, TeamRole, TeamRow } from './team.type';

/** A unique-index violation, whether raised by postgres directly or wrapped by drizzle. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

async function findVisibleOrganization(db: DbOrTx, viewer: Viewer, id: number): Promise<OrganizationRow | undefined> {
  const [row] = await selectOrganizations(db, and(eq(organizations.id, id), visibleOrganizationSql(viewer))!);
  return row;
}

async function volunteerVisible(db: DbOrTx, viewer: Viewer, id: number): Promise<boolean> {
  const rows = await db.select({ id: volunteers.id }).from(volunteers)
    .where(and(eq(volunteers.id, id), visibleVolunteerSql(viewer, volunteers.id)));
  return rows.length > 0;
}

export async function createTeam(
  db: Db, viewer: Viewer, input: { organizationId: number; name: string; kind: TeamKind },
): Promise<TeamRow> {
  const name = cleanName(input.name);
  return db.transaction(async (tx) => {
    const org = await findVisibleOrganization(tx, viewer, input.organizationId);
    if (!org) throw new NotFoundError('Organization');
    if (input.kind === 'COMMUNITY_CORRECTION' && org.kind !== 'CORRECTION_OFFICE') {
      throw new BadUserInputError('teams.correctionTeamNeedsOffice', 'kind');
    }
    // Checked before the name, so a refused caller never learns which names a hidden team holds.
    if (!canCreateTeam(viewer, org, input.kind)) {
      throw new ForbiddenError(org.kind === 'CORRECTION_OFFICE'
        ? 'teams.onlyOfficersCreate'
        : 'teams.onlyAdminCreate');
    }
    if (await teamNameTaken(tx, org.id, name)) throw new ConflictError('teams.nameTaken');
    try {
      return await insertTeam(tx, { organizationId: org.id, name, kind: input.kind });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('teams.nameTaken');
      throw error;
    }
  });
}

/** The visible team the viewer may change the members of; NOT_FOUND for a team they do not see. */
async function loadManagedTeam(tx: DbOrTx, viewer: Viewer, teamId: number): Promise<TeamRow> {
  const team = await findVisibleTeam(tx, viewer, teamId);
  if (!team) throw new NotFoundError('Team');
  const org = (await findOrganization(tx, team.organizationId))!;
  if (!canManageMembers(viewer, team, org)) throw new ForbiddenError('teams.onlyStaffChangeMembers');
  return team;
}

/**
 * Adds a member, as of now or as of `joinedAt` for a roster kept on paper before (so the team is
 * credited with the hours served since): never in the future, never before they last left the
 * team (two spells of one membership must not overlap, or their hours would count twice).
 */
export async function addTeamMember(
  db: Db, viewer: Viewer, input: { teamId: number; volunteerId: number; role: TeamRole; joinedAt?: Date | null },
): Promise<TeamMembershipRow> {
  if (input.joinedAt && input.joinedAt.getTime() > Date.now()) throw new BadUserInputError({ key: 'dates.notInFuture', params: { field: 'joinedAt' } }, 'joinedAt');
  return db.transaction(async (tx) => {
    const team = await loadManagedTeam(tx, viewer, input.teamId);
    await assertCanPickVolunteer(tx, viewer, input.volunteerId);
    // Membership makes the volunteer visible to the team's organization through the scope; no affiliation is written.
    if (await findActiveMembership(tx, team.id, input.volunteerId)) throw new ConflictError('teams.alreadyMember');
    const left = input.joinedAt ? await lastLeft(tx, team.id, input.volunteerId) : null;
    if (left && input.joinedAt! < left) throw new BadUserInputError('teams.joinedBeforeLastLeft', 'joinedAt');
    try {
      return await insertMembership(tx, { teamId: team.id, volunteerId: input.volunteerId, role: input.role, joinedAt: input.joinedAt ?? undefined });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('teams.alreadyMember');
      throw error;
    }
  });
}

export async function removeTeamMember(
  db: Db, viewer: Viewer, input: { teamId: number; volunteerId: number },
): Promise<TeamMembershipRow> {
  return db.transaction(async (tx) => {
    const team = await loadManagedTeam(tx, viewer, input.teamId);
    const membership = await findActiveMembership(tx, team.id, input.volunteerId);
    if (!membership || !(await volunteerVisible(tx, viewer, input.volunteerId))) throw new NotFoundError('TeamMembership');
    const ended = await endMembership(tx, membership.id);
    if (!ended) throw new NotFoundError('TeamMembership');
    return ended;
  });
}

