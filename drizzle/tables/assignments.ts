import { sql } from 'drizzle-orm';
import { bigint, integer, numeric, pgTable, text, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstzrange } from './custom-types';
import { assignmentStatusEnum } from './enums';
import { shifts } from './shifts';
import { volunteers } from './volunteers';
import { accounts } from './accounts';

/**
 * A volunteer's place on a shift. The overlap rule (no two seats at once) is an exclusion
 * constraint over `period` in the hand-written migration, not a TypeScript check.
 */
export const assignments = pgTable('assignments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  shiftId: integer('shift_id').notNull().references(() => shifts.id),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  status: assignmentStatusEnum('status').notNull(),
  /** Copy of the shift's [startsAt, endsAt) for the exclusion constraint. */
  period: tstzrange('period').notNull(),
  /** Arrival order on the waitlist; taken from a sequence while the shift row is locked. */
  waitlistSeq: bigint('waitlist_seq', { mode: 'number' }),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
  checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  /** Hours credited once COMPLETED: creditedMinutes / 60 to two decimals, for display. */
  hours: numeric('hours', { precision: 6, scale: 2, mode: 'number' }),
  /**
   * Whole minutes between check-in and check-out, clipped to the shift widened by 30 minutes each
   * side; set by a trigger when the assignment is COMPLETED (hours_rollup migration). Totals sum these.
   */
  creditedMinutes: integer('credited_minutes'),
}, (t) => [
  uniqueIndex('assignments_one_open_per_shift').on(t.shiftId, t.volunteerId).where(sql`status <> 'CANCELLED'`),
  index('assignments_shift_idx').on(t.shiftId, t.status),
  index('assignments_volunteer_idx').on(t.volunteerId, t.status),
  // A volunteer's service in a period (team tallies, service records, certificates).
  index('assignments_completed_idx').on(t.volunteerId, sql`lower(${t.period})`).where(sql`status = 'COMPLETED'`),
]);

/**
 * Wrong check-in codes typed for an assignment, kept in PostgreSQL so the guess limit holds across
 * restarts and server processes. Rows older than the limit's window are pruned as they are read.
 */
export const checkInCodeFailures = pgTable('check_in_code_failures', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  assignmentId: integer('assignment_id').notNull().references(() => assignments.id),
  failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('check_in_code_failures_assignment_idx').on(t.assignmentId, t.failedAt)]);
