import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { gridRolePaths, staffPaths, type Viewer } from '../auth/viewer';
import { confidentialTeamSql, correctionVisibleSql } from './correction';
import { col, deploymentRunning, existsFor, pathsParam } from './subject';

const PATH = col('vis_grid', 'path');
const ORG_PATH = col('vis_grid', 'org_path');

/**
 * The one definition of which grids (and so which shifts and posts) a viewer sees, as a condition
 * on a grid's ltree path and its owning organization's path:
 * - staff of the grid's organization subtree — but a correction office's own posts (公益劳动) would
 *   show its participants on their rosters: they exist only for staff who see correction there;
 * - staff of an organization whose team is deployed (now) to this grid or a grid above it — for a
 *   confidential team, only staff with correction visibility over it;
 * - a grid worker or leader: the grid of their role and every grid below it (格中格, any depth);
 * - a volunteer: grids of organizations they are (confirmed) affiliated with, their home grid and
 *   the grids below it, grids where one of their teams is deployed now, and grids of shifts they
 *   have (had) a place on.
 */
export function visibleGridSql(viewer: Viewer | null, gridPath: SQL | AnyColumn, gridOrgPath: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    const teamOk = correctionVisibleSql(viewer, sql`vg_to.path`, confidentialTeamSql(sql`vg_t.kind`, sql`vg_to.kind`));
    const gridOk = correctionVisibleSql(viewer, ORG_PATH,
      sql`exists (select 1 from organizations vg_c where vg_c.path = ${ORG_PATH} and vg_c.kind = 'CORRECTION_OFFICE')`);
    clauses.push(sql`((${ORG_PATH} <@ ${staff} or exists (select 1 from deployments vg_d join grids vg_dg on vg_dg.id = vg_d.grid_id
      join teams vg_t on vg_t.id = vg_d.team_id join organizations vg_to on vg_to.id = vg_t.organization_id
      where ${PATH} <@ vg_dg.path and vg_to.path <@ ${staff} and ${teamOk} and ${deploymentRunning('vg_d')})) and ${gridOk})`);
  }
  const roleGrids = gridRolePaths(viewer);
  if (roleGrids.length) {
    clauses.push(sql`(${PATH} <@ ${pathsParam(roleGrids)}
      and not exists (select 1 from organizations vg_rc where vg_rc.path = ${ORG_PATH} and vg_rc.kind = 'CORRECTION_OFFICE'))`);
  }
  if (viewer.volunteerId != null) {
    const me = viewer.volunteerId;
    clauses.push(sql`exists (select 1 from volunteer_affiliations vg_a join organizations vg_o on vg_o.id = vg_a.organization_id
      where vg_a.volunteer_id = ${me} and vg_a.confirmed_at is not null and ${ORG_PATH} <@ vg_o.path)`);
    clauses.push(sql`exists (select 1 from volunteers vg_v join grids vg_hg on vg_hg.id = vg_v.home_grid_id
      where vg_v.id = ${me} and ${PATH} <@ vg_hg.path)`);
    clauses.push(sql`exists (select 1 from deployments vg_vd join grids vg_vdg on vg_vdg.id = vg_vd.grid_id
      join team_memberships vg_m on vg_m.team_id = vg_vd.team_id and vg_m.left_at is null
      where vg_m.volunteer_id = ${me} and ${PATH} <@ vg_vdg.path and ${deploymentRunning('vg_vd')})`);
    // Where staff placed them (a town's checkpoint staffed from its villages): they must see their
    // own post to check in, cancel or read their assignments.
    clauses.push(sql`exists (select 1 from assignments vg_sa join shifts vg_ss on vg_ss.id = vg_sa.shift_id
      join grids vg_sg on vg_sg.id = vg_ss.grid_id where vg_sa.volunteer_id = ${me} and vg_sg.path = ${PATH})`);
  }
  if (clauses.length === 0) return sql`false`;
  return existsFor('vis_grid', { path: gridPath, org_path: gridOrgPath }, sql`(${sql.join(clauses, sql` or `)})`);
}
