import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { assignments, checkInCodeFailures } from '../../../drizzle/tables';
import type { Db } from '../../platform/db';
import { ConflictError } from '../../platform/errors';

/** Wrong check-in codes allowed per assignment in a sliding window, counted in PostgreSQL. */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MINUTES = 10;

const windowStart = sql`now() - make_interval(mins => ${WRONG_CODE_WINDOW_MINUTES})`;

/**
 * Judges a typed code for the volunteer's open assignment on the shift, in a transaction of its
 * own that commits a wrong guess before the caller reports it (the check-in's own transaction
 * rolls back on the error, which would forget it). The assignment's row lock makes concurrent
 * guesses count one after another. Returns false for a wrong code; CONFLICT once the window holds
 * MAX_WRONG_CODES wrong ones. Without an open assignment it judges nothing (the check-in answers
 * NOT_FOUND then).
 */
export async function judgeCheckInCode(db: Db, shiftId: number, volunteerId: number, matches: (code: string) => boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [open] = await tx.select({ id: assignments.id, code: sql<string>`(select check_in_code from shifts where id = ${shiftId})` })
      .from(assignments)
      .where(and(eq(assignments.shiftId, shiftId), eq(assignments.volunteerId, volunteerId), sql`${assignments.status} <> 'CANCELLED'`))
      .for('no key update');
    if (!open) return true;
    await tx.delete(checkInCodeFailures).where(and(eq(checkInCodeFailures.assignmentId, open.id), lt(checkInCodeFailures.failedAt, windowStart)));
    const [recent] = await tx.select({ n: sql<number>`count(*)::int` }).from(checkInCodeFailures)
      .where(and(eq(checkInCodeFailures.assignmentId, open.id), gt(checkInCodeFailures.failedAt, windowStart)));
    if (recent.n >= MAX_WRONG_CODES) throw new ConflictError('attendance.tooManyWrongCodes', 'TOO_MANY_ATTEMPTS');
    if (matches(open.code)) return true;
    await tx.insert(checkInCodeFailures).values({ assignmentId: open.id });
    return false;
  });
}
