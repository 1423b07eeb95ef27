import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { correctionPaths, staffPaths } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { confidentialTeamSql, correctionVisibleSql, existsFor, pathsParam, visibleVolunteerSql } from '../visibility';

type Column = SQL | AnyColumn;

/** One credit as the scope rule sees it: a rollup row or a ledger entry. */
export interface CreditColumns {
  volunteerId: Column;
  gridId: Column;
  /** False for a check-out credit, true for an adjustment. */
  adjusted: Column;
  /** The organization an adjustment is recorded for. */
  organizationId: Column;
}

/**
 * Volunteers who are a correction participant of an office the viewer is a correction officer of:
 * affiliated with the office, or active members of one of its confidential teams. The office keeps
 * their whole service record, wherever they served.
 */
export function participantOfViewerSql(viewer: Viewer, volunteerId: Column): SQL {
  const paths = correctionPaths(viewer);
  if (paths.length === 0) return sql`false`;
  const offices = pathsParam(paths);
  return sql`${volunteerId} in (
    select pv_a.volunteer_id from volunteer_affiliations pv_a join organizations pv_o on pv_o.id = pv_a.organization_id
     where pv_a.confirmed_at is not null and pv_o.kind = 'CORRECTION_OFFICE' and pv_o.path <@ ${offices}
    union
    select pv_m.volunteer_id from team_memberships pv_m join teams pv_t on pv_t.id = pv_m.team_id
      join organizations pv_to on pv_to.id = pv_t.organization_id
     where pv_m.left_at is null and (pv_t.kind = 'COMMUNITY_CORRECTION' or pv_to.kind = 'CORRECTION_OFFICE') and pv_to.path <@ ${offices})`;
}

/** Is the volunteer a correction participant of any office (whoever asks)? For routing, never shown. */
export function isParticipantSql(volunteerId: Column): SQL {
  return existsFor('ip', { id: volunteerId }, sql`(exists (select 1 from volunteer_affiliations ip_a join organizations ip_o on ip_o.id = ip_a.organization_id
      where ip_a.volunteer_id = ip.id and ip_a.confirmed_at is not null and ip_o.kind = 'CORRECTION_OFFICE')
    or exists (select 1 from team_memberships ip_m join teams ip_t on ip_t.id = ip_m.team_id
      join organizations ip_to on ip_to.id = ip_t.organization_id
      where ip_m.volunteer_id = ip.id and ip_m.left_at is null
        and ${confidentialTeamSql(sql`ip_t.kind`, sql`ip_to.kind`)}))`);
}

/** Grids the viewer may open, as an uncorrelated set (PostgreSQL hashes it once per statement). */
function visibleGridIdsSql(viewer: Viewer): SQL {
  return sql`(select cv_g.id from grids cv_g join organizations cv_go on cv_go.id = cv_g.organization_id
    where ${visibleGridSql(viewer, sql`cv_g.path`, sql`cv_go.path`)})`;
}

/**
 * Which credits a viewer counts — the one rule behind every total, tally row, service item and
 * export, so each total is the sum of what the viewer may open:
 * - a check-out credit: the assignment is visible (its grid and its volunteer, as node(id) judges);
 * - an adjustment: the viewer is staff over the organization it is recorded for (a correction
 *   office's only for its officers), sees the volunteer, and sees the assignment it is tied to;
 * - the volunteer themself: all of their own;
 * - a correction officer: everything of their office's participants (their correction record).
 * A participant's hours on a correction office's post or from its officers therefore count for
 * nobody outside the office: to anyone else they read like any volunteer registered elsewhere.
 */
export function creditVisibleSql(viewer: Viewer | null, c: CreditColumns): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  if (viewer.volunteerId != null) clauses.push(sql`${c.volunteerId} = ${viewer.volunteerId}`);
  const paths = staffPaths(viewer);
  if (paths.length) {
    const staff = pathsParam(paths);
    // A post of the viewer's own subtree (not a correction office's, unless theirs) is visible and so
    // is everyone with a place on it (volunteer.scope's roster clause): checked first, it spares
    // PostgreSQL the full grid and volunteer rules for almost every row of a staff tally.
    const own = sql`(select ow_g.id from grids ow_g join organizations ow_o on ow_o.id = ow_g.organization_id
      where ow_o.path <@ ${staff} and ${correctionVisibleSql(viewer, sql`ow_o.path`, sql`ow_o.kind = 'CORRECTION_OFFICE'`)})`;
    const organizations = sql`(select cv_o.id from organizations cv_o where cv_o.path <@ ${staff}
      and ${correctionVisibleSql(viewer, sql`cv_o.path`, sql`cv_o.kind = 'CORRECTION_OFFICE'`)})`;
    clauses.push(sql`(not ${c.adjusted} and ${c.gridId} in ${own})`);
    clauses.push(sql`(${visibleVolunteerSql(viewer, c.volunteerId)}
      and (${c.gridId} in ${visibleGridIdsSql(viewer)} or (${c.adjusted} and ${c.gridId} is null))
      and (not ${c.adjusted} or ${c.organizationId} in ${organizations}))`);
    if (correctionPaths(viewer).length) clauses.push(participantOfViewerSql(viewer, c.volunteerId));
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}
