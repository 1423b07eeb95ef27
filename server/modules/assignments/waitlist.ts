import { eq } from 'drizzle-orm';
import { shifts } from '../../../drizzle/tables';
import type { Tx } from '../../platform/db';
import { appendRosterEvents } from '../roster-events/roster-event.log';
import type { AssignmentRow } from './assignment.type';
import { closedReason, exceedsRestLimit, ineligibility } from './assignment.policy';
import { hasOverlappingSeat, inEligibleTeam, lockVolunteer, moveAssignment, peakSeatedHours, takeSeat, waitlistOf, type LockedShift } from './assignment.queries';
import { EXCLUSION_VIOLATION, pgErrorCode } from './pg-error';

/** Thrown inside a savepoint to undo one promotion attempt (and release its volunteer lock). */
class Skip extends Error {}

/**
 * Fills free seats of a locked shift from its waitlist, first come first served, skipping (and
 * leaving waiting) anyone who is no longer eligible (ACTIVE, skills, eligible team), now holds an
 * overlapping seat, would exceed the rest limit, or is a non-member for the last seat of a
 * demonstration post. Each attempt
 * runs in a savepoint, so an exclusion violation only skips that person. Returns the promoted.
 */
export async function promoteFromWaitlist(tx: Tx, locked: LockedShift, actorAccountId: number, now = new Date()): Promise<AssignmentRow[]> {
  if (closedReason(locked.shift, now)) return [];
  const [seats] = await tx.select({ filled: shifts.filled, capacity: shifts.capacity }).from(shifts).where(eq(shifts.id, locked.shift.id));
  let free = seats.capacity - seats.filled;
  const promoted: AssignmentRow[] = [];
  if (free <= 0) return promoted;
  for (const candidate of await waitlistOf(tx, locked.shift.id)) {
    const row = await tryPromote(tx, locked, candidate, actorAccountId);
    if (row) {
      promoted.push(row);
      if (--free === 0) break;
    }
  }
  return promoted;
}

async function tryPromote(tx: Tx, locked: LockedShift, candidate: AssignmentRow, actorAccountId: number): Promise<AssignmentRow | null> {
  const { shift } = locked;
  try {
    return await tx.transaction(async (sp) => {
      const person = await lockVolunteer(sp, null, candidate.volunteerId, locked);
      // Eligible as a new seat would be judged now: ACTIVE here, every required skill (which an edit
      // of the shift may have added), and still in an eligible team.
      if (!person || ineligibility(shift, person.volunteer, person.standsHere) || !(await inEligibleTeam(sp, shift.id, candidate.volunteerId))) throw new Skip();
      if (await hasOverlappingSeat(sp, candidate.volunteerId, shift.startsAt, shift.endsAt)) throw new Skip();
      if (exceedsRestLimit(await peakSeatedHours(sp, candidate.volunteerId, shift.startsAt, shift.endsAt), locked.restLimitHours)) throw new Skip();
      if (!(await takeSeat(sp, shift.id, person.volunteer.partyMember))) throw new Skip();
      const row = await moveAssignment(sp, candidate.id, ['WAITLISTED'], { status: 'ASSIGNED', waitlistSeq: null });
      if (!row) throw new Skip();
      await appendRosterEvents(sp, [{ kind: 'PROMOTED', shiftId: shift.id, assignmentId: row.id, actorAccountId }]);
      return row;
    });
  } catch (error) {
    if (error instanceof Skip || pgErrorCode(error) === EXCLUSION_VIOLATION) return null;
    throw error;
  }
}
