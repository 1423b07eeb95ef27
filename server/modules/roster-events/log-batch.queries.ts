import { asc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, grids, organizations, rosterEvents, rosterLog, serviceRequests, serviceRuns, shifts } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';

/**
 * An event of the log as the live reader hands it on: the row, plus what routes it to
 * subscriptions. The log carries roster events (a shift) and service request events (a request).
 */
export interface RoutedEventRow {
  position: number;
  tick: number;
  id: number;
  txid: string;
  kind: string;
  shiftId: number | null;
  assignmentId: number | null;
  requestId: number | null;
  runId: number | null;
  actorAccountId: number | null;
  at: Date;
  /** ltree paths of ids: the grid of the shift or request, and the grid's organization. */
  gridPath: string;
  organizationPath: string;
  /** The assignment's or run's volunteer; for shift-level news, everyone holding a place on the shift. */
  volunteerIds: number[];
}

const s = alias(shifts, 'lb_s');
const q = alias(serviceRequests, 'lb_q');
const g = alias(grids, 'lb_g');
const go = alias(organizations, 'lb_go');
const a = alias(assignments, 'lb_a');
const r = alias(serviceRuns, 'lb_r');

const SHIFT_NEWS = sql`${rosterEvents.kind} in ('SHIFT_UPDATED', 'SHIFT_CANCELLED')`;

/**
 * The next events of the log after `after`, for every subscription of the process at once (no
 * viewer: each feed applies each viewer's scope with its own SQL). One statement.
 */
export async function selectLogBatch(db: DbOrTx, after: number, limit: number): Promise<RoutedEventRow[]> {
  const rows = await db.select({
    position: rosterLog.position, tick: rosterLog.tickId, id: rosterEvents.id, txid: sql<string>`${rosterEvents.txid}::text`,
    kind: sql<string>`${rosterEvents.kind}::text`, shiftId: rosterEvents.shiftId, assignmentId: rosterEvents.assignmentId,
    requestId: rosterEvents.requestId, runId: rosterEvents.runId, actorAccountId: rosterEvents.actorAccountId, at: rosterEvents.at,
    gridPath: sql<string>`${g.path}::text`,
    organizationPath: sql<string>`${go.path}::text`,
    volunteerIds: sql<number[]>`case when ${a.volunteerId} is not null then array[${a.volunteerId}]
      when ${r.volunteerId} is not null then array[${r.volunteerId}]
      when ${SHIFT_NEWS} then array(select lb_va.volunteer_id from assignments lb_va
        where lb_va.shift_id = ${rosterEvents.shiftId} and (lb_va.status <> 'CANCELLED' or lb_va.cancelled_at >= ${rosterEvents.at}))
      else '{}'::int[] end`,
  }).from(rosterLog)
    .innerJoin(rosterEvents, eq(rosterEvents.id, rosterLog.eventId))
    .leftJoin(s, eq(s.id, rosterEvents.shiftId))
    .leftJoin(q, eq(q.id, rosterEvents.requestId))
    .innerJoin(g, sql`${g.id} = coalesce(${s.gridId}, ${q.gridId})`)
    .innerJoin(go, eq(go.id, g.organizationId))
    .leftJoin(a, eq(a.id, rosterEvents.assignmentId))
    .leftJoin(r, eq(r.id, rosterEvents.runId))
    .where(gt(rosterLog.position, after))
    .orderBy(asc(rosterLog.position))
    .limit(limit);
  return rows.map((row) => ({ ...row, volunteerIds: (row.volunteerIds ?? []).map(Number) }));
}
