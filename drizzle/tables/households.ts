import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { householdNeedEnum } from './enums';
import { grids } from './grids';
import { accounts } from './accounts';

/**
 * A household in the grid tree (a building or sub-grid holds them): residents, not volunteers.
 * Its contact and standing needs are sensitive personal information; who may read them is the
 * household rule in server/modules/visibility/households.ts.
 */
export const households = pgTable('households', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  gridId: integer('grid_id').notNull().references(() => grids.id),
  /** Within the grid, e.g. "3单元502"; normalized (NFKC, single spaces), unique per grid. */
  address: text('address').notNull(),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  residentCount: integer('resident_count').notNull().default(1),
  needs: householdNeedEnum('needs').array().notNull().default(sql`'{}'`),
  note: text('note'),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('households_grid_address_unique').on(t.gridId, t.address),
  index('households_grid_idx').on(t.gridId),
  check('households_resident_count', sql`${t.residentCount} between 1 and 50`),
]);
