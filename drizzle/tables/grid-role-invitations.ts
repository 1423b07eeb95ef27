import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { grids } from './grids';
import { accounts } from './accounts';

/**
 * A grid role offered to whoever signs in with a mobile and types the code: how grid leaders and
 * staff make grid workers without learning whether the mobile has an account (the offer is made
 * the same way either way; the person signs up first if need be). Only the code's SHA-256 is kept.
 */
export const gridRoleInvitations = pgTable('grid_role_invitations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  role: roleEnum('role').notNull(),
  mobile: text('mobile').notNull(),
  codeHash: text('code_hash').notNull(),
  invitedBy: integer('invited_by').notNull().references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedBy: integer('accepted_by').references(() => accounts.id),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('grid_role_invitations_code_unique').on(t.codeHash),
  index('grid_role_invitations_grid_idx').on(t.gridId),
  check('grid_role_invitations_role', sql`${t.role}::text in ('GRID_WORKER', 'GRID_LEADER')`),
  check('grid_role_invitations_accepted', sql`(${t.acceptedBy} is null) = (${t.acceptedAt} is null)`),
]);
