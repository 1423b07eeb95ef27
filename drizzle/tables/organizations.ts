import { sql } from 'drizzle-orm';
import { integer, numeric, pgTable, text, timestamp, index, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ltree } from './custom-types';
import { organizationKindEnum } from './enums';

export const organizations = pgTable('organizations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  kind: organizationKindEnum('kind').notNull(),
  parentId: integer('parent_id').references((): AnyPgColumn => organizations.id),
  /** Ids from the root down to this organization; maintained by a trigger. */
  path: ltree('path').notNull().default(sql`''`),
  /** Most seated hours a volunteer may hold in any rolling 24 hours on this organization's shifts. */
  restLimitHours: numeric('rest_limit_hours', { precision: 4, scale: 1, mode: 'number' }).notNull().default(12),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('organizations_path_gist').using('gist', t.path), index('organizations_parent_idx').on(t.parentId)]);
