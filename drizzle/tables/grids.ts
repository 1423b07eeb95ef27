import { sql } from 'drizzle-orm';
import { date, integer, pgTable, text, time, timestamp, index, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ltree } from './custom-types';
import { gridLevelEnum, zoneLevelEnum } from './enums';
import { organizations } from './organizations';
import { volunteers } from './volunteers';
import { accounts } from './accounts';
import { teams } from './teams';

export const grids = pgTable('grids', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  level: gridLevelEnum('level').notNull(),
  parentId: integer('parent_id').references((): AnyPgColumn => grids.id),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  /** Ids from the top grid down to this one; maintained by a trigger. */
  path: ltree('path').notNull().default(sql`''`),
  zone: zoneLevelEnum('zone').notNull().default('NORMAL'),
  leaderVolunteerId: integer('leader_volunteer_id').references((): AnyPgColumn => volunteers.id),
  /**
   * Service requests collected before this time (Asia/Shanghai) are planned for the next day, later
   * ones for the day after; null inherits the nearest grid above that sets one (17:00 at the top).
   */
  requestCutoff: time('request_cutoff'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('grids_path_gist').using('gist', t.path),
  index('grids_parent_idx').on(t.parentId),
  index('grids_org_idx').on(t.organizationId),
  index('grids_leader_idx').on(t.leaderVolunteerId),
]);

/** Every zone change, with who made it and when (封控区 → 管控区 → 防范区). */
export const zoneChanges = pgTable('zone_changes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  zone: zoneLevelEnum('zone').notNull(),
  changedBy: integer('changed_by').references(() => accounts.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('zone_changes_grid_idx').on(t.gridId, t.changedAt)]);

/** A team serving a grid for a period (驰援); ends_on is inclusive, null while open-ended. */
export const deployments = pgTable('deployments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  teamId: integer('team_id').notNull().references(() => teams.id),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('deployments_grid_idx').on(t.gridId),
  index('deployments_team_idx').on(t.teamId),
  check('deployments_period_check', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
]);
