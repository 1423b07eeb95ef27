import type { AnyColumn, SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, seesCorrection } from '../auth/viewer';
import { isConfidentialTeam, visibleTeamIdSql } from '../visibility';
import type { OrganizationKind } from '../organizations/organization-kind.enum';
import type { TeamKind } from './team.type';

/** SQL expressions for the columns of one team row and its owning organization. */
export interface TeamColumns {
  id: SQL | AnyColumn;
  kind?: SQL | AnyColumn;
  orgPath?: SQL | AnyColumn;
  orgKind?: SQL | AnyColumn;
}

/** The team rule (modules/visibility/teams.ts) for a team row in the caller's query. */
export function visibleTeamSql(viewer: Viewer | null, t: TeamColumns): SQL {
  return visibleTeamIdSql(viewer, t.id);
}

export { isConfidentialTeam, visibleTeamIdSql };

/** Creating a team: org admins of a normal organization; correction officers for a correction office. */
export function canCreateTeam(viewer: Viewer, org: { path: string; kind: OrganizationKind }, kind: TeamKind): boolean {
  if (viewer.isPlatformAdmin) return true;
  if (isConfidentialTeam(kind, org.kind)) return seesCorrection(viewer, org.path);
  return isStaffOf(viewer, org.path, ['ORG_ADMIN']);
}

/**
 * Adding and removing members: org admins and coordinators over the team's organization; for a
 * confidential team only those who see correction for it (the office's correction officers).
 */
export function canManageMembers(viewer: Viewer, team: { kind: TeamKind }, org: { path: string; kind: OrganizationKind }): boolean {
  if (viewer.isPlatformAdmin) return true;
  if (isConfidentialTeam(team.kind, org.kind)) return seesCorrection(viewer, org.path);
  return isStaffOf(viewer, org.path, ['ORG_ADMIN', 'COORDINATOR']);
}
