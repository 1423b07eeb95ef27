import { and, eq, sql } from 'drizzle-orm';
import { hourAdjustments, hourCorrectionRequests } from '../../../drizzle/tables';
import type { DbOrTx, Tx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { creditVisibleSql } from './hours.policy';
import { CREDIT, ledgerSql } from './ledger.queries';
import { visibleRequestSql } from './correction-request.policy';
import type { CorrectionRequestRow, CorrectionStatus } from './correction-request.type';

const columns = {
  id: hourCorrectionRequests.id, volunteerId: hourCorrectionRequests.volunteerId, assignmentId: hourCorrectionRequests.assignmentId,
  periodFrom: hourCorrectionRequests.periodFrom, periodTo: hourCorrectionRequests.periodTo, claimedHours: hourCorrectionRequests.claimedHours,
  reason: hourCorrectionRequests.reason, status: hourCorrectionRequests.status, createdBy: hourCorrectionRequests.createdBy,
  createdAt: hourCorrectionRequests.createdAt, decidedBy: hourCorrectionRequests.decidedBy, decidedAt: hourCorrectionRequests.decidedAt,
  decisionNote: hourCorrectionRequests.decisionNote,
};

/** The table under alias r, which the visibility rule is written against. */
const r = sql`hour_correction_requests r`;

export async function visibleRequestsByIds(db: DbOrTx, viewer: Viewer, ids: readonly number[]): Promise<CorrectionRequestRow[]> {
  const visible = await db.execute<{ id: number }>(sql`select r.id from ${r} where r.id = any(${sql.param([...ids])}::int[]) and ${visibleRequestSql(viewer)}`);
  if (visible.length === 0) return [];
  return db.select(columns).from(hourCorrectionRequests).where(sql`${hourCorrectionRequests.id} = any(${sql.param(visible.map((v) => v.id))}::int[])`);
}

/** Locks a request the viewer may see, for deciding it; undefined when unseen or missing. */
export async function lockVisibleRequest(tx: Tx, viewer: Viewer, id: number): Promise<CorrectionRequestRow | undefined> {
  const [row] = await tx.execute<{ id: number }>(sql`select r.id from ${r} where r.id = ${id} and ${visibleRequestSql(viewer)} for update of r`);
  if (!row) return undefined;
  const [request] = await tx.select(columns).from(hourCorrectionRequests).where(eq(hourCorrectionRequests.id, id));
  return request;
}

export interface RequestPageQuery {
  status: CorrectionStatus | null;
  volunteerId: number | null;
  after: { createdAt: string; id: number } | null;
  limit: number;
}

/** Requests the viewer sees, oldest first (a queue); `limit + 1` rows and the total. */
export async function listVisibleRequests(db: DbOrTx, viewer: Viewer, q: RequestPageQuery): Promise<{ rows: CorrectionRequestRow[]; totalCount: number }> {
  const where = sql.join([
    visibleRequestSql(viewer),
    ...(q.status ? [sql`r.status = ${q.status}`] : []),
    ...(q.volunteerId != null ? [sql`r.volunteer_id = ${q.volunteerId}`] : []),
  ], sql` and `);
  const after = q.after ? sql`and (r.created_at, r.id) > (${q.after.createdAt}::timestamptz, ${q.after.id})` : sql``;
  const ids = await db.execute<{ id: number }>(sql`select r.id from ${r} where ${where} ${after} order by r.created_at, r.id limit ${q.limit + 1}`);
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${r} where ${where}`);
  const rows = ids.length ? await db.select(columns).from(hourCorrectionRequests)
    .where(sql`${hourCorrectionRequests.id} = any(${sql.param(ids.map((i) => i.id))}::int[])`)
    .orderBy(hourCorrectionRequests.createdAt, hourCorrectionRequests.id) : [];
  return { rows, totalCount: n };
}

/** Open requests of a volunteer (a cap keeps one person from flooding the queue). */
export async function pendingCount(tx: DbOrTx, volunteerId: number): Promise<number> {
  const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from hour_correction_requests where volunteer_id = ${volunteerId} and status = 'PENDING'`);
  return n;
}

export async function insertRequest(tx: Tx, values: typeof hourCorrectionRequests.$inferInsert): Promise<CorrectionRequestRow> {
  const [row] = await tx.insert(hourCorrectionRequests).values(values).returning(columns);
  return row;
}

export async function decideRequest(tx: Tx, id: number, decision: { status: 'APPROVED' | 'REJECTED'; decidedBy: number; note: string | null }): Promise<CorrectionRequestRow> {
  const [row] = await tx.update(hourCorrectionRequests)
    .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: sql`now()`, decisionNote: decision.note })
    .where(and(eq(hourCorrectionRequests.id, id), eq(hourCorrectionRequests.status, 'PENDING')))
    .returning(columns);
  return row;
}

/**
 * The hours recorded for what each request asks about (its assignment, or its period), as the
 * viewer may see them: what an approver compares the claim with.
 */
export async function recordedHours(db: DbOrTx, viewer: Viewer, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.execute<{ id: number; hours: number }>(sql`
    select r.id, coalesce(round(sum(c.minutes) / 60, 2), 0)::float8 as hours
      from hour_correction_requests r
      left join lateral (select c.minutes from ${ledgerSql({ volunteerId: sql`r.volunteer_id` })} c
        where (case when r.assignment_id is not null then c.assignment_id = r.assignment_id
                    else c.day between r.period_from and r.period_to end)
          and ${creditVisibleSql(viewer, CREDIT)}) c on true
     where r.id = any(${sql.param([...ids])}::int[])
     group by r.id`);
  return new Map(rows.map((row) => [row.id, row.hours]));
}

/** The adjustment that granted each request. */
export async function adjustmentIdsFor(db: DbOrTx, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.select({ id: hourAdjustments.id, requestId: hourAdjustments.correctionRequestId }).from(hourAdjustments)
    .where(sql`${hourAdjustments.correctionRequestId} = any(${sql.param([...ids])}::int[])`);
  return new Map(rows.map((row) => [row.requestId!, row.id]));
}
