import { and, eq, getTableColumns, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { assignments, grids, organizations, shifts, volunteers } from '../../../drizzle/tables';
import type { DbOrTx, Tx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import { existsFor, visibleVolunteerSql } from '../visibility';
import type { ShiftRow } from '../shifts/shift.type';
import type { VolunteerRow } from '../volunteers/volunteer.type';
import type { AssignmentRow, AssignmentStatus } from './assignment.type';

const { period: _period, ...assignmentColumns } = getTableColumns(assignments);
export { assignmentColumns };

/** Statuses holding a seat, as a SQL list. */
export const SEATED_SQL = sql.raw(`('ASSIGNED', 'CHECKED_IN', 'COMPLETED')`);

export const idIn = (column: SQL | AnyColumn, ids: readonly number[]) =>
  sql`${column} = any(${sql.param(ids as number[])}::int[])`;

const iso = (at: Date) => sql`${at.toISOString()}::timestamptz`;

export async function findAssignment(db: DbOrTx, id: number): Promise<AssignmentRow | undefined> {
  const [row] = await db.select(assignmentColumns).from(assignments).where(eq(assignments.id, id));
  return row;
}

/** Locks one assignment row; every writer of an assignment holds its shift's lock first. */
export async function lockAssignment(tx: Tx, id: number): Promise<AssignmentRow | undefined> {
  const [row] = await tx.select(assignmentColumns).from(assignments).where(eq(assignments.id, id)).for('update');
  return row;
}

/** The open (not cancelled) assignment of a volunteer on a shift, if any. */
export async function findOpenAssignment(db: DbOrTx, shiftId: number, volunteerId: number): Promise<AssignmentRow | undefined> {
  const [row] = await db.select(assignmentColumns).from(assignments)
    .where(and(eq(assignments.shiftId, shiftId), eq(assignments.volunteerId, volunteerId), sql`${assignments.status} <> 'CANCELLED'`));
  return row;
}

export interface LockedShift {
  shift: ShiftRow;
  orgPath: string;
  gridPath: string;
  restLimitHours: number;
  /** Whether the viewer may see the shift (its grid). */
  visible: boolean;
}

/**
 * Locks the shift row (always the first lock of a roster change, so concurrent changes queue in
 * one order) and reads what the rules need: its organization's path and rest limit.
 */
export async function lockShiftForRoster(tx: Tx, viewer: Viewer | null, shiftId: number): Promise<LockedShift | undefined> {
  const [row] = await tx.select({ shift: getTableColumns(shifts), ...shiftRuleFields(viewer) }).from(shifts)
    .innerJoin(grids, eq(grids.id, shifts.gridId))
    .innerJoin(organizations, eq(organizations.id, grids.organizationId))
    .where(eq(shifts.id, shiftId))
    .for('update', { of: shifts });
  return row;
}

/** What the roster rules read beside a shift row (joined with its grid and organization). */
export function shiftRuleFields(viewer: Viewer | null) {
  return {
    orgPath: sql<string>`${organizations.path}::text`,
    gridPath: sql<string>`${grids.path}::text`,
    restLimitHours: organizations.restLimitHours,
    visible: sql<boolean>`${visibleGridSql(viewer, grids.path, organizations.path)}`,
  };
}

export interface LockedVolunteer {
  volunteer: VolunteerRow;
  visible: boolean;
  /** Visible other than through a place on the viewer's own rosters, and — for a deployed team's member — for this shift's grid and dates. */
  assignable: boolean;
  /** No organization at or above the shift's has suspended, archived or not yet approved the person. */
  standsHere: boolean;
}

/**
 * Locks the volunteer row: the second lock, which serializes one person's seat-taking across shifts.
 * A place on the viewer's own rosters shows who is on a post, but is no licence to seat that
 * person anywhere else; a deployment lends its members for its grid and its dates only.
 */
export async function lockVolunteer(tx: Tx, viewer: Viewer | null, volunteerId: number, locked: LockedShift): Promise<LockedVolunteer | undefined> {
  const shift = { gridPath: sql`${locked.gridPath}::ltree`, orgPath: sql`${locked.orgPath}::ltree`, startsAt: iso(locked.shift.startsAt) };
  const [row] = await tx.select({ volunteer: getTableColumns(volunteers), ...volunteerStandingFields(viewer, shift) })
    .from(volunteers).where(eq(volunteers.id, volunteerId)).for('update', { of: volunteers });
  return row;
}

/** The shift a volunteer's standing is judged for: its grid's and organization's paths (ltree) and start. */
export interface ShiftPlace { gridPath: SQL; orgPath: SQL; startsAt: SQL }

/** Whether the viewer sees the volunteer row, may seat them on this shift, and whether they stand at its organization. */
export function volunteerStandingFields(viewer: Viewer | null, shift: ShiftPlace) {
  const forShift = { gridPath: shift.gridPath, startsOn: sql`(${shift.startsAt} at time zone 'Asia/Shanghai')::date` };
  return {
    visible: sql<boolean>`${visibleVolunteerSql(viewer, volunteers.id)}`,
    assignable: sql<boolean>`${visibleVolunteerSql(viewer, volunteers.id, { throughRosters: false, forShift })}`,
    standsHere: sql<boolean>`not ${existsFor('sh', { id: volunteers.id }, sql`exists (select 1 from volunteer_affiliations sh_a join organizations sh_o on sh_o.id = sh_a.organization_id
      where sh_a.volunteer_id = sh.id and sh_a.confirmed_at is not null and sh_a.status <> 'ACTIVE' and sh_o.path @> ${shift.orgPath})`)}`,
  };
}

/** When the shift names eligible teams, is the volunteer an active member of one of them? */
export async function inEligibleTeam(tx: DbOrTx, shiftId: number, volunteerId: number): Promise<boolean> {
  const [row] = await tx.execute<{ ok: boolean }>(sql`select ${inEligibleTeamSql(shiftId, volunteerId)} as ok`);
  return row.ok;
}

export function inEligibleTeamSql(shiftId: number, volunteerId: number): SQL {
  return sql`(not exists (select 1 from shift_eligible_teams where shift_id = ${shiftId})
      or exists (select 1 from shift_eligible_teams e join team_memberships m on m.team_id = e.team_id and m.left_at is null
                 where e.shift_id = ${shiftId} and m.volunteer_id = ${volunteerId}))`;
}

/** Does the volunteer hold a seat overlapping [startsAt, endsAt)? */
export async function hasOverlappingSeat(tx: DbOrTx, volunteerId: number, startsAt: Date, endsAt: Date): Promise<boolean> {
  const [row] = await tx.execute<{ ok: boolean }>(sql`select ${overlappingSeatSql(volunteerId, startsAt, endsAt)} as ok`);
  return row.ok;
}

export function overlappingSeatSql(volunteerId: number, startsAt: Date, endsAt: Date): SQL {
  return sql`exists (select 1 from assignments
      where volunteer_id = ${volunteerId} and status in ${SEATED_SQL}
        and period && tstzrange(${iso(startsAt)}, ${iso(endsAt)}, '[)'))`;
}

/**
 * The most seated hours the volunteer would hold in any 24-hour window overlapping the new
 * shift, counting the new shift. The sum over a sliding window is piecewise linear, so its
 * maximum lies where a window starts at a shift's start or ends at a shift's end; only shifts
 * within a day of the new one can share a window with it. With `alreadyHeld` the seat is among the
 * volunteer's seats already (a shift whose times just moved) and is not counted twice.
 */
export async function peakSeatedHours(tx: DbOrTx, volunteerId: number, startsAt: Date, endsAt: Date, alreadyHeld = false): Promise<number> {
  const [row] = await tx.execute<{ hours: number }>(sql`select ${peakSeatedHoursSql(volunteerId, startsAt, endsAt, alreadyHeld)} as hours`);
  return Number(row.hours);
}

/** peakSeatedHours as a scalar subquery (float8). */
export function peakSeatedHoursSql(volunteerId: number, startsAt: Date, endsAt: Date, alreadyHeld = false): SQL {
  const ns = iso(startsAt);
  const ne = iso(endsAt);
  const theNewSeat = alreadyHeld ? sql`` : sql`union all select ${ns}, ${ne}`;
  return sql`(
    with seats as (
      select lower(period) as s, upper(period) as e from assignments
       where volunteer_id = ${volunteerId} and status in ${SEATED_SQL}
         and period && tstzrange(${ns} - interval '24 hours', ${ne} + interval '24 hours')
      ${theNewSeat}
    ), windows as (
      select s as ws from seats union select e - interval '24 hours' from seats
    )
    select coalesce(max(total), 0)::float8 from (
      select sum(extract(epoch from least(x.e, w.ws + interval '24 hours') - greatest(x.s, w.ws))) / 3600 as total
        from windows w join seats x on x.s < w.ws + interval '24 hours' and x.e > w.ws
       where w.ws < ${ne} and w.ws + interval '24 hours' > ${ns}
       group by w.ws) t)`;
}

/**
 * Takes a seat if one is free: the conditional update is the decision, the CHECK
 * shifts_not_overbooked the backstop. On a demonstration post the last free seat stays for a
 * Party member while none is seated.
 */
export async function takeSeat(tx: Tx, shiftId: number, partyMember: boolean): Promise<boolean> {
  const rows = await tx.update(shifts).set(seatTaken(partyMember))
    .where(and(eq(shifts.id, shiftId), seatFreeSql(partyMember))).returning({ id: shifts.id });
  return rows.length > 0;
}

/** The seat counters once one more person holds a seat. */
export const seatTaken = (partyMember: boolean) => ({
  filled: sql`${shifts.filled} + 1`,
  partySeated: sql`${shifts.partySeated} + ${partyMember ? 1 : 0}`,
});

/** The shift row (open) still has a seat this person may take. */
export function seatFreeSql(partyMember: boolean): SQL {
  return sql`(${shifts.status} = 'OPEN' and ${shifts.filled} < ${shifts.capacity}
    and (not ${shifts.requiresPartyMember} or ${shifts.partySeated} > 0 or ${partyMember} or ${shifts.filled} < ${shifts.capacity} - 1))`;
}

/**
 * Gives back one seat after its assignment left the seated statuses. party_seated is recounted
 * from the seats that remain, so a Party membership changed since seating cannot skew it.
 */
export async function freeSeat(tx: Tx, shiftId: number): Promise<void> {
  await tx.update(shifts).set({
    filled: sql`${shifts.filled} - 1`,
    partySeated: sql`(select count(*)::int from assignments a_seat join volunteers v_seat on v_seat.id = a_seat.volunteer_id
      where a_seat.shift_id = ${shiftId} and a_seat.status in ${SEATED_SQL} and v_seat.party_member)`,
  }).where(eq(shifts.id, shiftId));
}

export async function insertAssignment(tx: Tx, values: { shiftId: number; volunteerId: number; status: 'ASSIGNED' | 'WAITLISTED'; createdBy: number }): Promise<AssignmentRow> {
  const [row] = await tx.insert(assignments).values({
    shiftId: values.shiftId,
    volunteerId: values.volunteerId,
    status: values.status,
    // The period is copied from the shift so the exclusion constraint can see it.
    period: sql`(select tstzrange(starts_at, ends_at, '[)') from shifts where id = ${values.shiftId})`,
    waitlistSeq: values.status === 'WAITLISTED' ? sql`nextval('assignment_waitlist_seq')` : null,
    createdBy: values.createdBy,
  }).returning(assignmentColumns);
  return row;
}

export type AssignmentChange = Partial<Pick<typeof assignments.$inferInsert, 'checkedInAt' | 'checkedOutAt' | 'cancelReason'>> & {
  status: AssignmentStatus;
  cancelledAt?: SQL;
  waitlistSeq?: null;
};

/** Moves an assignment from one status to another; undefined when it was not in `from`. */
export async function moveAssignment(tx: Tx, id: number, from: AssignmentStatus[], change: AssignmentChange): Promise<AssignmentRow | undefined> {
  const [row] = await tx.update(assignments).set(change)
    .where(and(eq(assignments.id, id), sql`${assignments.status} in ${sql.raw(`(${from.map((s) => `'${s}'`).join(', ')})`)}`))
    .returning(assignmentColumns);
  return row;
}

/** The waiting list of a shift in arrival order. */
export async function waitlistOf(tx: DbOrTx, shiftId: number): Promise<AssignmentRow[]> {
  return tx.select(assignmentColumns).from(assignments)
    .where(and(eq(assignments.shiftId, shiftId), eq(assignments.status, 'WAITLISTED')))
    .orderBy(assignments.waitlistSeq);
}

/** The assignments among `ids` the viewer may see: a visible shift and a visible volunteer. */
export async function visibleAssignmentsByIds(db: DbOrTx, viewer: Viewer | null, ids: readonly number[]): Promise<AssignmentRow[]> {
  if (!viewer || ids.length === 0) return [];
  return db.select(assignmentColumns).from(assignments)
    .innerJoin(shifts, eq(shifts.id, assignments.shiftId))
    .innerJoin(grids, eq(grids.id, shifts.gridId))
    .innerJoin(organizations, eq(organizations.id, grids.organizationId))
    .where(and(idIn(assignments.id, ids), visibleGridSql(viewer, grids.path, organizations.path), visibleVolunteerSql(viewer, assignments.volunteerId)));
}
