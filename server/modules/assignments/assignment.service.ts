import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import {
  claimedEarlier, claimKey, cleanIdempotencyKey, keyResultSql, pruneNowAndThen, requestHash, type IdempotentRequest,
} from '../../platform/idempotency';
import type { Viewer } from '../auth/viewer';
import { appendRosterEvents, rosterEventsAppended } from '../roster-events/roster-event.log';
import type { ShiftRow } from '../shifts/shift.type';
import type { AssignmentRow, AssignmentStatus } from './assignment.type';
import { canManageRoster, closedReason, ineligibility, isOwnAssignment, UNAVAILABLE } from './assignment.policy';
import { findAssignment, freeSeat, lockAssignment, lockShiftForRoster, moveAssignment, visibleAssignmentsByIds, type LockedShift } from './assignment.queries';
import { lockForSeat, placeOnRoster, type SeatLocks } from './seating.queries';
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
type SavedAssignment = ReturnType<typeof saveAssignment>;

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
  return placeOnce(db, viewer, request, { shiftId: input.shiftId, volunteerId: input.volunteerId, mode: 'manager' });
}

/** The signed-in volunteer takes a seat, or joins the waitlist when the shift is full. */
export function signUpForShift(db: Db, viewer: Viewer, input: { shiftId: number; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('assignments.signUpOnlyVolunteers');
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'signUpForShift', { shiftId: input.shiftId });
  return placeOnce(db, viewer, request, { shiftId: input.shiftId, volunteerId, mode: 'self' });
}

interface PlaceRequest { shiftId: number; volunteerId: number; mode: 'manager' | 'self' }

/**
 * A seat or a waitlist place in four round trips: BEGIN; the idempotency key's claim pipelined with
 * the statement taking both locks; the statement checking the remaining rules and writing; COMMIT.
 * With a key, a replay is answered from the key inside the same transaction (a claim that finds the
 * key taken waits for its first request to commit, then reads its result).
 */
function placeOnce(db: Db, viewer: Viewer, request: IdempotentRequest | null, place: PlaceRequest): Promise<AssignmentRow> {
  const hash = request && requestHash(request.operation, request.args);
  return withPgConflicts((async () => {
    const outcome = await db.transaction(async (tx): Promise<{ stored: SavedAssignment } | { row: AssignmentRow }> => {
      const [claimed, locks] = await Promise.all([request ? claimKey(tx, request, hash!) : true, lockForSeat(tx, viewer, place.shiftId, place.volunteerId)]);
      if (!claimed) return { stored: await claimedEarlier<SavedAssignment>(tx, request!, hash!) };
      return { row: await seatOrWaitlist(tx, viewer, place, locks, request) };
    });
    if ('stored' in outcome) return replayAssignment(db, outcome.stored);
    if (request) pruneNowAndThen(db);
    return outcome.row;
  })());
}

/**
 * Judges the locked shift and volunteer (the shift's lock, always taken first, orders concurrent
 * changes; the waitlist's order is the order it was granted), then places the volunteer: a seat
 * with a conditional update when one is free, else a place on the waitlist.
 */
async function seatOrWaitlist(tx: Tx, viewer: Viewer, place: PlaceRequest, locks: SeatLocks | undefined, request: IdempotentRequest | null): Promise<AssignmentRow> {
  const { mode } = place;
  const locked = locks?.locked;
  if (!locked?.visible) throw new NotFoundError('Shift');
  if (mode === 'manager' && !canManageRoster(viewer, locked.orgPath)) {
    throw new ForbiddenError('assignments.onlyGridStaffAssign');
  }
  // Staff may still record who served on a shift that has ended (a paper roster entered later,
  // then checked in and out with `at`); nobody signs up for one, and nobody joins a cancelled one.
  const closed = closedReason(locked.shift, new Date());
  const ended = closed != null && locked.shift.status !== 'CANCELLED';
  if (closed && !(ended && mode === 'manager')) throw new ConflictError(closed, 'SHIFT_CLOSED');
  const person = locks?.person;
  if (!person?.visible) throw new NotFoundError('Volunteer');
  if (!person.assignable) {
    throw new ForbiddenError('assignments.seenOnlyOnRostersNoSeat');
  }
  const problem = ineligibility(locked.shift, person.volunteer, person.standsHere);
  if (problem) throw new ConflictError(problem, 'INELIGIBLE');
  const { partyMember } = person.volunteer;
  const placed = await placeOnRoster(tx, {
    shiftId: place.shiftId, volunteerId: place.volunteerId, partyMember, trySeat: seatFree(locked.shift, partyMember), seatOnly: ended,
    locked, actorAccountId: viewer.accountId, keepResult: request ? (row) => keyResultSql(request, savedAssignmentSql(row), sql`placed`) : undefined,
  });
  if (!placed.inTeam) throw new ConflictError('assignments.notInEligibleTeam', 'INELIGIBLE');
  if (placed.already) throw new ConflictError('assignments.alreadyOnShift', 'ALREADY_ON_SHIFT');
  // One answer for an overlapping seat and the rest limit alike (assignment.policy UNAVAILABLE).
  if (placed.unavailable) throw new ConflictError(UNAVAILABLE.message, UNAVAILABLE.reason);
  if (!placed.row) throw new ConflictError('assignments.endedAndFull', 'SHIFT_CLOSED');
  // The exclusion constraint and the one-open-per-shift index back the checks above (withPgConflicts).
  rosterEventsAppended(tx);
  return placed.row;
}

/** saveAssignment's value, built in SQL from the row the statement placed. */
const savedAssignmentSql = (row: SQL) => sql`jsonb_build_object('assignmentId', placed.id, 'row', ${row})`;

/** Would the conditional seat update succeed? Read from the locked row, so it cannot change under us. */
function seatFree(shift: ShiftRow, partyMember: boolean): boolean {
  return shift.filled < shift.capacity
    && (!shift.requiresPartyMember || shift.partySeated > 0 || partyMember || shift.filled < shift.capacity - 1);
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
