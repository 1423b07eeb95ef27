import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { staffPaths, type Viewer } from '../auth/viewer';
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
 * office's correction officers. A volunteer sees themself.
 */
export function visibleVolunteerSql(viewer: Viewer | null, volunteerId: SQL | AnyColumn, options: VolunteerScopeOptions = {}): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const self = viewer.volunteerId != null ? sql`${V} = ${viewer.volunteerId}` : sql`false`;
  const paths = staffPaths(viewer);
  const subject: Record<string, SQL | AnyColumn> = options.forShift
    ? { id: volunteerId, shift_grid_path: options.forShift.gridPath, shift_day: options.forShift.startsOn }
    : { id: volunteerId };
  if (paths.length === 0) return existsFor('vis_vol', subject, self);
  const staff = pathsParam(paths);
  const clauses = [
    self,
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
  }
  return existsFor('vis_vol', subject, sql`(${sql.join(clauses, sql` or `)})`);
}
