import { sql } from 'drizzle-orm';
import { bigint, integer, pgTable, timestamp, index } from 'drizzle-orm/pg-core';
import { xid8 } from './custom-types';
import { rosterEventKindEnum } from './enums';
import { shifts } from './shifts';
import { assignments } from './assignments';
import { accounts } from './accounts';

/**
 * Append-only log of roster changes, written in the same transaction as the change.
 * Readers order by (txid, id) and only read txids below the oldest running transaction
 * (pg_snapshot_xmin), so a cursor never skips an event that commits later.
 */
export const rosterEvents = pgTable('roster_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
  kind: rosterEventKindEnum('kind').notNull(),
  shiftId: integer('shift_id').notNull().references(() => shifts.id),
  assignmentId: integer('assignment_id').references(() => assignments.id),
  actorAccountId: integer('actor_account_id').references(() => accounts.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('roster_events_order_idx').on(t.txid, t.id), index('roster_events_shift_idx').on(t.shiftId)]);
