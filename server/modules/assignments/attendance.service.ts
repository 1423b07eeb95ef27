import { timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { idempotent } from '../../platform/idempotency';
import type { Viewer } from '../auth/viewer';
import { appendRosterEvents } from '../roster-events/roster-event.log';
import type { AssignmentRow } from './assignment.type';
import { CHECK_IN_OPENS_MS } from './assignment.policy';
import { findOpenAssignment, lockAssignment, lockShiftForRoster, moveAssignment, type LockedShift } from './assignment.queries';
import { idempotencyRequest, lockForChange, replayAssignment, saveAssignment } from './assignment.service';
import { judgeCheckInCode } from './check-in-code.limiter';
import { withPgConflicts } from './pg-error';


/** A staff-supplied time may backfill, never lie in the future. */
function pastOrNow(at: Date | null | undefined): Date | null {
  if (at == null) return null;
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now()) throw new BadUserInputError({ key: 'dates.notInFuture', params: { field: 'at' } }, 'at');
  return at;
}

/**
 * ASSIGNED → CHECKED_IN, from an hour before the start until the end. Grid managers may give
 * `at` (backfilling a check-in they saw); the volunteer themself checks in as of now.
 */
export function checkIn(db: Db, viewer: Viewer, input: { assignmentId: number; at?: Date | null; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const at = pastOrNow(input.at);
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'checkIn', { assignmentId: input.assignmentId, at: at?.toISOString() ?? null });
  return withPgConflicts(idempotent(db, request, {
    run: async (tx) => {
      // A volunteer proves they are at the post with the shift's code (checkInWithCode); a bare
      // checkIn is the staff's, who see the person arrive.
      const { locked, assignment, manager } = await lockForChange(tx, viewer, input.assignmentId, true);
      if (!manager) throw new ForbiddenError('attendance.checkInWithCodeOrStaff');
      return recordCheckIn(tx, viewer, locked, assignment, at);
    },
    save: saveAssignment,
    replay: (result) => replayAssignment(db, result),
  }));
}

async function recordCheckIn(tx: Tx, viewer: Viewer, locked: LockedShift, assignment: AssignmentRow, at: Date | null): Promise<AssignmentRow> {
  const { shift } = locked;
  if (assignment.status !== 'ASSIGNED') throw new ConflictError({ key: 'attendance.checkInOnlyAssigned', params: { status: assignment.status } }, 'STATUS');
  if (shift.status === 'CANCELLED') throw new ConflictError('shifts.cancelled', 'SHIFT_CLOSED');
  const when = at ?? new Date();
  const opens = shift.startsAt.getTime() - CHECK_IN_OPENS_MS;
  if (when.getTime() < opens || when.getTime() > shift.endsAt.getTime()) {
    const message = 'attendance.checkInWindow' as const;
    if (at) throw new BadUserInputError(message, 'at');
    throw new ConflictError(message, 'CHECK_IN_CLOSED');
  }
  const row = (await moveAssignment(tx, assignment.id, ['ASSIGNED'], { status: 'CHECKED_IN', checkedInAt: when }))!;
  await appendRosterEvents(tx, [{ kind: 'CHECKED_IN', shiftId: shift.id, assignmentId: row.id, actorAccountId: viewer.accountId }]);
  return row;
}

/**
 * CHECKED_IN → COMPLETED. The credit (minutes attended within the shift widened by 30 minutes each
 * side) is computed by PostgreSQL as the status changes (trigger assignments_credit).
 */
export function checkOut(db: Db, viewer: Viewer, input: { assignmentId: number; at?: Date | null; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const at = pastOrNow(input.at);
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'checkOut', { assignmentId: input.assignmentId, at: at?.toISOString() ?? null });
  return withPgConflicts(idempotent(db, request, {
    run: async (tx) => {
      const { assignment, manager } = await lockForChange(tx, viewer, input.assignmentId, true);
      if (at && !manager) throw new ForbiddenError('attendance.checkOutTimeOnlyStaff');
      if (assignment.status !== 'CHECKED_IN') throw new ConflictError({ key: 'attendance.checkOutOnlyCheckedIn', params: { status: assignment.status } }, 'STATUS');
      const when = at ?? new Date();
      if (when.getTime() < assignment.checkedInAt!.getTime()) throw new BadUserInputError('attendance.checkOutBeforeCheckIn', 'at');
      const row = (await moveAssignment(tx, assignment.id, ['CHECKED_IN'], {
        status: 'COMPLETED', checkedOutAt: when,
      }))!;
      await appendRosterEvents(tx, [{ kind: 'CHECKED_OUT', shiftId: row.shiftId, assignmentId: row.id, actorAccountId: viewer.accountId }]);
      return row;
    },
    save: saveAssignment,
    replay: (result) => replayAssignment(db, result),
  }));
}

/**
 * The volunteer's own phone: their seat on the shift plus the shift's six-digit code shown to
 * its staff. After five wrong codes for one assignment in ten minutes the answer is CONFLICT.
 */
export async function checkInWithCode(db: Db, viewer: Viewer, input: { shiftId: number; code: string; idempotencyKey?: string | null }): Promise<AssignmentRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('attendance.codeOnlyVolunteers');
  const code = input.code.trim();
  if (!/^\d{6}$/.test(code)) throw new BadUserInputError('attendance.codeSixDigits', 'code');
  const wrong = () => new BadUserInputError('attendance.wrongCode', 'code');
  if (!(await judgeCheckInCode(db, input.shiftId, volunteerId, (expected) => sameCode(code, expected)))) throw wrong();
  const request = idempotencyRequest(viewer, input.idempotencyKey, 'checkInWithCode', { shiftId: input.shiftId, code });
  return withPgConflicts(idempotent(db, request, {
    run: async (tx) => {
      const locked = await lockShiftForRoster(tx, viewer, input.shiftId);
      if (!locked?.visible) throw new NotFoundError('Shift');
      const open = await findOpenAssignment(tx, input.shiftId, volunteerId);
      const assignment = open && (await lockAssignment(tx, open.id));
      if (!assignment) throw new NotFoundError('Assignment');
      // Judged above; checked again under the shift lock in case the assignment changed in between.
      if (!sameCode(code, locked.shift.checkInCode)) throw wrong();
      return recordCheckIn(tx, viewer, locked, assignment, null);
    },
    save: saveAssignment,
    replay: (result) => replayAssignment(db, result),
  }));
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
