import { integer, numeric, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';
import { volunteers } from './volunteers';
import { assignments } from './assignments';
import { accounts } from './accounts';

/** Append-only corrections to a volunteer's hours; existing rows are never edited. */
export const hourAdjustments = pgTable('hour_adjustments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  hours: numeric('hours', { precision: 7, scale: 2, mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  assignmentId: integer('assignment_id').references(() => assignments.id),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('hour_adjustments_volunteer_idx').on(t.volunteerId)]);
