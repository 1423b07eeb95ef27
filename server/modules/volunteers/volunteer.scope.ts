import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { correctionPaths, staffPaths } from '../auth/viewer';

/** ltree[] parameter from a list of paths. */
export function pathsParam(paths: string[]): SQL {
  return sql`${sql.param(paths)}::ltree[]`;
}

/**
 * "May the viewer see something owned by this organization that is correction-confidential?"
 * as SQL over an organization path column and a flag saying whether the thing is confidential.
 */
export function correctionVisibleSql(viewer: Viewer, orgPath: SQL | AnyColumn, confidential: SQL): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const paths = correctionPaths(viewer);
  if (paths.length === 0) return sql`not (${confidential})`;
  return sql`(not (${confidential}) or ${orgPath} <@ ${pathsParam(paths)})`;
}

export interface ScopeOptions {
  /**
   * Whether a place on one of the viewer's shifts makes a volunteer visible (default true). It
   * lets a post's staff see who is on it, never pick that person for anything else: seating
   * someone new asks without it, so a deployed member stops being assignable once the deployment
   * ends and a correction participant is never assignable by staff outside the office.
   */
  throughRosters?: boolean;
}

/**
 * The one definition of which volunteers a viewer may see, as a SQL condition on a volunteer id.
 * Staff see volunteers affiliated with their subtree (registered there or joined there), members
 * of their subtree's teams, members of teams deployed today to their subtree's grids, and anyone
 * who holds, waits for or once had a place on a shift of their subtree's grids — a post's staff
 * must know who is and was on it, and a correction participant there looks like any other
 * volunteer (even after cancelling: an ordinary volunteer's history does not vanish either).
 * Affiliations with a correction office and memberships of correction teams count only for
 * that office's correction officers. A volunteer sees themself.
 */
export function visibleVolunteerSql(viewer: Viewer | null, volunteerId: SQL | AnyColumn, options: ScopeOptions = {}): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const self = viewer.volunteerId != null ? sql`${volunteerId} = ${viewer.volunteerId}` : sql`false`;
  const paths = staffPaths(viewer);
  if (paths.length === 0) return self;
  const staff = pathsParam(paths);
  const affiliationOk = correctionVisibleSql(viewer, sql`o.path`, sql`o.kind = 'CORRECTION_OFFICE'`);
  const teamOk = correctionVisibleSql(viewer, sql`o.path`, sql`t.kind = 'COMMUNITY_CORRECTION' or o.kind = 'CORRECTION_OFFICE'`);
  // A correction office's own posts are its correction staff's alone (grid.policy): their rosters
  // show nobody to anyone else.
  const rosterOk = correctionVisibleSql(viewer, sql`so.path`, sql`so.kind = 'CORRECTION_OFFICE'`);
  const onTheirRosters = options.throughRosters === false ? sql`` : sql`or exists (select 1 from assignments sa
               join shifts ss on ss.id = sa.shift_id join grids sg on sg.id = ss.grid_id join organizations so on so.id = sg.organization_id
               where sa.volunteer_id = ${volunteerId} and so.path <@ ${staff} and ${rosterOk})`;
  return sql`(${self}
    or exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
               where a.volunteer_id = ${volunteerId} and o.path <@ ${staff} and ${affiliationOk})
    or exists (select 1 from team_memberships m join teams t on t.id = m.team_id join organizations o on o.id = t.organization_id
               where m.volunteer_id = ${volunteerId} and m.left_at is null and o.path <@ ${staff} and ${teamOk})
    ${onTheirRosters}
    or exists (select 1 from team_memberships m join teams t on t.id = m.team_id join organizations o on o.id = t.organization_id
               join deployments d on d.team_id = t.id join grids g on g.id = d.grid_id join organizations go on go.id = g.organization_id
               where m.volunteer_id = ${volunteerId} and m.left_at is null and go.path <@ ${staff} and ${teamOk}
                 and d.starts_on <= (now() at time zone 'Asia/Shanghai')::date
                 and (d.ends_on is null or d.ends_on >= (now() at time zone 'Asia/Shanghai')::date)))`;
}
