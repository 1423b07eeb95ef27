import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { servesGridSql, teamServesGridSql, visibleTeamIdSql, visibleVolunteerSql } from '../visibility';

/** Why a volunteer may not run a request; all false means they may. */
export type Fit = {
  id: number;
  pickable: boolean;
  active: boolean;
  serves: boolean;
  skilled: boolean;
  free: boolean;
};

/**
 * The dispatch filters as one condition set over volunteer `v` and request `q`: serves the
 * request's grid, has every skill it needs, and is free in its window — no seat on an overlapping
 * shift, no overlapping exclusive run, and for an exclusive request no overlapping run at all.
 */
const FIT = {
  serves: servesGridSql(sql`v.id`, sql`q.grid_id`),
  skilled: sql`v.skills @> q.required_skills`,
  free: sql`not exists (select 1 from assignments fa where fa.volunteer_id = v.id and fa.status in ('ASSIGNED', 'CHECKED_IN') and fa.period && q.period)
    and not exists (select 1 from service_runs fr where fr.volunteer_id = v.id and fr.status in ('ASSIGNED', 'EN_ROUTE')
      and fr.period && q.period and (fr.exclusive or q.exclusive) and fr.request_id <> q.id)`,
};

export async function volunteerFit(db: DbOrTx, viewer: Viewer, requestId: number, volunteerId: number, exclusive: boolean): Promise<Fit | undefined> {
  const rows = await db.execute<Fit>(sql`select v.id, ${visibleVolunteerSql(viewer, sql`v.id`, { throughRosters: false })} as pickable,
      v.status = 'ACTIVE' as active, ${FIT.serves} as serves, ${FIT.skilled} as skilled, ${FIT.free} as free
    from volunteers v, (select id, grid_id, required_skills, period, exclusive or ${exclusive} as exclusive from service_requests where id = ${requestId}) q
    where v.id = ${volunteerId}`);
  return rows[0];
}

/** Volunteers the viewer may send on the request now: every filter passed, at most `limit`. */
export async function candidateIds(db: DbOrTx, viewer: Viewer, requestId: number, limit: number): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`select v.id from volunteers v, service_requests q
    where q.id = ${requestId} and v.status = 'ACTIVE' and ${FIT.serves} and ${FIT.skilled} and ${FIT.free}
      and ${visibleVolunteerSql(viewer, sql`v.id`, { throughRosters: false })}
    order by v.name, v.id limit ${limit}`);
  return rows.map((r) => r.id);
}

export async function teamFit(db: DbOrTx, viewer: Viewer, gridId: number, teamId: number): Promise<{ visible: boolean; serves: boolean } | undefined> {
  const rows = await db.execute<{ visible: boolean; serves: boolean }>(sql`select ${visibleTeamIdSql(viewer, sql`t.id`)} as visible,
      ${teamServesGridSql(sql`t.id`, sql`${gridId}::int`)} as serves from teams t where t.id = ${teamId}`);
  return rows[0];
}

/** Is the volunteer an active member of the team? */
export function memberOfSql(teamId: SQL | number, volunteerId: number): SQL {
  return sql`exists (select 1 from team_memberships where team_id = ${teamId} and volunteer_id = ${volunteerId} and left_at is null)`;
}
