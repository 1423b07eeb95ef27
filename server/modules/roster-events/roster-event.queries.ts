import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, grids, organizations, rosterEvents, rosterLog, shifts } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import type { RosterEventKind, RosterEventRow } from './roster-event.type';

/** A roster filter with its ids decoded and already checked against the viewer. */
export interface RosterEventFilter {
  shiftId?: number | null;
  gridId?: number | null;
  teamId?: number | null;
  organizationId?: number | null;
  volunteerId?: number | null;
}

/** Which part of the log to read: after a position (a page), or exactly these positions. */
export type LogRange = { after: number; limit: number; upTo?: number } | { positions: number[] };

const s = alias(shifts, 're_s');
const sg = alias(grids, 're_g');
const sgo = alias(organizations, 're_go');
const a = alias(assignments, 're_a');

/** Shift-level events a volunteer's own feed carries for the shifts they hold a place on. */
const SHIFT_NEWS = sql`${rosterEvents.kind} in ('SHIFT_UPDATED', 'SHIFT_CANCELLED')`;

/** Their place on the event's shift, unless it was cancelled before the event. */
function holdsPlaceSql(volunteerId: SQL | number): SQL {
  return sql`exists (select 1 from assignments re_va
    where re_va.shift_id = ${rosterEvents.shiftId} and re_va.volunteer_id = ${volunteerId}
      and (re_va.status <> 'CANCELLED' or re_va.cancelled_at >= ${rosterEvents.at}))`;
}

function filterConditions(filter: RosterEventFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.shiftId != null) where.push(eq(rosterEvents.shiftId, filter.shiftId));
  if (filter.gridId != null) where.push(sql`${sg.path} <@ (select path from grids where id = ${filter.gridId})`);
  if (filter.organizationId != null) where.push(sql`${sgo.path} <@ (select path from organizations where id = ${filter.organizationId})`);
  if (filter.volunteerId != null) {
    where.push(sql`(${a.volunteerId} = ${filter.volunteerId}
      or (${rosterEvents.assignmentId} is null and ${SHIFT_NEWS} and ${holdsPlaceSql(filter.volunteerId)}))`);
  }
  if (filter.teamId != null) {
    where.push(sql`exists (select 1 from team_memberships re_m
      where re_m.team_id = ${filter.teamId} and re_m.volunteer_id = ${a.volunteerId} and re_m.left_at is null)`);
  }
  return where;
}

/** The columns of a roster event (the inner join on its shift makes shift_id present, the kind a roster kind). */
const eventColumns = {
  position: rosterLog.position, tick: rosterLog.tickId,
  id: rosterEvents.id, txid: sql<string>`${rosterEvents.txid}::text`, kind: sql<RosterEventKind>`${rosterEvents.kind}`,
  shiftId: sql<number>`${rosterEvents.shiftId}`,
  assignmentId: rosterEvents.assignmentId, actorAccountId: rosterEvents.actorAccountId, at: rosterEvents.at,
};

export function rangeCondition(range: LogRange): SQL | undefined {
  if ('positions' in range) return inArray(rosterLog.position, range.positions);
  return and(gt(rosterLog.position, range.after), range.upTo != null ? sql`${rosterLog.position} <= ${range.upTo}` : undefined);
}

/**
 * Events of the log in `range`, in log order, on shifts the viewer sees and leaving out events
 * about volunteers the viewer may not see. The one definition of "what a viewer may read of the
 * log": `rosterEvents` pages with it and the live fan-out checks each batch with it, so a
 * subscriber never receives what the same account could not query.
 */
export function selectVisibleEvents(db: DbOrTx, viewer: Viewer, filter: RosterEventFilter, range: LogRange): Promise<RosterEventRow[]> {
  if ('positions' in range && range.positions.length === 0) return Promise.resolve([]);
  const query = db.select(eventColumns).from(rosterLog)
    .innerJoin(rosterEvents, eq(rosterEvents.id, rosterLog.eventId))
    .innerJoin(s, eq(s.id, rosterEvents.shiftId))
    .innerJoin(sg, eq(sg.id, s.gridId))
    .innerJoin(sgo, eq(sgo.id, sg.organizationId))
    .leftJoin(a, eq(a.id, rosterEvents.assignmentId))
    .where(and(
      rangeCondition(range),
      visibleGridSql(viewer, sg.path, sgo.path),
      sql`(${rosterEvents.assignmentId} is null or ${visibleVolunteerSql(viewer, a.volunteerId)})`,
      ...filterConditions(filter),
    ))
    .orderBy(asc(rosterLog.position));
  return 'positions' in range ? query : query.limit(range.limit);
}

/**
 * Takes a tick (migration `roster_tick`): numbers every event committed since the last tick and,
 * if there were any, notifies `roster_ticks`. Returns the log's head position. Cheap when nothing
 * is new: an advisory lock and two index probes.
 */
export async function tickRosterLog(db: DbOrTx): Promise<number> {
  const [row] = await db.execute<{ head: string }>(sql`select roster_tick()::text as head`);
  return Number(row!.head);
}

/** The tick that gave `position`, or null when the log has no such position. */
export async function tickOfPosition(db: DbOrTx, position: number): Promise<number | null> {
  const [row] = await db.select({ tick: rosterLog.tickId }).from(rosterLog).where(eq(rosterLog.position, position));
  return row?.tick ?? null;
}

/**
 * Where a cursor given out before ticks stood. Those cursors named an event by (txid, id) in the
 * old (txid, id) order, which the first tick keeps (migration roster_tick_function): so the
 * event's position there is exactly that reader's place. Null for any other event.
 */
export async function legacyCursorPosition(db: DbOrTx, txid: string, eventId: number): Promise<number | null> {
  const [row] = await db.select({ position: rosterLog.position }).from(rosterLog)
    .innerJoin(rosterEvents, eq(rosterEvents.id, rosterLog.eventId))
    .where(and(
      eq(rosterLog.eventId, eventId),
      sql`${rosterEvents.txid} = ${txid}::xid8`,
      sql`${rosterLog.tickId} = (select min(id) from roster_ticks)`,
    ));
  return row?.position ?? null;
}
