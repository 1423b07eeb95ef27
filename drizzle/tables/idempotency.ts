import { integer, jsonb, pgTable, primaryKey, text, timestamp, index } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** One row per (account, key), written in the same transaction as the change it guards. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  accountId: integer('account_id').notNull().references(() => accounts.id),
  key: text('key').notNull(),
  operation: text('operation').notNull(),
  /** Hash of the operation's arguments: a replay with other arguments is a CONFLICT. */
  requestHash: text('request_hash').notNull(),
  result: jsonb('result').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.accountId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)]);
