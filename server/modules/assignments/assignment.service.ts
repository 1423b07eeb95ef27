import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { cleanIdempotencyKey, idempotent, type IdempotentRequest } from '../../platform/idempotency';
import type { Viewer } from '../auth/viewer';
import { appendRosterEvents } from '../roster-events/roster-event.log';
import type { ShiftRow } from '../shifts/shift.type';
import type { AssignmentRow, AssignmentStatus } from './assignment.type';
import { canManageRoster, closedReason, exceedsRestLimit, ineligibility, isOwnAssignment, UNAVAILABLE } from './assignment.policy';
import {
  findAssignment, findOpenAssignment, freeSeat, hasOverlappingSeat, inEligibleTeam, insertAssignment, lockAssignment,
  lockShiftForRoster, lockVolunteer, moveAssignment, peakSeatedHours, takeSeat, visibleAssignmentsByIds, type LockedShift, type LockedVolunteer,
} from './assignment.queries';
import { promoteFromWaitlist } from './waitlist';
import { cleanReason } from '../shifts/shift.validation';
import { withPgConflicts } from './pg-error';

const OPEN: AssignmentStatus[] = ['ASSIGNED', 'WAITLISTED', 'CHECKED_IN'];

/** The request record for idempotency, or null without a key. */
export function idempotencyRequest(viewer: Viewer, key: string | null | undefined, operation: string, args: Record<string, unknown>): IdempotentRequest | null {
  const clean = cleanIdempotencyKey(key);
  return clean ? { accountId: viewer.accountId, key: clean, operation, args } : null;
}

const DATE_FIELDS = ['createdAt', 'checkedInAt', 'checkedOutAt', 'cancelledAt'] as const;

/** What an idempotency key keeps: the assignment as the first request answered it. */
export const saveAssignment = (row: AssignmentRow) => ({ assignmentId: row.id, row });

/**
 * A replay answers with the first result — the assignment as it was then, even if it has moved on
 * since (its shift and volunteer fields still resolve to what they are now). Keys stored before
 * rows were kept re-read the assignment.
 */
export async function replayAssignment(db: Db, result: { assignmentId?: unknown; row?: unknown }): Promise<AssignmentRow> {
  if (result.row && typeof result.row === 'object') {
    const stored = { ...(result.row as Record<string, unknown>) };
    for (const field of DATE_FIELDS) if (typeof stored[field] === 'string') stored[field] = new Date(stored[field] as string);
    return stored as unknown as AssignmentRow;
  }
  const row = typeof result.assignmentId === 'number' ? await findAssignment(db, result.assignmentId) : undefined;
  if (!row) throw new NotFoundError('Assignment');
  return row;
}

/** A grid manager seats a volunteer, or waitlists them when the shift is full. */
export function assignVolunteer(db: Db, viewer: Viewer, input: { shiftId: number; volunteerId: number; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'assignVolunteer', { shiftId: input.shiftId, volunteerId: input.volunteerId });
  return withPgConflicts(idempotent(db, request, {
    run: (tx) => seatOrWaitlist(tx, viewer, input.shiftId, input.volunteerId, 'manager'),
    save: saveAssignment,
    replay: (result) => replayAssignment(db, result),
  }));
}

/** The signed-in volunteer takes a seat, or joins the waitlist when the shift is full. */
export function signUpForShift(db: Db, viewer: Viewer, input: { shiftId: number; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('assignments.signUpOnlyVolunteers');
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'signUpForShift', { shiftId: input.shiftId });
  return withPgConflicts(idempotent(db, request, {
    run: (tx) => seatOrWaitlist(tx, viewer, input.shiftId, volunteerId, 'self'),
    save: saveAssignment,
    replay: (result) => replayAssignment(db, result),
  }));
}

/**
 * Locks the shift, then the volunteer (always in that order), checks every rule, and takes a
 * seat with a conditional update — or, when none is free, a place on the waitlist whose order
 * is the order the shift lock was granted.
 */
async function seatOrWaitlist(tx: Tx, viewer: Viewer, shiftId: number, volunteerId: number, mode: 'manager' | 'self'): Promise<AssignmentRow> {
  const locked = await lockShiftForRoster(tx, viewer, shiftId);
  if (!locked?.visible) throw new NotFoundError('Shift');
  if (mode === 'manager' && !canManageRoster(viewer, locked.orgPath)) {
    throw new ForbiddenError('assignments.onlyGridStaffAssign');
  }
  // Staff may still record who served on a shift that has ended (a paper roster entered later,
  // then checked in and out with `at`); nobody signs up for one, and nobody joins a cancelled one.
  const closed = closedReason(locked.shift, new Date());
  const ended = closed != null && locked.shift.status !== 'CANCELLED';
  if (closed && !(ended && mode === 'manager')) throw new ConflictError(closed, 'SHIFT_CLOSED');
  const person = await lockVolunteer(tx, viewer, volunteerId, locked);
  if (!person?.visible) throw new NotFoundError('Volunteer');
  if (!person.assignable) {
    throw new ForbiddenError('assignments.seenOnlyOnRostersNoSeat');
  }
  await checkEligible(tx, locked.shift, person);
  if (await findOpenAssignment(tx, shiftId, volunteerId)) throw new ConflictError('assignments.alreadyOnShift', 'ALREADY_ON_SHIFT');
  let seated = false;
  if (seatFree(locked.shift, person.volunteer.partyMember)) {
    await checkSeatRules(tx, locked, volunteerId);
    seated = await takeSeat(tx, shiftId, person.volunteer.partyMember);
  }
  if (!seated && ended) throw new ConflictError('assignments.endedAndFull', 'SHIFT_CLOSED');
  // The exclusion constraint and the one-open-per-shift index back the checks above (withPgConflicts).
  const row = await insertAssignment(tx, { shiftId, volunteerId, status: seated ? 'ASSIGNED' : 'WAITLISTED', createdBy: viewer.accountId });
  await appendRosterEvents(tx, [{ kind: seated ? 'ASSIGNED' : 'WAITLISTED', shiftId, assignmentId: row.id, actorAccountId: viewer.accountId }]);
  return row;
}

async function checkEligible(tx: Tx, shift: ShiftRow, { volunteer, standsHere }: LockedVolunteer): Promise<void> {
  const problem = ineligibility(shift, volunteer, standsHere)
    ?? ((await inEligibleTeam(tx, shift.id, volunteer.id)) ? null : 'assignments.notInEligibleTeam');
  if (problem) throw new ConflictError(problem, 'INELIGIBLE');
}

/** Would the conditional seat update succeed? Read from the locked row, so it cannot change under us. */
function seatFree(shift: ShiftRow, partyMember: boolean): boolean {
  return shift.filled < shift.capacity
    && (!shift.requiresPartyMember || shift.partySeated > 0 || partyMember || shift.filled < shift.capacity - 1);
}

/** Rules for holding a seat (not for waiting): no overlapping seat, and the rest limit. */
async function checkSeatRules(tx: Tx, locked: LockedShift, volunteerId: number): Promise<void> {
  const { shift } = locked;
  if (await hasOverlappingSeat(tx, volunteerId, shift.startsAt, shift.endsAt)
    || exceedsRestLimit(await peakSeatedHours(tx, volunteerId, shift.startsAt, shift.endsAt), locked.restLimitHours)) {
    throw new ConflictError(UNAVAILABLE.message, UNAVAILABLE.reason);
  }
}

/**
 * Locks the shift of an assignment, then the assignment, and checks that the viewer may see it
 * (else NOT_FOUND) and act on it: grid managers always, the volunteer themself when `own` allows.
 */
export async function lockForChange(tx: Tx, viewer: Viewer, id: number, own: boolean): Promise<{ locked: LockedShift; assignment: AssignmentRow; manager: boolean }> {
  const first = await findAssignment(tx, id);
  const locked = first && (await lockShiftForRoster(tx, viewer, first.shiftId));
  const assignment = locked && (await lockAssignment(tx, id));
  if (!locked || !assignment || (await visibleAssignmentsByIds(tx, viewer, [id])).length === 0) throw new NotFoundError('Assignment');
  const manager = canManageRoster(viewer, locked.orgPath);
  if (!manager && !(own && isOwnAssignment(viewer, assignment))) {
    throw new ForbiddenError(own ? 'assignments.onlyGridStaffOrVolunteer' : 'assignments.onlyGridStaff');
  }
  return { locked, assignment, manager };
}

/** Cancels an open assignment; a freed seat goes to the first eligible on the waitlist. */
export async function cancelAssignment(db: Db, viewer: Viewer, id: number, reason: string | null | undefined): Promise<AssignmentRow> {
  const cancelReason = cleanReason(reason);
  return withPgConflicts(db.transaction(async (tx) => {
    const { locked, assignment } = await lockForChange(tx, viewer, id, true);
    if (!OPEN.includes(assignment.status)) throw new ConflictError({ key: 'assignments.cannotCancelStatus', params: { status: assignment.status } }, 'STATUS');
    const row = (await moveAssignment(tx, id, OPEN, { status: 'CANCELLED', cancelledAt: sql`now()`, cancelReason }))!;
    await appendRosterEvents(tx, [{ kind: 'CANCELLED', shiftId: row.shiftId, assignmentId: id, actorAccountId: viewer.accountId }]);
    if (assignment.status !== 'WAITLISTED') await releaseSeat(tx, locked, viewer.accountId);
    return row;
  }));
}

/**
 * A seated volunteer who did not (or will not) come: their seat goes to the waitlist. Staff may
 * mark it before the start too — someone who sent word they cannot come — so the seat is refilled
 * in time; the record says NO_SHOW rather than a cancellation by the volunteer.
 */
export async function markNoShow(db: Db, viewer: Viewer, id: number): Promise<AssignmentRow> {
  return withPgConflicts(db.transaction(async (tx) => {
    const { locked, assignment } = await lockForChange(tx, viewer, id, false);
    if (assignment.status !== 'ASSIGNED') throw new ConflictError({ key: 'assignments.noShowOnlyAssigned', params: { status: assignment.status } }, 'STATUS');
    const row = (await moveAssignment(tx, id, ['ASSIGNED'], { status: 'NO_SHOW' }))!;
    await appendRosterEvents(tx, [{ kind: 'NO_SHOW', shiftId: row.shiftId, assignmentId: id, actorAccountId: viewer.accountId }]);
    await releaseSeat(tx, locked, viewer.accountId);
    return row;
  }));
}

async function releaseSeat(tx: Tx, locked: LockedShift, actorAccountId: number): Promise<void> {
  // Cancelling a shift zeroes its seats itself (shifts module); nothing to give back then.
  if (locked.shift.status === 'CANCELLED') return;
  await freeSeat(tx, locked.shift.id);
  await promoteFromWaitlist(tx, locked, actorAccountId);
}
