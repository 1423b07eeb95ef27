import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, primaryKey, text, timestamp, index, check, uniqueIndex } from 'drizzle-orm/pg-core';
import { dutyTypeEnum, shiftStatusEnum } from './enums';
import { grids } from './grids';
import { accounts } from './accounts';
import { teams } from './teams';

export const shifts = pgTable('shifts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  title: text('title').notNull(),
  duty: dutyTypeEnum('duty').notNull(),
  location: text('location'),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  capacity: integer('capacity').notNull(),
  /** Seats held (ASSIGNED, CHECKED_IN, COMPLETED); moved only by conditional updates, bounded by a CHECK. */
  filled: integer('filled').notNull().default(0),
  /** Seated Party members, for the demonstration-post rule. */
  partySeated: integer('party_seated').notNull().default(0),
  requiredSkills: text('required_skills').array().notNull().default([]),
  requiresPartyMember: boolean('requires_party_member').notNull().default(false),
  status: shiftStatusEnum('status').notNull().default('OPEN'),
  cancelReason: text('cancel_reason'),
  /** Six digits shown to the grid's staff; a seated volunteer checks in with it. */
  checkInCode: text('check_in_code').notNull(),
  /** Made by createShiftRotation: (grid, title, start) is unique among these, so a rerun adds nothing. */
  fromRotation: boolean('from_rotation').notNull().default(false),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('shifts_capacity_range', sql`${t.capacity} between 1 and 1000`),
  check('shifts_not_overbooked', sql`${t.filled} between 0 and ${t.capacity}`),
  check('shifts_party_seated', sql`${t.partySeated} between 0 and ${t.filled}`),
  check('shifts_period', sql`${t.endsAt} > ${t.startsAt} and ${t.endsAt} - ${t.startsAt} <= interval '24 hours'`),
  // Only rotations are deduplicated: two sampling booths may share a title and a start.
  uniqueIndex('shifts_rotation_unique').on(t.gridId, t.title, t.startsAt).where(sql`${t.fromRotation}`),
  index('shifts_grid_starts_at_idx').on(t.gridId, t.startsAt),
  index('shifts_starts_at_idx').on(t.startsAt),
]);

export const shiftEligibleTeams = pgTable('shift_eligible_teams', {
  shiftId: integer('shift_id').notNull().references(() => shifts.id),
  teamId: integer('team_id').notNull().references(() => teams.id),
}, (t) => [primaryKey({ columns: [t.shiftId, t.teamId] })]);
