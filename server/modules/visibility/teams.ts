import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { staffPaths, type Viewer } from '../auth/viewer';
import { confidentialTeamSql, correctionVisibleSql } from './correction';
import { col, existsFor, pathsParam } from './subject';

const T = col('vis_team', 'id');

/**
 * The one definition of which teams a viewer sees, as a condition on a team id. Staff see their
 * subtree's teams and teams deployed (now, before or ahead) to their subtree's grids — a grid's
 * staff know who was sent to them; whether they see the members is the volunteer rule's, which
 * counts a deployment only while it runs. A volunteer sees the teams they are an active member of.
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
  if (viewer.volunteerId != null) {
    clauses.push(sql`(not ${confidential} and exists (select 1 from team_memberships vt_m
      where vt_m.team_id = vt_t.id and vt_m.volunteer_id = ${viewer.volunteerId} and vt_m.left_at is null))`);
  }
  if (clauses.length === 0) return sql`false`;
  return existsFor('vis_team', { id: teamId }, sql`exists (select 1 from teams vt_t join organizations vt_o on vt_o.id = vt_t.organization_id
    where vt_t.id = ${T} and (${sql.join(clauses, sql` or `)}))`);
}
