import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { looksAfterResidentsSql } from './grid-roles';
import { col, existsFor } from './subject';

/** Runs that hold a request right now. */
export const ACTIVE_RUN = sql.raw(`('ASSIGNED', 'EN_ROUTE')`);

/**
 * The one definition of who may see a household — its address, contact and standing needs, and a
 * request's own details (what medicine, which meal), which say as much: residents' health and
 * family facts. Those who look after the grid's residents (platform admins, admins and
 * coordinators of the grid's organization or above, the grid's workers and leaders), and a
 * volunteer while a request of theirs for the household is open (their run is ASSIGNED or
 * EN_ROUTE) — not before they hold it, and not after. Nobody else, however they came to see the
 * request. Over the caller's expressions for the household id and its grid id.
 */
export function visibleHouseholdSql(viewer: Viewer | null, household: { id: SQL | AnyColumn; gridId: SQL | AnyColumn }): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const staff = looksAfterResidentsSql(viewer, { path: sql`vh_g.path`, orgPath: sql`vh_o.path`, orgKind: sql`vh_o.kind` });
  clauses.push(sql`exists (select 1 from grids vh_g join organizations vh_o on vh_o.id = vh_g.organization_id
    where vh_g.id = ${col('vis_hh', 'grid_id')} and ${staff})`);
  if (viewer.volunteerId != null) {
    clauses.push(sql`exists (select 1 from service_requests vh_q join service_runs vh_r on vh_r.request_id = vh_q.id
      where vh_q.household_id = ${col('vis_hh', 'id')} and vh_r.volunteer_id = ${viewer.volunteerId} and vh_r.status in ${ACTIVE_RUN})`);
  }
  return existsFor('vis_hh', { id: household.id, grid_id: household.gridId }, sql`(${sql.join(clauses, sql` or `)})`);
}
