import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { gridRolePaths, staffPaths, type Viewer } from '../auth/viewer';
import { confidentialTeamSql, correctionVisibleSql } from './correction';
import { col, deploymentRunning, existsFor, pathsParam } from './subject';

const T = col('vis_team', 'id');

/**
 * The one definition of which teams a viewer sees, as a condition on a team id. Staff see their
 * subtree's teams and teams deployed (now, before or ahead) to their subtree's grids — a grid's
 * staff know who was sent to them; whether they see the members is the volunteer rule's, which
 * counts a deployment only while it runs. A grid worker or leader sees the teams that serve their
 * grids (teams.serving: deployed there now, or of a grid's own organization), to dispatch to them.
 * A volunteer sees the teams they are an active member of.
 * Confidential teams: that office's correction officers and platform admins only.
 */
export function visibleTeamIdSql(viewer: Viewer | null, teamId: SQL | AnyColumn): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const confidential = confidentialTeamSql(sql`vt_t.kind`, sql`vt_o.kind`);
  const clauses: SQL[] = [];
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    clauses.push(sql`((vt_o.path <@ ${staff}
      or exists (select 1 from deployments vt_d join grids vt_g on vt_g.id = vt_d.grid_id join organizations vt_go on vt_go.id = vt_g.organization_id
                 where vt_d.team_id = vt_t.id and vt_go.path <@ ${staff}))
      and ${correctionVisibleSql(viewer, sql`vt_o.path`, confidential)})`);
  }
  const roleGrids = gridRolePaths(viewer);
  if (roleGrids.length) {
    const grids = pathsParam(roleGrids);
    clauses.push(sql`(not ${confidential} and (exists (select 1 from grids vt_og where vt_og.organization_id = vt_t.organization_id and vt_og.path <@ ${grids})
      or exists (select 1 from deployments vt_rd join grids vt_rg on vt_rg.id = vt_rd.grid_id
        where vt_rd.team_id = vt_t.id and (vt_rg.path <@ ${grids} or vt_rg.path @> ${grids}) and ${deploymentRunning('vt_rd')})))`);
  }
  if (viewer.volunteerId != null) {
    clauses.push(sql`(not ${confidential} and exists (select 1 from team_memberships vt_m
      where vt_m.team_id = vt_t.id and vt_m.volunteer_id = ${viewer.volunteerId} and vt_m.left_at is null))`);
  }
  if (clauses.length === 0) return sql`false`;
  return existsFor('vis_team', { id: teamId }, sql`exists (select 1 from teams vt_t join organizations vt_o on vt_o.id = vt_t.organization_id
    where vt_t.id = ${T} and (${sql.join(clauses, sql` or `)}))`);
}
