import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, numeric, pgEnum, pgTable, text, timestamp, index, unique, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { dutyTypeEnum } from './enums';
import { volunteers } from './volunteers';
import { assignments } from './assignments';
import { accounts } from './accounts';
import { grids } from './grids';
import { organizations } from './organizations';

/** Append-only corrections to a volunteer's hours; existing rows are never edited. */
export const hourAdjustments = pgTable('hour_adjustments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  hours: numeric('hours', { precision: 7, scale: 2, mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  assignmentId: integer('assignment_id').references(() => assignments.id),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The organization the correction is recorded for (the one through which its author looks after
   * the volunteer): its staff see it. A correction office's corrections are its correction record.
   * Null only when a platform admin corrected someone no organization registered.
   */
  organizationId: integer('organization_id').references(() => organizations.id),
  /** The volunteer's correction request this adjustment grants; at most one adjustment each. */
  correctionRequestId: integer('correction_request_id').references((): AnyPgColumn => hourCorrectionRequests.id),
}, (t) => [
  index('hour_adjustments_volunteer_idx').on(t.volunteerId),
  index('hour_adjustments_assignment_idx').on(t.assignmentId),
  uniqueIndex('hour_adjustments_one_per_request').on(t.correctionRequestId),
]);

export const correctionRequestStatusEnum = pgEnum('hour_correction_status', ['PENDING', 'APPROVED', 'REJECTED']);

/**
 * A volunteer's request to correct their own record: one assignment, or a period (inclusive
 * dates), with the hours they believe are right. Decided once: approved (an adjustment appended,
 * pointing back here) or rejected with a reason.
 */
export const hourCorrectionRequests = pgTable('hour_correction_requests', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  assignmentId: integer('assignment_id').references(() => assignments.id),
  periodFrom: date('period_from', { mode: 'string' }),
  periodTo: date('period_to', { mode: 'string' }),
  claimedHours: numeric('claimed_hours', { precision: 7, scale: 2, mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  status: correctionRequestStatusEnum('status').notNull().default('PENDING'),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: integer('decided_by').references(() => accounts.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  index('hour_correction_requests_volunteer_idx').on(t.volunteerId, t.createdAt),
  index('hour_correction_requests_pending_idx').on(t.createdAt).where(sql`status = 'PENDING'`),
  // One open request per assignment: a second would only race the first to a decision.
  uniqueIndex('hour_correction_requests_one_pending').on(t.assignmentId).where(sql`status = 'PENDING'`),
  check('hour_correction_requests_subject', sql`(${t.assignmentId} is null) <> (${t.periodFrom} is null) and (${t.periodFrom} is null) = (${t.periodTo} is null) and (${t.periodTo} is null or ${t.periodTo} >= ${t.periodFrom})`),
  check('hour_correction_requests_decided', sql`(${t.status} = 'PENDING') = (${t.decidedAt} is null)`),
]);

/**
 * Credited minutes and person-times summed by (volunteer, day, grid, duty) — check-out credits with
 * `adjusted` false, adjustments with true and their organization. Kept by triggers in the same
 * transaction as every credit and adjustment (see the hours_rollup migration), so it always equals
 * the ledger; a row whose entries net to zero is deleted.
 */
export const hourRollup = pgTable('hour_rollup', {
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  /** Asia/Shanghai date of the shift's start (an unlinked adjustment: of its creation). */
  day: date('day', { mode: 'string' }).notNull(),
  gridId: integer('grid_id').references(() => grids.id),
  duty: dutyTypeEnum('duty'),
  adjusted: boolean('adjusted').notNull(),
  organizationId: integer('organization_id').references(() => organizations.id),
  minutes: numeric('minutes', { precision: 14, scale: 2, mode: 'number' }).notNull(),
  personTimes: integer('person_times').notNull(),
  /** Ledger entries summed here; the row goes when this reaches 0. */
  entries: integer('entries').notNull(),
}, (t) => [
  unique('hour_rollup_key').on(t.volunteerId, t.day, t.gridId, t.duty, t.adjusted, t.organizationId).nullsNotDistinct(),
  // Also (grid_id, day) INCLUDE (the summed columns), written in the hours_rollup migration: a
  // grid's month is then read from the index alone.
  index('hour_rollup_day_idx').on(t.day),
]);
