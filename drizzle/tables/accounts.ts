import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { organizations } from './organizations';
import { volunteers } from './volunteers';
import { grids } from './grids';

export const accounts = pgTable('accounts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  mobile: text('mobile').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  volunteerId: integer('volunteer_id').unique().references(() => volunteers.id),
  /** Raised by logout, a password change or reset: tokens naming an older version are refused. */
  tokenVersion: integer('token_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const roleGrants = pgTable('role_grants', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  accountId: integer('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  role: roleEnum('role').notNull(),
  /** Null only for PLATFORM_ADMIN, VOLUNTEER and the grid roles. */
  organizationId: integer('organization_id').references(() => organizations.id),
  /** GRID_WORKER and GRID_LEADER only: the grid (and everything below it) the role covers. */
  gridId: integer('grid_id').references((): AnyPgColumn => grids.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('role_grants_unique').on(t.accountId, t.role, t.organizationId, t.gridId).nullsNotDistinct(),
  // role::text: the grid roles are new enum values, unusable as literals in the migration that adds them.
  check('role_grants_grid_scope', sql`(${t.role}::text in ('GRID_WORKER', 'GRID_LEADER')) = (${t.gridId} is not null)
    and (${t.gridId} is null or ${t.organizationId} is null)`),
  index('role_grants_grid_idx').on(t.gridId),
]);
