import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { looksAfterResidentsSql } from './grid-roles';
import { ACTIVE_RUN } from './households';
import { servesGridSql } from './serving';
import { col, existsFor } from './subject';

/**
 * The one definition of which service requests a viewer sees (kind, urgency, window, building,
 * status, runs — never the household's facts: that is visibleHouseholdSql's). Those who look after
 * the grid's residents see every request of the grid; a volunteer sees the requests they run or
 * ran, the ones a team of theirs holds now, and the OPEN requests of grids they serve (to claim
 * them) — once someone else holds one, it is gone from their view. Over the caller's expressions
 * for the request's id, status and grid id.
 */
export function visibleRequestSql(viewer: Viewer | null, request: { id: SQL | AnyColumn; status: SQL | AnyColumn; gridId: SQL | AnyColumn }): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const R = col('vis_req', 'id');
  const clauses: SQL[] = [];
  const staff = looksAfterResidentsSql(viewer, { path: sql`vr_g.path`, orgPath: sql`vr_o.path`, orgKind: sql`vr_o.kind` });
  clauses.push(sql`exists (select 1 from grids vr_g join organizations vr_o on vr_o.id = vr_g.organization_id
    where vr_g.id = ${col('vis_req', 'grid_id')} and ${staff})`);
  if (viewer.volunteerId != null) {
    const me = viewer.volunteerId;
    clauses.push(sql`exists (select 1 from service_runs vr_r where vr_r.request_id = ${R} and vr_r.volunteer_id = ${me})`);
    clauses.push(sql`exists (select 1 from service_runs vr_t join team_memberships vr_m on vr_m.team_id = vr_t.team_id and vr_m.left_at is null
      where vr_t.request_id = ${R} and vr_t.status in ${ACTIVE_RUN} and vr_m.volunteer_id = ${me})`);
    clauses.push(sql`(${col('vis_req', 'status')} = 'OPEN' and ${servesGridSql(sql`${me}::int`, col('vis_req', 'grid_id'))})`);
  }
  return existsFor('vis_req', { id: request.id, status: request.status, grid_id: request.gridId }, sql`(${sql.join(clauses, sql` or `)})`);
}
