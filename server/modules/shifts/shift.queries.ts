import { and, asc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, grids, organizations, shiftEligibleTeams, shifts, teams } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { visibleTeamsWhere } from '../teams/team.queries';
import type { TeamRow } from '../teams/team.type';
import { visibleShiftGridSql } from './shift.policy';
import type { DutyType, ShiftRow } from './shift.type';

const shiftColumns = getTableColumns(shifts);

const idIn = (column: SQL | typeof shifts.id | typeof shiftEligibleTeams.shiftId, ids: readonly number[]) =>
  sql`${column} = any(${sql.param(ids as number[])}::int[])`;

export async function selectShifts(db: DbOrTx, where: SQL | undefined): Promise<ShiftRow[]> {
  return db.select(shiftColumns).from(shifts).where(where).orderBy(shifts.startsAt, shifts.id);
}

export async function findShift(db: DbOrTx, id: number): Promise<ShiftRow | undefined> {
  const [row] = await selectShifts(db, eq(shifts.id, id));
  return row;
}

export function visibleShiftsByIds(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<ShiftRow[]> {
  return selectShifts(db, and(idIn(shifts.id, ids), visibleShiftGridSql(viewer, shifts.gridId)));
}

/** A grid as access checks need it: its path, its organization's path, and whether the viewer sees it. */
export interface GridAccess {
  id: number;
  path: string;
  organizationPath: string;
  visible: boolean;
}

const ag = alias(grids, 'ag');
const ago = alias(organizations, 'ago');

export async function gridAccess(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<GridAccess[]> {
  return db.select({
    id: ag.id,
    path: sql<string>`${ag.path}::text`,
    organizationPath: sql<string>`${ago.path}::text`,
    visible: sql<boolean>`${visibleGridSql(viewer, ag.path, ago.path)}`,
  }).from(ag).innerJoin(ago, eq(ago.id, ag.organizationId)).where(sql`${ag.id} = any(${sql.param(ids as number[])}::int[])`);
}

export type NewShift = Omit<typeof shifts.$inferInsert, 'id'>;

/** Inserts shifts as given (createShift: two booths may share a title and a start). Returns the ids. */
export async function insertShifts(tx: DbOrTx, rows: NewShift[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const created = await tx.insert(shifts).values(rows).returning({ id: shifts.id });
  return created.map((r) => r.id);
}

/**
 * Inserts a rotation's shifts, skipping every (grid, title, start) that already has a shift. The
 * partial unique index over rotation shifts decides between two concurrent runs of the same
 * rotation, so neither can add a shift the other added. Returns the ids created.
 */
export async function insertRotationShifts(tx: DbOrTx, rows: NewShift[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const existing = new Set((await shiftsAt(tx, rows[0].gridId, rows[0].title, rows.map((r) => r.startsAt as Date)))
    .map((row) => row.startsAt.getTime()));
  const absent = rows.filter((r) => !existing.has((r.startsAt as Date).getTime())).map((r) => ({ ...r, fromRotation: true }));
  if (absent.length === 0) return [];
  const created = await tx.insert(shifts).values(absent)
    .onConflictDoNothing({ target: [shifts.gridId, shifts.title, shifts.startsAt], where: sql`${shifts.fromRotation}` })
    .returning({ id: shifts.id });
  return created.map((r) => r.id);
}

/** The shifts of one grid with this title starting at any of these instants, the earliest made per start, in time order. */
export async function shiftsAt(db: DbOrTx, gridId: number, title: string, starts: Date[]): Promise<ShiftRow[]> {
  const isoStarts = starts.map((d) => d.toISOString());
  const rows = await selectShifts(db, and(eq(shifts.gridId, gridId), eq(shifts.title, title),
    // Sent as text[]: drizzle hands timestamptz parameters to the driver unserialized.
    sql`${shifts.startsAt} = any(${sql.param(isoStarts)}::text[]::timestamptz[])`));
  return rows.filter((row, i) => i === 0 || rows[i - 1].startsAt.getTime() !== row.startsAt.getTime());
}

export async function insertEligibleTeams(tx: DbOrTx, shiftIds: number[], teamIds: number[]): Promise<void> {
  const rows = shiftIds.flatMap((shiftId) => teamIds.map((teamId) => ({ shiftId, teamId })));
  if (rows.length) await tx.insert(shiftEligibleTeams).values(rows);
}

/** Ids among `teamIds` that the viewer may see. */
export async function visibleTeamIds(db: DbOrTx, viewer: Viewer, teamIds: number[]): Promise<Set<number>> {
  if (teamIds.length === 0) return new Set();
  const rows = await db.select({ id: teams.id }).from(teams)
    .innerJoin(organizations, eq(organizations.id, teams.organizationId))
    .where(and(inArray(teams.id, teamIds), visibleTeamsWhere(viewer)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Of these teams, the confidential ones (correction teams, any team of a correction office) that
 * the grid's organization does not own: such a team may restrict only its office's own posts.
 */
export async function confidentialTeamsAwayFrom(db: DbOrTx, teamIds: number[], gridId: number): Promise<number[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.execute<{ id: number }>(sql`
    select t.id from teams t join organizations o on o.id = t.organization_id
    where t.id = any(${sql.param(teamIds)}::int[]) and (t.kind = 'COMMUNITY_CORRECTION' or o.kind = 'CORRECTION_OFFICE')
      and t.organization_id <> (select organization_id from grids where id = ${gridId})`);
  return [...rows].map((r) => r.id);
}

/** The eligible teams of several shifts, leaving out the teams the viewer may not see. */
export async function visibleEligibleTeams(db: DbOrTx, viewer: Viewer | null, shiftIds: readonly number[]): Promise<(TeamRow & { shiftId: number })[]> {
  return db.select({
    shiftId: shiftEligibleTeams.shiftId,
    id: teams.id, organizationId: teams.organizationId, name: teams.name, kind: teams.kind, createdAt: teams.createdAt,
  }).from(shiftEligibleTeams)
    .innerJoin(teams, eq(teams.id, shiftEligibleTeams.teamId))
    .innerJoin(organizations, eq(organizations.id, teams.organizationId))
    .where(and(idIn(shiftEligibleTeams.shiftId, shiftIds), visibleTeamsWhere(viewer)))
    .orderBy(teams.name, teams.id);
}

/**
 * Locks the shift row so cancellation and seat changes on it serialize. NO KEY UPDATE still
 * conflicts with every other writer of the row, but not with transactions merely inserting rows
 * that reference it (roster events, assignments).
 */
export async function lockShift(tx: DbOrTx, id: number): Promise<ShiftRow | undefined> {
  const [row] = await tx.select(shiftColumns).from(shifts).where(eq(shifts.id, id)).for('no key update');
  return row;
}

/** Cancels every assignment still holding or waiting for a seat; COMPLETED and NO_SHOW are history. */
export async function cancelOpenAssignments(tx: DbOrTx, shiftId: number, reason: string | null): Promise<number[]> {
  const rows = await tx.update(assignments)
    .set({ status: 'CANCELLED', cancelledAt: sql`now()`, cancelReason: reason })
    .where(and(eq(assignments.shiftId, shiftId), inArray(assignments.status, ['ASSIGNED', 'WAITLISTED', 'CHECKED_IN'])))
    .returning({ id: assignments.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function markShiftCancelled(tx: DbOrTx, id: number, reason: string | null): Promise<ShiftRow> {
  const [row] = await tx.update(shifts)
    // COMPLETED seats stay seated history; everything open was just cancelled.
    .set({
      status: 'CANCELLED', cancelReason: reason, updatedAt: sql`now()`,
      filled: sql`(select count(*)::int from assignments a where a.shift_id = ${id} and a.status = 'COMPLETED')`,
      partySeated: sql`(select count(*)::int from assignments a join volunteers v on v.id = a.volunteer_id
        where a.shift_id = ${id} and a.status = 'COMPLETED' and v.party_member)`,
    })
    .where(eq(shifts.id, id)).returning(shiftColumns);
  return row;
}

// ---------------------------------------------------------------- listing

export interface ShiftListFilter {
  start: Date | null;
  end: Date | null;
  duty: DutyType | null;
  openSeatsOnly: boolean;
}

/** Position after which a page starts: the (startsAt, id) of the last shift already seen. */
export interface ShiftCursor {
  startsAt: string;
  id: number;
}

const sg = alias(grids, 'sg');
const sgo = alias(organizations, 'sgo');
const rg = alias(grids, 'rg');

function filterConditions(viewer: Viewer | null, filter: ShiftListFilter): SQL[] {
  const where: SQL[] = [visibleGridSql(viewer, sg.path, sgo.path)];
  if (filter.start) where.push(gte(shifts.startsAt, filter.start));
  if (filter.end) where.push(lt(shifts.startsAt, filter.end));
  if (filter.duty) where.push(eq(shifts.duty, filter.duty));
  if (filter.openSeatsOnly) where.push(sql`${shifts.status} = 'OPEN' and ${shifts.filled} < ${shifts.capacity}`);
  return where;
}

/**
 * Query.shifts over every grid: up to `limit` shifts after the cursor in (start, id) order, a
 * plain top-N that stops at the page (pageShiftsByRoot numbers every match to page many roots at once).
 */
export async function pageAllShifts(db: DbOrTx, viewer: Viewer | null, filter: ShiftListFilter, after: ShiftCursor | null, limit: number): Promise<ShiftRow[]> {
  const isAfter = after ? sql`(${shifts.startsAt}, ${shifts.id}) > (${after.startsAt}::timestamptz, ${after.id}::int)` : undefined;
  return db.select(shiftColumns).from(shifts)
    .innerJoin(sg, eq(sg.id, shifts.gridId)).innerJoin(sgo, eq(sgo.id, sg.organizationId))
    .where(and(...filterConditions(viewer, filter), isAfter)).orderBy(shifts.startsAt, shifts.id).limit(limit);
}

/** How many shifts over every grid match the filter. */
export async function countAllShifts(db: DbOrTx, viewer: Viewer | null, filter: ShiftListFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(shifts)
    .innerJoin(sg, eq(sg.id, shifts.gridId)).innerJoin(sgo, eq(sgo.id, sg.organizationId))
    .where(and(...filterConditions(viewer, filter)));
  return row.n;
}

export interface ShiftGroupPage {
  rows: ShiftRow[];
  totalCount: number;
}

/**
 * Shifts matching the filter, one page per root grid: for each root, the shifts of that grid and
 * every grid below it (ltree <@), or with `roots` null a single group (key 0) over every grid.
 * Visibility applies per shift, on the shift's own grid. Two statements (rows and counts) however
 * many roots: a window numbers each root's shifts after the cursor so each gets `limit + 1` rows.
 */
export async function pageShiftsByRoot(
  db: DbOrTx, viewer: Viewer | null, roots: readonly number[] | null, filter: ShiftListFilter, after: ShiftCursor | null, limit: number,
): Promise<Map<number, ShiftGroupPage>> {
  // Without roots every shift is its own grid's "root" through a primary-key join, so one shape serves both.
  const rootJoin = roots ? sql`${sg.path} <@ ${rg.path}` : sql`${rg.id} = ${sg.id}`;
  const rootId = roots ? sql<number>`${rg.id}` : sql<number>`0`;
  const where = and(...filterConditions(viewer, filter), roots ? sql`${rg.id} = any(${sql.param(roots as number[])}::int[])` : undefined);
  const isAfter = after ? sql`(${shifts.startsAt}, ${shifts.id}) > (${after.startsAt}::timestamptz, ${after.id}::int)` : sql`true`;
  const ranked = db.select({
    ...shiftColumns,
    rootId: sql<number>`${rootId}`.as('root_id'),
    isAfter: sql<boolean>`${isAfter}`.as('is_after'),
    rank: sql<number>`count(*) filter (where ${isAfter}) over (partition by ${rootId} order by ${shifts.startsAt}, ${shifts.id})`.as('rank_after'),
  }).from(shifts)
    .innerJoin(sg, eq(sg.id, shifts.gridId)).innerJoin(sgo, eq(sgo.id, sg.organizationId)).innerJoin(rg, rootJoin)
    .where(where).as('ranked');
  const [rows, counts] = await Promise.all([
    db.select().from(ranked)
      .where(and(sql`${ranked.isAfter}`, sql`${ranked.rank} <= ${limit + 1}`))
      .orderBy(asc(ranked.rootId), asc(ranked.startsAt), asc(ranked.id)),
    db.select({ rootId: sql<number>`${rootId}`, n: sql<number>`count(*)::int` }).from(shifts)
      .innerJoin(sg, eq(sg.id, shifts.gridId)).innerJoin(sgo, eq(sgo.id, sg.organizationId)).innerJoin(rg, rootJoin)
      .where(where).groupBy(sql`1`),
  ]);
  const pages = new Map<number, ShiftGroupPage>();
  for (const c of counts) pages.set(Number(c.rootId), { rows: [], totalCount: c.n });
  for (const { rootId: root, isAfter: _a, rank: _r, ...row } of rows) pages.get(Number(root))?.rows.push(row);
  return pages;
}
