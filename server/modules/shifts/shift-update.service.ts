import type { Db, Tx } from '../../platform/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { canManageRoster, exceedsRestLimit, UNAVAILABLE } from '../assignments/assignment.policy';
import { lockShiftForRoster, peakSeatedHours, type LockedShift } from '../assignments/assignment.queries';
import { EXCLUSION_VIOLATION, UNIQUE_VIOLATION, pgErrorCode, withPgConflicts } from '../assignments/pg-error';
import { promoteFromWaitlist } from '../assignments/waitlist';
import { appendRosterEvents } from '../roster-events/roster-event.log';
import { findShift, visibleEligibleTeams } from './shift.queries';
import { requireEligibleTeams } from './shift.service';
import {
  anyCheckedIn, lockSeatedVolunteers, moveAssignmentPeriods, replaceEligibleTeams, writeShiftChanges,
} from './shift-update.queries';
import { changedPeriod, cleanChanges, type CleanChanges, type Period, type ShiftChanges } from './shift.validation';
import type { ShiftRow } from './shift.type';

/** assignment.policy UNAVAILABLE, for a seated volunteer at a shift's new times: one answer, whatever blocks them. */
const MOVED_UNAVAILABLE = 'shifts.movedUnavailable';

/** Locks the shift and checks the viewer manages its grid: NOT_FOUND when unseen, FORBIDDEN when only seen. */
async function lockManagedShift(tx: Tx, viewer: Viewer, id: number): Promise<LockedShift> {
  const locked = await lockShiftForRoster(tx, viewer, id);
  if (!locked?.visible) throw new NotFoundError('Shift');
  if (!canManageRoster(viewer, locked.orgPath)) {
    throw new ForbiddenError('shifts.onlyGridStaffChange');
  }
  if (locked.shift.status === 'CANCELLED') throw new ConflictError('shifts.cancelledUnchangeable', 'SHIFT_CANCELLED');
  return locked;
}

/**
 * New times are for a shift nobody has started: not once it has begun or anyone has checked in.
 * Every seated volunteer must still fit: no overlapping seat (the exclusion constraint decides when
 * the periods move) and the rest limit at the new times.
 */
async function checkNewPeriod(tx: Tx, locked: LockedShift, period: Period): Promise<void> {
  if (locked.shift.startsAt.getTime() <= Date.now() || (await anyCheckedIn(tx, locked.shift.id))) {
    throw new ConflictError('shifts.startedTimesFixed', 'SHIFT_STARTED');
  }
  // Seated volunteers first (the lock order every writer keeps: shift, then volunteer), then the
  // periods, so a sign-up holding one of them never waits on the exclusion check behind us.
  const seated = await lockSeatedVolunteers(tx, locked.shift.id);
  await moveAssignmentPeriods(tx, locked.shift.id, period);
  for (const volunteerId of seated) {
    const peak = await peakSeatedHours(tx, volunteerId, period.startsAt, period.endsAt, true);
    if (exceedsRestLimit(peak, locked.restLimitHours)) {
      throw new ConflictError(MOVED_UNAVAILABLE, UNAVAILABLE.reason);
    }
  }
}

function checkCapacity(shift: ShiftRow, capacity: number | undefined): void {
  if (capacity != null && capacity < shift.filled) {
    throw new ConflictError({ key: 'shifts.capacityBelowFilled', params: { filled: shift.filled } }, 'CAPACITY_BELOW_FILLED');
  }
}

async function applyEligibleTeams(tx: Tx, viewer: Viewer, shiftId: number, gridId: number, teamIds: number[] | undefined): Promise<boolean> {
  if (teamIds == null) return false;
  await requireEligibleTeams(tx, viewer, teamIds, gridId, 'changes.eligibleTeamIds');
  const current = (await visibleEligibleTeams(tx, viewer, [shiftId])).map((t) => t.id);
  if (current.length === teamIds.length && current.every((id) => teamIds.includes(id))) return false;
  await replaceEligibleTeams(tx, shiftId, current, teamIds);
  return true;
}

function changesSomething(shift: ShiftRow, changes: CleanChanges): boolean {
  const { eligibleTeamIds: _teams, ...columns } = changes;
  return Object.entries(columns).some(([key, value]) => JSON.stringify(shift[key as keyof ShiftRow]) !== JSON.stringify(value));
}

/**
 * Changes a shift in one transaction under its roster lock. Who is already seated or waiting stays
 * (new skill, team or Party rules apply to the next seat taken); more capacity promotes from the
 * waitlist at once; new times move every assignment's period. One SHIFT_UPDATED event when anything
 * changed, then a PROMOTED event per promotion.
 */
export async function updateShift(db: Db, viewer: Viewer, id: number, input: ShiftChanges): Promise<ShiftRow> {
  const changes = cleanChanges(input);
  return withPgConflicts(db.transaction(async (tx) => {
    const locked = await lockManagedShift(tx, viewer, id);
    const period = changedPeriod(input, locked.shift);
    checkCapacity(locked.shift, changes.capacity);
    if (period) await checkNewPeriod(tx, locked, period);
    const teamsChanged = await applyEligibleTeams(tx, viewer, id, locked.shift.gridId, changes.eligibleTeamIds);
    if (!period && !teamsChanged && !changesSomething(locked.shift, changes)) return locked.shift;
    const shift = await writeShiftChanges(tx, id, changes, period);
    await appendRosterEvents(tx, [{ kind: 'SHIFT_UPDATED', shiftId: id, actorAccountId: viewer.accountId }]);
    const promoted = await promoteFromWaitlist(tx, { ...locked, shift }, viewer.accountId);
    return promoted.length ? (await findShift(tx, id))! : shift;
  }).catch(explainConflict));
}

/** The two constraints a shift edit can hit, said in the edit's terms (the rest: withPgConflicts). */
function explainConflict(error: unknown): never {
  const code = pgErrorCode(error);
  if (code === EXCLUSION_VIOLATION) throw new ConflictError(MOVED_UNAVAILABLE, UNAVAILABLE.reason);
  if (code === UNIQUE_VIOLATION) throw new ConflictError('shifts.duplicate', 'DUPLICATE_SHIFT');
  throw error;
}
