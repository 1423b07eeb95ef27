import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstzrange } from './custom-types';
import {
  deliveryProofEnum, runFailureReasonEnum, serviceRequestKindEnum, serviceRequestStatusEnum, serviceRunStatusEnum, urgencyEnum,
} from './enums';
import { households } from './households';
import { grids } from './grids';
import { accounts } from './accounts';
import { volunteers } from './volunteers';
import { teams } from './teams';

/**
 * A resident's need recorded by a grid worker: planned for a day (the grid's cut-off decides which)
 * within a time window. Its status follows its runs (trigger service_runs_sync_request): OPEN while
 * nobody holds it, ASSIGNED / EN_ROUTE with its one active run, DONE, or CANCELLED by staff.
 */
export const serviceRequests = pgTable('service_requests', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  householdId: integer('household_id').notNull().references(() => households.id),
  /** The household's grid when recorded (scope, queues and tallies read it without the household). */
  gridId: integer('grid_id').notNull().references(() => grids.id),
  kind: serviceRequestKindEnum('kind').notNull(),
  urgency: urgencyEnum('urgency').notNull().default('ROUTINE'),
  status: serviceRequestStatusEnum('status').notNull().default('OPEN'),
  /** What is needed (the medicine, the meal): as sensitive as the household's own facts. */
  details: text('details'),
  items: text('items').array().notNull().default(sql`'{}'`),
  /** A package's price in yuan (the 30 / 50-yuan packages), and whether it is paid. */
  packagePrice: numeric('package_price', { precision: 8, scale: 2, mode: 'number' }),
  paid: boolean('paid').notNull().default(false),
  /** Residents served when done (人次 of residents). */
  people: integer('people').notNull().default(1),
  requiredSkills: text('required_skills').array().notNull().default(sql`'{}'`),
  plannedFor: date('planned_for', { mode: 'string' }).notNull(),
  /** The time window, [) like shifts; runs copy it (hours are clipped to it, overlaps judged on it). */
  period: tstzrange('period').notNull(),
  /** The coordinator's word: whoever runs it may hold no other exclusive run at the same time. */
  exclusive: boolean('exclusive').notNull().default(false),
  /** Six digits the resident hands over at the door; readable by the grid's staff only. */
  handoverCode: text('handover_code').notNull(),
  collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
  cancelReason: text('cancel_reason'),
  createdBy: integer('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('service_requests_grid_day_idx').on(t.gridId, t.plannedFor, t.status),
  index('service_requests_household_idx').on(t.householdId),
  index('service_requests_open_idx').on(t.plannedFor).where(sql`${t.status} = 'OPEN'`),
  check('service_requests_people', sql`${t.people} between 1 and 50`),
  check('service_requests_price', sql`${t.packagePrice} is null or ${t.packagePrice} between 0 and 100000`),
  check('service_requests_period', sql`not isempty(${t.period}) and upper(${t.period}) - lower(${t.period}) <= interval '24 hours'`),
  check('service_requests_cancelled', sql`(${t.status} = 'CANCELLED') = (${t.cancelReason} is not null)`),
]);

/**
 * One attempt at a request: a volunteer (or a team, until one of its members sets out) holds it
 * from ASSIGNED through EN_ROUTE to DONE or FAILED; RELEASED gives it back untried. Rows are never
 * deleted: a request's runs are its history. One active run per request is a unique index; an
 * exclusive run's period may not overlap another exclusive run of the same volunteer (exclusion
 * constraint, hand-written migration). DONE credits hours (trigger service_runs_credit).
 */
export const serviceRuns = pgTable('service_runs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  requestId: integer('request_id').notNull().references(() => serviceRequests.id),
  volunteerId: integer('volunteer_id').references(() => volunteers.id),
  teamId: integer('team_id').references(() => teams.id),
  status: serviceRunStatusEnum('status').notNull().default('ASSIGNED'),
  period: tstzrange('period').notNull(),
  exclusive: boolean('exclusive').notNull().default(false),
  /** Taken by the volunteer (claim) rather than given by a dispatcher. */
  claimed: boolean('claimed').notNull().default(false),
  assignedBy: integer('assigned_by').references(() => accounts.id),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  failureReason: runFailureReasonEnum('failure_reason'),
  note: text('note'),
  proof: deliveryProofEnum('proof'),
  /** Wrong hand-over codes typed on this run; at the limit only the resident's confirmation is left. */
  codeFailures: integer('code_failures').notNull().default(0),
  /** Set by the credit trigger when DONE, like an assignment's. */
  creditedMinutes: integer('credited_minutes'),
  hours: numeric('hours', { precision: 6, scale: 2, mode: 'number' }),
}, (t) => [
  uniqueIndex('service_runs_one_active').on(t.requestId).where(sql`${t.status} in ('ASSIGNED', 'EN_ROUTE')`),
  index('service_runs_request_idx').on(t.requestId),
  index('service_runs_volunteer_idx').on(t.volunteerId, t.status),
  index('service_runs_team_idx').on(t.teamId).where(sql`${t.status} in ('ASSIGNED', 'EN_ROUTE')`),
  check('service_runs_holder', sql`${t.volunteerId} is not null or ${t.teamId} is not null`),
  check('service_runs_runner', sql`${t.status} in ('ASSIGNED', 'RELEASED') or ${t.volunteerId} is not null`),
  check('service_runs_finished', sql`(${t.status} in ('ASSIGNED', 'EN_ROUTE')) = (${t.finishedAt} is null)`),
  check('service_runs_started', sql`${t.status} not in ('EN_ROUTE', 'DONE') or ${t.startedAt} is not null`),
  check('service_runs_proof', sql`(${t.status} = 'DONE') = (${t.proof} is not null)`),
  check('service_runs_failure', sql`(${t.status} = 'FAILED') = (${t.failureReason} is not null)`),
]);
