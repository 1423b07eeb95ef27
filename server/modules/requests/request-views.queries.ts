import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { requestVisibleWhere, selectRequests } from './request.queries';
import type { RequestDayTally, ServiceRequestRow } from './request.type';

/** Open requests of a grid's subtree planned for a day, visible to the viewer, most urgent first. */
export function openRequestsOf(db: DbOrTx, viewer: Viewer, gridId: number, day: string, limit: number): Promise<ServiceRequestRow[]> {
  return selectRequests(db, sql`service_requests.status = 'OPEN' and service_requests.planned_for = ${day}::date
    and ${requestVisibleWhere(viewer)}
    and grids.path <@ (select path from grids where id = ${gridId})`, limit);
}

/**
 * A volunteer's runs of a day (by the request's planned day): runs they hold or held, and runs
 * handed to a team of theirs that nobody has set out on yet.
 */
export async function runIdsOfDay(db: DbOrTx, volunteerId: number, day: string, limit: number): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`select r.id from service_runs r join service_requests q on q.id = r.request_id
    where q.planned_for = ${day}::date and (r.volunteer_id = ${volunteerId}
      or (r.volunteer_id is null and r.status = 'ASSIGNED' and exists (select 1 from team_memberships m
        where m.team_id = r.team_id and m.volunteer_id = ${volunteerId} and m.left_at is null)))
    order by lower(r.period), r.id limit ${limit}`);
  return rows.map((r) => r.id);
}

/**
 * Numbers per day of a grid's subtree: requests (not cancelled), done, failed runs and residents
 * served, over the requests the viewer sees (so never a correction office's post, nor a grid they
 * do not look after).
 */
export async function requestTallies(db: DbOrTx, viewer: Viewer, gridId: number, from: string, to: string): Promise<RequestDayTally[]> {
  const rows = await db.execute<{ day: string; requests: number; done: number; failed: number; people: number }>(sql`
    select d.day::text as day,
      count(q.id) filter (where q.status <> 'CANCELLED')::int as requests,
      count(q.id) filter (where q.status = 'DONE')::int as done,
      coalesce(sum((select count(*) from service_runs f where f.request_id = q.id and f.status = 'FAILED')), 0)::int as failed,
      coalesce(sum(q.people) filter (where q.status = 'DONE'), 0)::int as people
    from generate_series(${from}::date, ${to}::date, interval '1 day') d(day)
    left join (select service_requests.* from service_requests join grids on grids.id = service_requests.grid_id
      where grids.path <@ (select path from grids where id = ${gridId}) and ${requestVisibleWhere(viewer)}) q on q.planned_for = d.day::date
    group by d.day order by d.day`);
  return rows.map((r) => ({ day: r.day.slice(0, 10), requests: r.requests, done: r.done, failed: r.failed, peopleServed: r.people }));
}
