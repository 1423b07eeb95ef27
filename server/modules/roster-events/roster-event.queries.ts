import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, grids, organizations, rosterEvents, shifts } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import type { RosterEventRow } from './roster-event.type';

/**
 * The readable horizon: every transaction below it has finished or can never write roster events,
 * so events below it are final and nothing can later appear behind them.
 *
 * It is read in its own statement, BEFORE the statement that reads events (whose snapshot is then
 * later). That order is what makes two cheap tests sound:
 * - a transaction of the snapshot that has finished by now is not held: its events, if any, are
 *   visible to the later read. (Inside one statement this would skip them: the statement's own
 *   snapshot cannot see a commit that happened after it.)
 * - a running transaction positively known never to write roster events — another database of the
 *   cluster, or a backend that is not a client (autovacuum) — is not held either.
 * Anything else that is still running (or whose backend cannot be told) holds the horizon: that only
 * delays events, never skips them. backend_xid is 32-bit, so it is matched against the low 32 bits.
 * Callers must read events in READ COMMITTED (a fresh snapshot per statement), never REPEATABLE READ.
 */
const HORIZON_SQL = sql`
  select coalesce(min(running.xid), pg_snapshot_xmax(pg_current_snapshot()))::text as horizon
    from pg_snapshot_xip(pg_current_snapshot()) as running(xid)
   where pg_xact_status(running.xid) = 'in progress'
     and (running.xid::text::numeric % 4294967296)::bigint not in (
       select a.backend_xid::text::bigint from pg_stat_activity a
        where a.backend_xid is not null
          and (a.datname is distinct from current_database() or a.backend_type <> 'client backend'))`;

/** The horizon as a txid (xid8 text); see HORIZON_SQL for why it is its own statement. */
export async function readHorizon(db: DbOrTx): Promise<string> {
  const rows = await db.execute<{ horizon: string }>(HORIZON_SQL);
  return rows[0]!.horizon;
}

/** A position in the log: the (txid, id) of the last event a reader has seen. */
export interface RosterCursor {
  txid: string;
  id: number;
}

/** A roster filter with its ids decoded and already checked against the viewer. */
export interface RosterEventFilter {
  shiftId?: number | null;
  gridId?: number | null;
  teamId?: number | null;
  organizationId?: number | null;
  volunteerId?: number | null;
}

const s = alias(shifts, 're_s');
const sg = alias(grids, 're_g');
const sgo = alias(organizations, 're_go');
const a = alias(assignments, 're_a');

function filterConditions(filter: RosterEventFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.shiftId != null) where.push(eq(rosterEvents.shiftId, filter.shiftId));
  if (filter.gridId != null) where.push(sql`${sg.path} <@ (select path from grids where id = ${filter.gridId})`);
  if (filter.organizationId != null) where.push(sql`${sgo.path} <@ (select path from organizations where id = ${filter.organizationId})`);
  if (filter.volunteerId != null) where.push(eq(a.volunteerId, filter.volunteerId));
  if (filter.teamId != null) {
    where.push(sql`exists (select 1 from team_memberships re_m
      where re_m.team_id = ${filter.teamId} and re_m.volunteer_id = ${a.volunteerId} and re_m.left_at is null)`);
  }
  return where;
}

/**
 * Committed events after `after`, oldest first by (txid, id), on shifts the viewer sees and
 * leaving out events about volunteers the viewer may not see.
 *
 * Why `txid < horizon`: ids and txids are taken when a row is
 * inserted, not when its transaction commits, so a transaction that is still running may commit
 * later with a txid smaller than events already visible. A reader that had handed out a cursor past
 * those visible events would then never see the late one. Every transaction with a txid below the
 * horizon has finished, so rows below it are final: nothing can ever appear behind them.
 * Events of running transactions (and everything ordered after them) wait until those end.
 */
export async function selectCommittedEvents(
  db: DbOrTx, viewer: Viewer | null, filter: RosterEventFilter, after: RosterCursor | null, limit: number,
): Promise<RosterEventRow[]> {
  if (!viewer || limit === 0) return [];
  const horizon = await readHorizon(db);
  return db.select({
    id: rosterEvents.id, txid: sql<string>`${rosterEvents.txid}::text`, kind: rosterEvents.kind, shiftId: rosterEvents.shiftId,
    assignmentId: rosterEvents.assignmentId, actorAccountId: rosterEvents.actorAccountId, at: rosterEvents.at,
  }).from(rosterEvents)
    .innerJoin(s, eq(s.id, rosterEvents.shiftId))
    .innerJoin(sg, eq(sg.id, s.gridId))
    .innerJoin(sgo, eq(sgo.id, sg.organizationId))
    .leftJoin(a, eq(a.id, rosterEvents.assignmentId))
    .where(and(
      sql`${rosterEvents.txid} < ${horizon}::xid8`,
      after ? sql`(${rosterEvents.txid}, ${rosterEvents.id}) > (${after.txid}::xid8, ${after.id}::bigint)` : undefined,
      visibleGridSql(viewer, sg.path, sgo.path),
      sql`(${rosterEvents.assignmentId} is null or ${visibleVolunteerSql(viewer, a.volunteerId)})`,
      ...filterConditions(filter),
    ))
    .orderBy(asc(rosterEvents.txid), asc(rosterEvents.id))
    .limit(limit);
}

/**
 * The log's head for a new live reader: the last event already final (below the oldest running
 * transaction). Everything that can still appear orders after it.
 */
export async function selectHeadCursor(db: DbOrTx): Promise<RosterCursor | null> {
  const horizon = await readHorizon(db);
  const [row] = await db.select({ txid: sql<string>`${rosterEvents.txid}::text`, id: rosterEvents.id })
    .from(rosterEvents)
    .where(sql`${rosterEvents.txid} < ${horizon}::xid8`)
    .orderBy(sql`${rosterEvents.txid} desc`, sql`${rosterEvents.id} desc`)
    .limit(1);
  return row ?? null;
}
