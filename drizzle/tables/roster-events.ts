import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, timestamp, index } from 'drizzle-orm/pg-core';
import { pgSnapshot, xid8 } from './custom-types';
import { rosterEventKindEnum } from './enums';
import { shifts } from './shifts';
import { assignments } from './assignments';
import { accounts } from './accounts';
import { serviceRequests, serviceRuns } from './service-requests';

/**
 * Append-only log of roster changes, written in the same transaction as the change. Readers never
 * order by these columns: an event gets its place in the log (roster_log) from the tick that first
 * sees it committed.
 */
export const rosterEvents = pgTable('roster_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
  kind: rosterEventKindEnum('kind').notNull(),
  /** A roster event's shift; null for a service request's event (exactly one of the two is set). */
  shiftId: integer('shift_id').references(() => shifts.id),
  assignmentId: integer('assignment_id').references(() => assignments.id),
  requestId: integer('request_id').references(() => serviceRequests.id),
  runId: integer('run_id').references(() => serviceRuns.id),
  actorAccountId: integer('actor_account_id').references(() => accounts.id),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('roster_events_order_idx').on(t.txid, t.id),
  index('roster_events_shift_idx').on(t.shiftId),
  index('roster_events_request_idx').on(t.requestId),
  check('roster_events_subject', sql`num_nonnulls(${t.shiftId}, ${t.requestId}) = 1`),
]);

/**
 * A tick, as in PgQ: the snapshot the ticker saw. Its batch is every event committed in this
 * snapshot and not in the previous tick's, so a long transaction delays only its own events.
 * Ticks are taken one at a time under an advisory lock by `roster_tick()` (hand-written migration).
 */
export const rosterTicks = pgTable('roster_ticks', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  snapshot: pgSnapshot('snapshot').notNull(),
  /** The position of this tick's last event; positions run on without gaps from tick to tick. */
  lastPosition: bigint('last_position', { mode: 'number' }).notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The order of the roster log: each event's position, given once by the tick that first saw it
 * committed (within a tick, by (txid, id)). Cursors name (tick, position); every reader, live or
 * `rosterEvents`, reads `position > cursor` and so can never miss an event that commits late.
 */
export const rosterLog = pgTable('roster_log', {
  position: bigint('position', { mode: 'number' }).primaryKey(),
  tickId: bigint('tick_id', { mode: 'number' }).notNull().references(() => rosterTicks.id),
  eventId: bigint('event_id', { mode: 'number' }).notNull().unique().references(() => rosterEvents.id),
});
