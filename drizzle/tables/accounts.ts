import { integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { organizations } from './organizations';
import { volunteers } from './volunteers';

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
  /** Null only for PLATFORM_ADMIN and VOLUNTEER. */
  organizationId: integer('organization_id').references(() => organizations.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('role_grants_unique').on(t.accountId, t.role, t.organizationId).nullsNotDistinct()]);
