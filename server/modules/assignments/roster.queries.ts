import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { assignments, grids, organizations, shifts } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rankInParent, unranked } from '../../platform/list-caps';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { rosterRowWitnessSql, visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { plaintextMobileSql } from '../volunteers/volunteer.policy';
import type { AssignmentRow } from './assignment.type';
import { assignmentColumns, idIn, SEATED_SQL } from './assignment.queries';

/** A roster's order: seats (in the order they were taken), then no-shows, then the waitlist in arrival order. */
const rosterRank = () => rankInParent(
  assignments.shiftId,
  sql`case when ${assignments.status} in ${SEATED_SQL} then 0 when ${assignments.status} = 'NO_SHOW' then 1 else 2 end`,
  sql`${assignments.waitlistSeq} nulls first`,
  assignments.createdAt,
  assignments.id,
);

const rs = alias(shifts, 'roster_shift');
const rsg = alias(grids, 'roster_grid');
const rso = alias(organizations, 'roster_org');

/**
 * The rows of a roster: not cancelled, of a volunteer the viewer may see. The shift's grid and
 * organization are joined so that rosterRowWitnessSql settles most rows (the viewer's own posts)
 * from those columns, leaving the per-row probes of visibleVolunteerSql to the rest.
 */
function scopedRoster<T extends PgSelect>(query: T, viewer: Viewer | null, shiftIds: readonly number[]): T {
  const visible = sql`(${rosterRowWitnessSql(viewer, { path: rso.path, kind: rso.kind })} or ${visibleVolunteerSql(viewer, assignments.volunteerId)})`;
  return query
    .innerJoin(rs, eq(rs.id, assignments.shiftId)).innerJoin(rsg, eq(rsg.id, rs.gridId)).innerJoin(rso, eq(rso.id, rsg.organizationId))
    .where(and(idIn(assignments.shiftId, shiftIds), sql`${assignments.status} <> 'CANCELLED'`, visible)) as unknown as T;
}

/**
 * The rosters of several shifts in one statement: every non-cancelled assignment of a volunteer
 * the viewer may see; seats first (in the order they were taken), then no-shows, then the
 * waitlist in arrival order; at most `cap` per shift.
 */
export async function rosterOf(db: DbOrTx, viewer: Viewer | null, shiftIds: readonly number[], cap: number): Promise<AssignmentRow[]> {
  const ranked = scopedRoster(db.select({ ...assignmentColumns, rank: rosterRank() }).from(assignments).$dynamic(), viewer, shiftIds)
    .as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.shiftId, ranked.rank));
}

/** A roster's row as the roster page shows it, built by PostgreSQL (instants as ISO text). */
export interface RosterEntry {
  id: number;
  status: AssignmentRow['status'];
  createdAt: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  hours: number | null;
  volunteer: RosterVolunteer;
}
/** A roster row's volunteer, with whether the viewer reads their personal data in full. */
export interface RosterVolunteer { id: number; name: string; partyMember: boolean; skills: string[]; mobile: string; mobileInFull: boolean }

/**
 * rosterOf for the roster page's planner: the same rows in the same order, each with its
 * volunteer and whether the viewer reads their personal data in full (plaintextMobileSql, the SQL
 * twin of seesPersonalData), as one JSON array per shift made by PostgreSQL — no statement per
 * level and no per-row mapping in Node.
 */
export async function rosterEntriesOf(db: DbOrTx, viewer: Viewer, shiftIds: readonly number[], cap: number): Promise<Map<number, RosterEntry[]>> {
  const rows = await rosterEntriesQuery(db, viewer, shiftIds, cap);
  return new Map(rows.map((row) => [row.shiftId, row.roster]));
}

/**
 * rosterEntriesOf's statement, unexecuted (bench/explain-roster.ts prints its plan). The
 * volunteer is a correlated subquery, one primary-key probe per roster row: a join let the
 * planner, misjudging how many rows the scope keeps, hash the whole volunteers table instead.
 */
export function rosterEntriesQuery(db: DbOrTx, viewer: Viewer, shiftIds: readonly number[], cap: number) {
  const inFull = plaintextMobileSql(viewer, { id: sql`rv.id`, registeredBy: sql`rv.registered_by` });
  const ranked = scopedRoster(db.select({
    shiftId: assignments.shiftId,
    rank: rosterRank(),
    entry: sql<RosterEntry>`json_build_object('id', ${assignments.id}, 'status', ${assignments.status}, 'createdAt', ${assignments.createdAt},
      'checkedInAt', ${assignments.checkedInAt}, 'checkedOutAt', ${assignments.checkedOutAt}, 'hours', ${assignments.hours},
      'volunteer', (select json_build_object('id', rv.id, 'name', rv.name, 'mobile', rv.mobile, 'partyMember', rv.party_member,
        'skills', rv.skills, 'mobileInFull', ${inFull}) from volunteers rv where rv.id = ${assignments.volunteerId}))`.as('entry'),
  }).from(assignments).$dynamic(), viewer, shiftIds)
    .as('ranked');
  return db.select({ shiftId: ranked.shiftId, roster: sql<RosterEntry[]>`json_agg(${ranked.entry} order by ${ranked.rank})` })
    .from(ranked).where(sql`${ranked.rank} <= ${cap}`).groupBy(ranked.shiftId);
}

export async function waitlistCounts(db: DbOrTx, shiftIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.select({ shiftId: assignments.shiftId, n: sql<number>`count(*)::int` }).from(assignments)
    .where(and(idIn(assignments.shiftId, shiftIds), eq(assignments.status, 'WAITLISTED')))
    .groupBy(assignments.shiftId);
  return new Map(rows.map((r) => [r.shiftId, r.n]));
}

/** For each shift, assignment id → 1-based place among its WAITLISTED by arrival. */
export async function waitlistPositions(db: DbOrTx, shiftIds: readonly number[]): Promise<Map<number, Map<number, number>>> {
  const rows = await db.select({
    id: assignments.id,
    shiftId: assignments.shiftId,
    position: sql<number>`(row_number() over (partition by ${assignments.shiftId} order by ${assignments.waitlistSeq}))::int`,
  }).from(assignments)
    .where(and(idIn(assignments.shiftId, shiftIds), eq(assignments.status, 'WAITLISTED')));
  const result = new Map<number, Map<number, number>>();
  for (const row of rows) {
    if (!result.has(row.shiftId)) result.set(row.shiftId, new Map());
    result.get(row.shiftId)!.set(row.id, row.position);
  }
  return result;
}

/** One Volunteer.assignments request, arguments validated; instants as ISO strings so the key is stable. */
export interface VolunteerAssignmentsKey {
  volunteerId: number;
  start: string | null;
  end: string | null;
  /** The (shift start, assignment id) of the last row already seen. */
  after: { startsAt: string; id: number } | null;
  limit: number;
}

export type AssignmentWithStart = AssignmentRow & { shiftStartsAt: Date };

export interface VolunteerAssignmentsPage {
  rows: AssignmentWithStart[];
  totalCount: number;
}

/**
 * Pages of several volunteers' assignments (every status, newest shift first) on shifts the
 * viewer may see, in two statements: a window numbers each volunteer's rows after the cursor.
 */
export async function pageVolunteerAssignments(
  db: DbOrTx, viewer: Viewer | null, volunteerIds: readonly number[], args: Omit<VolunteerAssignmentsKey, 'volunteerId'>,
): Promise<Map<number, VolunteerAssignmentsPage>> {
  const scope: SQL[] = [idIn(assignments.volunteerId, volunteerIds), visibleGridSql(viewer, grids.path, organizations.path)];
  if (args.start) scope.push(gte(shifts.startsAt, new Date(args.start)));
  if (args.end) scope.push(lt(shifts.startsAt, new Date(args.end)));
  const isAfter = args.after
    ? sql`(${shifts.startsAt}, ${assignments.id}) < (${args.after.startsAt}::timestamptz, ${args.after.id}::int)`
    : sql`true`;
  const ranked = db.select({
    ...assignmentColumns,
    shiftStartsAt: sql<Date>`${shifts.startsAt}`.mapWith(shifts.startsAt).as('shift_starts_at'),
    rank: sql<number>`row_number() over (partition by ${assignments.volunteerId} order by ${shifts.startsAt} desc, ${assignments.id} desc)`.as('rank_after'),
  }).from(assignments)
    .innerJoin(shifts, eq(shifts.id, assignments.shiftId))
    .innerJoin(grids, eq(grids.id, shifts.gridId))
    .innerJoin(organizations, eq(organizations.id, grids.organizationId))
    .where(and(...scope, isAfter)).as('ranked');
  const [rows, counts] = await Promise.all([
    db.select().from(ranked).where(sql`${ranked.rank} <= ${args.limit + 1}`)
      .orderBy(asc(ranked.volunteerId), desc(ranked.shiftStartsAt), desc(ranked.id)),
    db.select({ volunteerId: assignments.volunteerId, n: sql<number>`count(*)::int` }).from(assignments)
      .innerJoin(shifts, eq(shifts.id, assignments.shiftId))
      .innerJoin(grids, eq(grids.id, shifts.gridId))
      .innerJoin(organizations, eq(organizations.id, grids.organizationId))
      .where(and(...scope)).groupBy(assignments.volunteerId),
  ]);
  const pages = new Map<number, VolunteerAssignmentsPage>();
  for (const c of counts) pages.set(c.volunteerId, { rows: [], totalCount: c.n });
  for (const { rank: _rank, ...row } of rows) pages.get(row.volunteerId)?.rows.push(row);
  return pages;
}
