import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { staffPaths } from '../auth/viewer';
import { correctionVisibleSql, pathsParam } from '../volunteers/volunteer.scope';

/** A deployment counts while today (Asia/Shanghai) lies within [starts_on, ends_on]. */
export const DEPLOYMENT_RUNNING = sql`d.starts_on <= (now() at time zone 'Asia/Shanghai')::date
  and (d.ends_on is null or d.ends_on >= (now() at time zone 'Asia/Shanghai')::date)`;

/**
 * The one definition of which grids (and so which shifts) a viewer sees, as SQL over a grid's
 * ltree path and owning organization path:
 * - staff of the grid's organization subtree;
 * - staff of an organization whose team is deployed (now) to this grid or a grid above it;
 * - a volunteer: grids of organizations they are affiliated with, their home grid and the grids
 *   below it, and grids where one of their teams is deployed now.
 */
export function visibleGridSql(viewer: Viewer | null, gridPath: SQL | AnyColumn, gridOrgPath: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    const teamOk = correctionVisibleSql(viewer, sql`tor.path`, sql`t.kind = 'COMMUNITY_CORRECTION'`);
    clauses.push(sql`${gridOrgPath} <@ ${staff}`);
    clauses.push(sql`exists (select 1 from deployments d join grids dg on dg.id = d.grid_id join teams t on t.id = d.team_id
      join organizations tor on tor.id = t.organization_id
      where ${gridPath} <@ dg.path and tor.path <@ ${staff} and ${teamOk} and ${DEPLOYMENT_RUNNING})`);
  }
  if (viewer.volunteerId != null) {
    const me = viewer.volunteerId;
    clauses.push(sql`exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
      where a.volunteer_id = ${me} and ${gridOrgPath} <@ o.path)`);
    clauses.push(sql`exists (select 1 from volunteers v join grids hg on hg.id = v.home_grid_id
      where v.id = ${me} and ${gridPath} <@ hg.path)`);
    clauses.push(sql`exists (select 1 from deployments d join grids dg on dg.id = d.grid_id
      join team_memberships m on m.team_id = d.team_id and m.left_at is null
      where m.volunteer_id = ${me} and ${gridPath} <@ dg.path and ${DEPLOYMENT_RUNNING})`);
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/** Staff who manage a grid: shifts, zones, leaders and assignments on it. */
export function gridManagerPaths(viewer: Viewer): string[] {
  return staffPaths(viewer, ['ORG_ADMIN', 'COORDINATOR']);
}
