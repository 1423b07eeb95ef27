import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { grids, households, organizations, serviceRequests, serviceRuns } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { looksAfterResidentsSql, visibleGridSql, visibleHouseholdSql, visibleRequestSql } from '../visibility';
import type { HouseholdRow } from './household.type';
import type { ServiceRequestRow, ServiceRunRow } from './request.type';

const idIn = (column: SQL | AnyColumn, ids: readonly number[]) => sql`${column} = any(${sql.param(ids as number[])}::int[])`;

const gridColumns = {
  gridPath: sql<string>`${grids.path}::text`, organizationPath: sql<string>`${organizations.path}::text`,
};

const requestColumns = {
  id: serviceRequests.id, householdId: serviceRequests.householdId, gridId: serviceRequests.gridId, kind: serviceRequests.kind,
  urgency: serviceRequests.urgency, status: serviceRequests.status, details: serviceRequests.details, items: serviceRequests.items,
  packagePrice: serviceRequests.packagePrice, paid: serviceRequests.paid, people: serviceRequests.people,
  requiredSkills: serviceRequests.requiredSkills, plannedFor: serviceRequests.plannedFor,
  startsAt: sql<Date>`lower(${serviceRequests.period})`.mapWith((v: string) => new Date(v)),
  endsAt: sql<Date>`upper(${serviceRequests.period})`.mapWith((v: string) => new Date(v)),
  exclusive: serviceRequests.exclusive, handoverCode: serviceRequests.handoverCode, collectedAt: serviceRequests.collectedAt,
  cancelReason: serviceRequests.cancelReason, ...gridColumns, organizationKind: sql<string>`${organizations.kind}::text`,
};

/** Requests with their grid's paths, in queue order (most urgent, then earliest window). */
export function selectRequests(db: DbOrTx, where: SQL | undefined, limit = 5000): Promise<ServiceRequestRow[]> {
  return db.select(requestColumns).from(serviceRequests)
    .innerJoin(grids, eq(grids.id, serviceRequests.gridId))
    .innerJoin(organizations, eq(organizations.id, grids.organizationId))
    .where(where)
    .orderBy(sql`${serviceRequests.urgency} desc`, sql`lower(${serviceRequests.period})`, serviceRequests.id)
    .limit(limit) as Promise<ServiceRequestRow[]>;
}

export const requestVisibleWhere = (viewer: Viewer | null): SQL =>
  visibleRequestSql(viewer, { id: serviceRequests.id, status: serviceRequests.status, gridId: serviceRequests.gridId });

export function visibleRequestsByIds(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<ServiceRequestRow[]> {
  return selectRequests(db, and(idIn(serviceRequests.id, ids), requestVisibleWhere(viewer)));
}

/** One request, locked for the caller's transaction (status changes serialize on it). */
export async function lockRequest(tx: DbOrTx, id: number): Promise<ServiceRequestRow | undefined> {
  await tx.execute(sql`select 1 from service_requests where id = ${id} for update`);
  const [row] = await selectRequests(tx, eq(serviceRequests.id, id));
  return row;
}

export async function isRequestVisible(db: DbOrTx, viewer: Viewer, id: number): Promise<boolean> {
  const rows = await db.select({ id: serviceRequests.id }).from(serviceRequests).where(and(eq(serviceRequests.id, id), requestVisibleWhere(viewer)));
  return rows.length > 0;
}

const householdColumns = {
  id: households.id, gridId: households.gridId, address: households.address, contactName: households.contactName,
  contactPhone: households.contactPhone, residentCount: households.residentCount, needs: households.needs, note: households.note,
  ...gridColumns,
};

export function selectHouseholds(db: DbOrTx, where: SQL | undefined, limit = 5000): Promise<HouseholdRow[]> {
  return db.select(householdColumns).from(households)
    .innerJoin(grids, eq(grids.id, households.gridId))
    .innerJoin(organizations, eq(organizations.id, grids.organizationId))
    .where(where).orderBy(households.address, households.id).limit(limit) as Promise<HouseholdRow[]>;
}

export const householdVisibleWhere = (viewer: Viewer | null): SQL =>
  visibleHouseholdSql(viewer, { id: households.id, gridId: households.gridId });

export function visibleHouseholdsByIds(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<HouseholdRow[]> {
  return selectHouseholds(db, and(idIn(households.id, ids), householdVisibleWhere(viewer)));
}

const runColumns = {
  id: serviceRuns.id, requestId: serviceRuns.requestId, volunteerId: serviceRuns.volunteerId, teamId: serviceRuns.teamId,
  status: serviceRuns.status, exclusive: serviceRuns.exclusive, claimed: serviceRuns.claimed, assignedAt: serviceRuns.assignedAt,
  startedAt: serviceRuns.startedAt, finishedAt: serviceRuns.finishedAt, failureReason: serviceRuns.failureReason,
  note: serviceRuns.note, proof: serviceRuns.proof, codeFailures: serviceRuns.codeFailures, hours: serviceRuns.hours,
};

export function selectRuns(db: DbOrTx, where: SQL | undefined): Promise<ServiceRunRow[]> {
  return db.select(runColumns).from(serviceRuns).where(where).orderBy(serviceRuns.assignedAt, serviceRuns.id);
}

/**
 * Runs the viewer may read: every run of a request they look after the residents of, and their
 * own (or their team's) runs. A volunteer who may claim an open request does not read who failed it.
 */
export function runVisibleWhere(viewer: Viewer | null, staffOfRequest: SQL): SQL {
  if (!viewer) return sql`false`;
  const own = viewer.volunteerId == null ? sql`false` : sql`(${serviceRuns.volunteerId} = ${viewer.volunteerId}
    or exists (select 1 from team_memberships rv_m where rv_m.team_id = ${serviceRuns.teamId}
      and rv_m.volunteer_id = ${viewer.volunteerId} and rv_m.left_at is null))`;
  return sql`(${staffOfRequest} or ${own})`;
}

/** "The viewer looks after the residents of the run's request's grid", over service_runs. */
export function staffOfRun(viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  return sql`exists (select 1 from service_requests sr_q join grids sr_g on sr_g.id = sr_q.grid_id
    join organizations sr_o on sr_o.id = sr_g.organization_id where sr_q.id = ${serviceRuns.requestId}
      and ${looksAfterResidentsSql(viewer, { path: sql`sr_g.path`, orgPath: sql`sr_o.path`, orgKind: sql`sr_o.kind` })})`;
}

/**
 * The request of a run the viewer may read (runVisibleWhere), in one query: a run they may not
 * read costs what a missing one does, so neither the answer nor its time tells them apart.
 */
export async function requestOfVisibleRun(db: DbOrTx, viewer: Viewer, runId: number): Promise<number | undefined> {
  const [row] = await db.select({ requestId: serviceRuns.requestId }).from(serviceRuns)
    .where(and(eq(serviceRuns.id, runId), runVisibleWhere(viewer, staffOfRun(viewer))));
  return row?.requestId;
}

/** A window as tstzrange text, [) like every period here. */
export function periodOf(start: Date, end: Date): string {
  return `[${start.toISOString()},${end.toISOString()})`;
}

export async function insertRun(tx: DbOrTx, values: typeof serviceRuns.$inferInsert): Promise<ServiceRunRow> {
  const [row] = await tx.insert(serviceRuns).values(values).returning({ id: serviceRuns.id });
  const [run] = await selectRuns(tx, eq(serviceRuns.id, row.id));
  return run;
}

export async function lockRun(tx: DbOrTx, id: number): Promise<ServiceRunRow | undefined> {
  await tx.execute(sql`select 1 from service_runs where id = ${id} for update`);
  const [run] = await selectRuns(tx, eq(serviceRuns.id, id));
  return run;
}

export async function updateRun(tx: DbOrTx, id: number, values: Partial<typeof serviceRuns.$inferInsert>): Promise<ServiceRunRow> {
  await tx.update(serviceRuns).set(values).where(eq(serviceRuns.id, id));
  const [run] = await selectRuns(tx, eq(serviceRuns.id, id));
  return run;
}

export type RequestGrid = {
  id: number;
  gridPath: string;
  organizationPath: string;
  organizationKind: string;
  visible: boolean;
};

/** A grid as the request rules need it, and whether the viewer sees it. */
export async function requestGrid(db: DbOrTx, viewer: Viewer, gridId: number): Promise<RequestGrid | undefined> {
  const rows = await db.execute<RequestGrid>(sql`select g.id, g.path::text as "gridPath", o.path::text as "organizationPath",
      o.kind::text as "organizationKind", ${visibleGridSql(viewer, sql`g.path`, sql`o.path`)} as visible
    from grids g join organizations o on o.id = g.organization_id where g.id = ${gridId}`);
  return rows[0];
}
