import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, isUnder, staffPaths } from '../auth/viewer';
import { correctionVisibleSql, pathsParam } from '../volunteers/volunteer.scope';

/** A deployment counts while today (Asia/Shanghai) lies within [starts_on, ends_on]. */
export const DEPLOYMENT_RUNNING = sql`d.starts_on <= (now() at time zone 'Asia/Shanghai')::date
  and (d.ends_on is null or d.ends_on >= (now() at time zone 'Asia/Shanghai')::date)`;

/**
 * The one definition of which grids (and so which shifts) a viewer sees, as SQL over a grid's
 * ltree path and owning organization path:
 * - staff of the grid's organization subtree;
 * - staff of an organization whose team is deployed (now) to this grid or a grid above it — for a
 *   confidential team, only staff with correction visibility over it;
 * - a volunteer: grids of organizations they are affiliated with, their home grid and the grids
 *   below it, grids where one of their teams is deployed now, and grids of shifts they have (had) a
 *   place on.
 */
export function visibleGridSql(viewer: Viewer | null, gridPath: SQL | AnyColumn, gridOrgPath: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    // Confidential teams (correction teams, or any team of a correction office) open grids only to
    // staff who may know of them — the same rule as team.policy and volunteer.scope.
    const teamOk = correctionVisibleSql(viewer, sql`tor.path`, sql`(t.kind = 'COMMUNITY_CORRECTION' or tor.kind = 'CORRECTION_OFFICE')`);
    // A correction office's own posts (公益劳动) would show its participants on their rosters: they
    // exist only for staff who may know of the office's participants.
    const gridOk = correctionVisibleSql(viewer, gridOrgPath,
      sql`exists (select 1 from organizations gc_o where gc_o.path = ${gridOrgPath} and gc_o.kind = 'CORRECTION_OFFICE')`);
    clauses.push(sql`((${gridOrgPath} <@ ${staff} or exists (select 1 from deployments d join grids dg on dg.id = d.grid_id
      join teams t on t.id = d.team_id join organizations tor on tor.id = t.organization_id
      where ${gridPath} <@ dg.path and tor.path <@ ${staff} and ${teamOk} and ${DEPLOYMENT_RUNNING})) and ${gridOk})`);
  }
  if (viewer.volunteerId != null) {
    const me = viewer.volunteerId;
    // Aliases of its own: a caller's `o.path` must not be captured by this subquery's tables.
    clauses.push(sql`exists (select 1 from volunteer_affiliations gv_a join organizations gv_o on gv_o.id = gv_a.organization_id
      where gv_a.volunteer_id = ${me} and ${gridOrgPath} <@ gv_o.path)`);
    clauses.push(sql`exists (select 1 from volunteers v join grids hg on hg.id = v.home_grid_id
      where v.id = ${me} and ${gridPath} <@ hg.path)`);
    clauses.push(sql`exists (select 1 from deployments d join grids dg on dg.id = d.grid_id
      join team_memberships m on m.team_id = d.team_id and m.left_at is null
      where m.volunteer_id = ${me} and ${gridPath} <@ dg.path and ${DEPLOYMENT_RUNNING})`);
    // Where staff placed them (a town's checkpoint staffed from its villages): they must see their
    // own post to check in, cancel or read their assignments.
    clauses.push(sql`exists (select 1 from assignments gv_sa join shifts gv_ss on gv_ss.id = gv_sa.shift_id
      join grids gv_sg on gv_sg.id = gv_ss.grid_id where gv_sa.volunteer_id = ${me} and gv_sg.path = ${gridPath})`);
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/**
 * Staff who manage a grid: shifts, zones, leaders and assignments on it. Correction officers
 * manage their office's own posts (a role granted only on correction offices, so nothing else).
 */
export function gridManagerPaths(viewer: Viewer): string[] {
  return staffPaths(viewer, ['ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER']);
}

/** May the viewer change this grid (zone, leader, children)? Org admins and coordinators above it. */
export function canManageGrid(viewer: Viewer, gridOrgPath: string): boolean {
  return viewer.isPlatformAdmin || isUnder(gridOrgPath, gridManagerPaths(viewer));
}

/**
 * Sending a team to a grid pulls the team's people into the grid's view and the grid into the
 * team's, so the caller must manage both sides (e.g. a town coordinator above both); neither side
 * alone may do it.
 */
export function canDeploy(viewer: Viewer, teamOrgPath: string, gridOrgPath: string): boolean {
  return viewer.isPlatformAdmin || (canManageGrid(viewer, teamOrgPath) && canManageGrid(viewer, gridOrgPath));
}

/** Zone history names the staff who changed it: for staff of the grid's organization subtree only. */
export function seesZoneHistory(viewer: Viewer, gridOrgPath: string): boolean {
  return isStaffOf(viewer, gridOrgPath);
}

/**
 * "May the viewer know this team exists?" for a team reached through a visible grid's deployment:
 * a confidential team (a community-correction team, or any team of a correction office — the same
 * rule as team.policy and volunteer.scope) only with correction visibility over its organization.
 */
export function deployedTeamVisibleSql(viewer: Viewer, team: { kind: SQL | AnyColumn; orgKind: SQL | AnyColumn; orgPath: SQL | AnyColumn }): SQL {
  return correctionVisibleSql(viewer, team.orgPath, sql`(${team.kind} = 'COMMUNITY_CORRECTION' or ${team.orgKind} = 'CORRECTION_OFFICE')`);
}
