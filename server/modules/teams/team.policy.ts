import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, isUnder, seesCorrection, staffPaths } from '../auth/viewer';
import { correctionVisibleSql, pathsParam } from '../volunteers/volunteer.scope';
import { DEPLOYMENT_RUNNING } from '../grids/grid.policy';
import type { OrganizationKind } from '../organizations/organization-kind.enum';
import type { TeamKind } from './team.type';

/**
 * A correction team, and any team a correction office owns, is confidential: its existence and
 * its members are for that office's correction officers (and platform admins) only.
 */
export function isConfidentialTeam(kind: TeamKind, orgKind: OrganizationKind): boolean {
  return kind === 'COMMUNITY_CORRECTION' || orgKind === 'CORRECTION_OFFICE';
}

/** What the visibility rule needs to know about one team, for the pure form of the rule. */
export interface TeamFacts {
  kind: TeamKind;
  orgPath: string;
  orgKind: OrganizationKind;
  /** Organization paths of the grids this team is deployed to today. */
  runningDeploymentGridOrgPaths: string[];
  /** Whether the viewer's own volunteer record is an active member. */
  viewerIsActiveMember: boolean;
}

/**
 * Which teams a viewer sees, as a pure function; `visibleTeamSql` is the same rule in SQL.
 * Staff see their subtree's teams and teams deployed now to their subtree's grids; a volunteer
 * sees the teams they are an active member of. Confidential teams: correction officers only.
 */
export function canSeeTeam(viewer: Viewer | null, team: TeamFacts): boolean {
  if (!viewer) return false;
  if (viewer.isPlatformAdmin) return true;
  if (isConfidentialTeam(team.kind, team.orgKind)) return seesCorrection(viewer, team.orgPath);
  const staff = staffPaths(viewer);
  return isUnder(team.orgPath, staff)
    || team.runningDeploymentGridOrgPaths.some((path) => isUnder(path, staff))
    || (viewer.volunteerId != null && team.viewerIsActiveMember);
}

/** SQL expressions for the columns of one team row and its owning organization. */
export interface TeamColumns {
  id: SQL | AnyColumn;
  kind: SQL | AnyColumn;
  orgPath: SQL | AnyColumn;
  orgKind: SQL | AnyColumn;
}

/** `canSeeTeam` as a SQL condition over a team row joined with its organization. */
export function visibleTeamSql(viewer: Viewer | null, t: TeamColumns): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const confidential = sql`(${t.kind} = 'COMMUNITY_CORRECTION' or ${t.orgKind} = 'CORRECTION_OFFICE')`;
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    const reach = sql`(${t.orgPath} <@ ${staff}
      or exists (select 1 from deployments d join grids tv_g on tv_g.id = d.grid_id
                 join organizations tv_go on tv_go.id = tv_g.organization_id
                 where d.team_id = ${t.id} and tv_go.path <@ ${staff} and ${DEPLOYMENT_RUNNING}))`;
    clauses.push(sql`(${reach} and ${correctionVisibleSql(viewer, t.orgPath, confidential)})`);
  }
  if (viewer.volunteerId != null) {
    clauses.push(sql`(not ${confidential} and exists (select 1 from team_memberships tv_m
      where tv_m.team_id = ${t.id} and tv_m.volunteer_id = ${viewer.volunteerId} and tv_m.left_at is null))`);
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/** Team visibility as a condition on a bare team id, for other modules' queries. */
export function visibleTeamIdSql(viewer: Viewer | null, teamId: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const inner = visibleTeamSql(viewer, { id: sql`tv_t.id`, kind: sql`tv_t.kind`, orgPath: sql`tv_o.path`, orgKind: sql`tv_o.kind` });
  return sql`exists (select 1 from teams tv_t join organizations tv_o on tv_o.id = tv_t.organization_id
    where tv_t.id = ${teamId} and ${inner})`;
}

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
