import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import {
  visibleActiveMembershipsOfVolunteers, visibleMembershipsOfTeams, visibleTeamsByIds, visibleTeamsOfOrganizations,
} from './team.queries';
import type { TeamMembershipRow, TeamRow } from './team.type';

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

function groupBy<T>(keys: readonly number[], rows: T[], keyOf: (row: T) => number): T[][] {
  const map = new Map<number, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/** Every loader applies the viewer's scope: what the viewer may not see is simply absent. */
export function createTeamLoaders(db: DbOrTx, viewer: Viewer | null) {
  const membersOf = (activeOnly: boolean) => new DataLoader<number, TeamMembershipRow[]>(async (teamIds) =>
    groupBy(teamIds, await visibleMembershipsOfTeams(db, viewer, teamIds, activeOnly), (m) => m.teamId));
  return {
    /** Teams the viewer may see; null for the rest (and for missing ids). */
    visibleById: new DataLoader<number, TeamRow | null>(async (ids) => byId(ids, await visibleTeamsByIds(db, viewer, ids))),
    /** Organization.teams: the visible teams of each organization, by name. */
    visibleByOrganization: new DataLoader<number, TeamRow[]>(async (orgIds) =>
      groupBy(orgIds, await visibleTeamsOfOrganizations(db, viewer, orgIds), (t) => t.organizationId)),
    /** Team.members: visible members only, active ones or the whole history. */
    activeMembers: membersOf(true),
    allMembers: membersOf(false),
    /** Volunteer.teams: active memberships of teams the viewer may see. */
    activeMembershipsOfVolunteer: new DataLoader<number, TeamMembershipRow[]>(async (volunteerIds) =>
      groupBy(volunteerIds, await visibleActiveMembershipsOfVolunteers(db, viewer, volunteerIds), (m) => m.volunteerId)),
  };
}
export type TeamLoaders = ReturnType<typeof createTeamLoaders>;
