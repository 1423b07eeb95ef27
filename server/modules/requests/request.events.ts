import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { rosterEvents, rosterLog, serviceRequests, serviceRuns } from '../../../drizzle/tables';
import { afterCommit } from '../../platform/commit-hooks';
import type { DbOrTx, Tx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { ROSTER_COMMITTED } from '../roster-events/roster-event.log';
import { rangeCondition, type LogRange } from '../roster-events/roster-event.queries';
import type { LiveFeed, LiveFilter } from '../roster-events/live-feed';
import { visibleVolunteerSql } from '../visibility';
import { requestVisibleWhere } from './request.queries';
import type { RequestEventKind } from './request.enums';
import type { RequestEventRow } from './request.type';

export interface NewRequestEvent {
  kind: RequestEventKind;
  requestId: number;
  runId?: number | null;
  actorAccountId: number | null;
}

/**
 * Appends request events to the shared roster log in the caller's transaction: they get their
 * positions from the same ticks as roster events, so both feeds share one commit order.
 */
export async function appendRequestEvent(tx: Tx, event: NewRequestEvent): Promise<void> {
  await tx.insert(rosterEvents).values({ kind: event.kind, requestId: event.requestId, runId: event.runId ?? null, actorAccountId: event.actorAccountId });
  afterCommit(tx, ROSTER_COMMITTED);
}

function filterConditions(filter: LiveFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.requestId != null) where.push(eq(rosterEvents.requestId, filter.requestId));
  if (filter.gridId != null) where.push(sql`exists (select 1 from grids rq_g, grids rq_f where rq_g.id = ${serviceRequests.gridId} and rq_f.id = ${filter.gridId} and rq_g.path <@ rq_f.path)`);
  if (filter.volunteerId != null) where.push(sql`${serviceRuns.volunteerId} = ${filter.volunteerId}`);
  return where;
}

/**
 * Request events in `range` the viewer may read: on requests the viewer sees now (visibleRequestSql,
 * which never opens a household's facts), and when the event names a run's volunteer, one the
 * viewer sees. The one definition for the live feed, its replay and its catch-up.
 */
export function selectVisibleRequestEvents(db: DbOrTx, viewer: Viewer, filter: LiveFilter, range: LogRange): Promise<RequestEventRow[]> {
  if ('positions' in range && range.positions.length === 0) return Promise.resolve([]);
  const query = db.select({
    position: rosterLog.position, tick: rosterLog.tickId, kind: sql<RequestEventKind>`${rosterEvents.kind}::text`,
    requestId: sql<number>`${rosterEvents.requestId}`, runId: rosterEvents.runId, at: rosterEvents.at,
  }).from(rosterLog)
    .innerJoin(rosterEvents, eq(rosterEvents.id, rosterLog.eventId))
    .innerJoin(serviceRequests, eq(serviceRequests.id, rosterEvents.requestId))
    .leftJoin(serviceRuns, eq(serviceRuns.id, rosterEvents.runId))
    .where(and(
      rangeCondition(range),
      requestVisibleWhere(viewer),
      sql`(${serviceRuns.volunteerId} is null or ${visibleVolunteerSql(viewer, serviceRuns.volunteerId)})`,
      ...filterConditions(filter),
    ))
    .orderBy(asc(rosterLog.position));
  return 'positions' in range ? query : query.limit(range.limit);
}

export const requestFeed: LiveFeed = {
  carries: (event) => event.requestId != null,
  visible: (db, viewer, filter, range) => selectVisibleRequestEvents(db, viewer, filter, range),
};
