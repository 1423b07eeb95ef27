import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { assignments, shiftEligibleTeams, shifts } from '../../../drizzle/tables';
import type { Tx } from '../../platform/db';
import type { CleanChanges, Period } from './shift.validation';
import type { ShiftRow } from './shift.type';

const iso = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** Writes the changed columns of a (locked) shift; the CHECKs on shifts are the backstop for capacity. */
export async function writeShiftChanges(tx: Tx, id: number, changes: CleanChanges, period: Period | null): Promise<ShiftRow> {
  const { eligibleTeamIds: _teams, ...columns } = changes;
  const [row] = await tx.update(shifts).set({
    ...columns,
    ...(period ? { startsAt: sql`${iso(period.startsAt)}`, endsAt: sql`${iso(period.endsAt)}` } : {}),
    updatedAt: sql`now()`,
  }).where(eq(shifts.id, id)).returning(getTableColumns(shifts));
  return row;
}

/**
 * Moves the period every assignment of the shift carries, so the no-double-booking exclusion
 * constraint judges the seated ones at the new times (and raises 23P01 if one now overlaps).
 */
export async function moveAssignmentPeriods(tx: Tx, shiftId: number, period: Period): Promise<void> {
  await tx.update(assignments)
    .set({ period: sql`tstzrange(${iso(period.startsAt)}, ${iso(period.endsAt)}, '[)')` })
    .where(eq(assignments.shiftId, shiftId));
}

/** Volunteers holding a seat on the shift, locked in id order (after the shift lock, as everywhere). */
export async function lockSeatedVolunteers(tx: Tx, shiftId: number): Promise<number[]> {
  const rows = await tx.execute<{ id: number }>(sql`
    select v.id from volunteers v
     where v.id in (select volunteer_id from assignments where shift_id = ${shiftId} and status in ('ASSIGNED', 'CHECKED_IN', 'COMPLETED'))
     order by v.id for update`);
  return rows.map((r) => r.id);
}

export async function anyCheckedIn(tx: Tx, shiftId: number): Promise<boolean> {
  const rows = await tx.select({ id: assignments.id }).from(assignments)
    .where(and(eq(assignments.shiftId, shiftId), inArray(assignments.status, ['CHECKED_IN', 'COMPLETED', 'NO_SHOW']))).limit(1);
  return rows.length > 0;
}

/**
 * Replaces the eligible teams the editor can see with `teamIds`; teams they cannot see (another
 * manager's confidential team) stay as they are.
 */
export async function replaceEligibleTeams(tx: Tx, shiftId: number, visibleCurrent: number[], teamIds: number[]): Promise<void> {
  const dropped = visibleCurrent.filter((id) => !teamIds.includes(id));
  if (dropped.length) {
    await tx.delete(shiftEligibleTeams).where(and(eq(shiftEligibleTeams.shiftId, shiftId), inArray(shiftEligibleTeams.teamId, dropped)));
  }
  if (teamIds.length) {
    await tx.insert(shiftEligibleTeams).values(teamIds.map((teamId) => ({ shiftId, teamId }))).onConflictDoNothing();
  }
}
