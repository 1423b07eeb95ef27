import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { gridRolePaths, staffPaths, type Viewer } from '../auth/viewer';
import { confidentialTeamSql, correctionVisibleSql } from './correction';
import { col, deploymentRunning, existsFor, pathsParam } from './subject';

export interface VolunteerScopeOptions {
  /**
   * Whether a place on one of the viewer's shifts makes a volunteer visible (default true). It
   * lets a post's staff see who is on it, never pick that person for anything else: seating
   * someone new asks without it, so a deployed member stops being assignable once the deployment
   * ends and a correction participant is never assignable by staff outside the office.
   */
  throughRosters?: boolean;
  /**
   * Seating on this shift (its grid's path, its Asia/Shanghai start date): a deployed team's member
   * is pickable only for shifts on the deployed grid or below it, starting within the deployment's
   * dates — not for the host organization's other grids, nor after the deployment ends.
   */
  forShift?: { gridPath: SQL; startsOn: SQL };
}

const V = col('vis_vol', 'id');

/**
 * The one definition of which volunteers a viewer may see, as a condition on a volunteer id.
 * Staff see volunteers affiliated with their subtree (confirmed affiliations: a registration the
 * person has not confirmed shows nothing), members of their subtree's teams, members of teams
 * deployed today to their subtree's grids, and anyone who holds, waits for or once had a place on a
 * shift of their subtree's grids — a post's staff must know who is and was on it, and a correction
 * participant there looks like any other volunteer. Affiliations with a correction office,
 * memberships of confidential teams and a correction office's own posts count only for that
 * office's correction officers. The staff of a grid's organization also see who runs or ran a
 * service request there (as a roster shows who was on a post). A grid worker or leader sees the
 * volunteers who serve their grids — affiliated with a grid's own organization, members of a team
 * deployed there now — and who ran requests there; never through a correction office or a
 * confidential team. A volunteer sees themself.
 */
export function visibleVolunteerSql(viewer: Viewer | null, volunteerId: SQL | AnyColumn, options: VolunteerScopeOptions = {}): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const self = viewer.volunteerId != null ? sql`${V} = ${viewer.volunteerId}` : sql`false`;
  const paths = staffPaths(viewer);
  const subject: Record<string, SQL | AnyColumn> = options.forShift
    ? { id: volunteerId, shift_grid_path: options.forShift.gridPath, shift_day: options.forShift.startsOn }
    : { id: volunteerId };
  const clauses = [self];
  if (paths.length) clauses.push(...staffClauses(viewer, pathsParam(paths), options));
  const roleGrids = gridRolePaths(viewer);
  if (roleGrids.length) clauses.push(gridRoleClause(viewer, pathsParam(roleGrids), options));
  return existsFor('vis_vol', subject, sql`(${sql.join(clauses, sql` or `)})`);
}

/**
 * For a roster row, an assignment on a shift of a grid of organization `org`: whether the row is
 * itself the witness visibleVolunteerSql's roster clause looks for (the shift's organization lies
 * in the viewer's staff subtree, a correction office's only for its correction officers). It
 * implies visibleVolunteerSql for the row's volunteer, so `rowWitness or visibleVolunteerSql(…)`
 * is the same rule, decided by columns a roster query has already joined instead of by probes.
 */
export function rosterRowWitnessSql(viewer: Viewer | null, org: { path: SQL | AnyColumn; kind: SQL | AnyColumn }): SQL {
  if (!viewer) return sql`false`;
  const paths = staffPaths(viewer);
  if (paths.length === 0) return sql`false`;
  return sql`(${org.path} <@ ${pathsParam(paths)} and ${correctionVisibleSql(viewer, org.path, sql`${org.kind} = 'CORRECTION_OFFICE'`)})`;
}

/** What staff of an organization subtree see (`staff`: their paths). */
function staffClauses(viewer: Viewer, staff: SQL, options: VolunteerScopeOptions): SQL[] {
  const clauses = [
    sql`exists (select 1 from volunteer_affiliations vv_a join organizations vv_o on vv_o.id = vv_a.organization_id
      where vv_a.volunteer_id = ${V} and vv_a.confirmed_at is not null and vv_o.path <@ ${staff}
        and ${correctionVisibleSql(viewer, sql`vv_o.path`, sql`vv_o.kind = 'CORRECTION_OFFICE'`)})`,
    sql`exists (select 1 from team_memberships vv_m join teams vv_t on vv_t.id = vv_m.team_id join organizations vv_to on vv_to.id = vv_t.organization_id
      where vv_m.volunteer_id = ${V} and vv_m.left_at is null and vv_to.path <@ ${staff}
        and ${correctionVisibleSql(viewer, sql`vv_to.path`, confidentialTeamSql(sql`vv_t.kind`, sql`vv_to.kind`))})`,
    sql`exists (select 1 from team_memberships vv_dm join teams vv_dt on vv_dt.id = vv_dm.team_id join organizations vv_dto on vv_dto.id = vv_dt.organization_id
      join deployments vv_d on vv_d.team_id = vv_dt.id join grids vv_dg on vv_dg.id = vv_d.grid_id join organizations vv_dgo on vv_dgo.id = vv_dg.organization_id
      where vv_dm.volunteer_id = ${V} and vv_dm.left_at is null and vv_dgo.path <@ ${staff} and ${deploymentRunning('vv_d')}
        and ${correctionVisibleSql(viewer, sql`vv_dto.path`, confidentialTeamSql(sql`vv_dt.kind`, sql`vv_dto.kind`))}
        ${options.forShift ? sql`and vis_vol.shift_grid_path <@ vv_dg.path and vis_vol.shift_day between vv_d.starts_on and coalesce(vv_d.ends_on, vis_vol.shift_day)` : sql``})`,
  ];
  // A correction office's own posts are its correction staff's alone: their rosters show nobody to anyone else.
  if (options.throughRosters !== false) {
    clauses.push(sql`exists (select 1 from assignments vv_sa join shifts vv_ss on vv_ss.id = vv_sa.shift_id
      join grids vv_sg on vv_sg.id = vv_ss.grid_id join organizations vv_so on vv_so.id = vv_sg.organization_id
      where vv_sa.volunteer_id = ${V} and vv_so.path <@ ${staff}
        and ${correctionVisibleSql(viewer, sql`vv_so.path`, sql`vv_so.kind = 'CORRECTION_OFFICE'`)})`);
    clauses.push(sql`exists (select 1 from service_runs vv_rr join service_requests vv_rq on vv_rq.id = vv_rr.request_id
      join grids vv_rg on vv_rg.id = vv_rq.grid_id join organizations vv_ro on vv_ro.id = vv_rg.organization_id
      where vv_rr.volunteer_id = ${V} and vv_ro.path <@ ${staff} and vv_ro.kind <> 'CORRECTION_OFFICE')`);
  }
  return clauses;
}

/**
 * What a grid worker or leader sees (`grids`: their grids' paths): the volunteers who serve one of
 * those grids or a grid below them, and — as a roster would — who ran requests there.
 */
function gridRoleClause(viewer: Viewer, grids: SQL, options: VolunteerScopeOptions): SQL {
  const clauses = [
    sql`exists (select 1 from volunteer_affiliations vv_ga join organizations vv_gao on vv_gao.id = vv_ga.organization_id
      where vv_ga.volunteer_id = ${V} and vv_ga.confirmed_at is not null and vv_gao.kind <> 'CORRECTION_OFFICE'
        and exists (select 1 from grids vv_gg where vv_gg.organization_id = vv_ga.organization_id and vv_gg.path <@ ${grids}))`,
    sql`exists (select 1 from team_memberships vv_gm join teams vv_gt on vv_gt.id = vv_gm.team_id join organizations vv_gto on vv_gto.id = vv_gt.organization_id
      join deployments vv_gd on vv_gd.team_id = vv_gt.id join grids vv_gdg on vv_gdg.id = vv_gd.grid_id
      where vv_gm.volunteer_id = ${V} and vv_gm.left_at is null and (vv_gdg.path <@ ${grids} or vv_gdg.path @> ${grids})
        and ${deploymentRunning('vv_gd')} and ${correctionVisibleSql(viewer, sql`vv_gto.path`, confidentialTeamSql(sql`vv_gt.kind`, sql`vv_gto.kind`))})`,
  ];
  if (options.throughRosters !== false) {
    clauses.push(sql`exists (select 1 from service_runs vv_gr join service_requests vv_gq on vv_gq.id = vv_gr.request_id
      join grids vv_gqg on vv_gqg.id = vv_gq.grid_id where vv_gr.volunteer_id = ${V} and vv_gqg.path <@ ${grids})`);
  }
  return sql`(${sql.join(clauses, sql` or `)})`;
}

