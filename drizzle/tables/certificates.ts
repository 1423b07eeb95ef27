import { sql } from 'drizzle-orm';
import { check, date, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, index, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { volunteers } from './volunteers';
import { organizations } from './organizations';
import { accounts } from './accounts';

/**
 * A service certificate (志愿服务记录证明): an immutable snapshot of what was certified (`content`,
 * with its SHA-256 in `content_hash`). A trigger refuses any change but marking it superseded
 * once, by the certificate that reissued it.
 */
export const certificates = pgTable('certificates', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  /** Unique per issuing organization (and, since it starts with the organization's id, everywhere). */
  number: text('number').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  content: jsonb('content').notNull(),
  contentHash: text('content_hash').notNull(),
  /** Printed on the certificate; with the number it answers verifyCertificate. */
  verificationCode: text('verification_code').notNull(),
  issuedBy: integer('issued_by').references(() => accounts.id),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  supersededBy: integer('superseded_by').references((): AnyPgColumn => certificates.id),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
}, (t) => [
  unique('certificates_org_number').on(t.organizationId, t.number),
  unique('certificates_number').on(t.number),
  index('certificates_volunteer_idx').on(t.volunteerId, t.issuedAt),
  index('certificates_org_idx').on(t.organizationId, t.issuedAt),
  check('certificates_superseded', sql`(${t.supersededBy} is null) = (${t.supersededAt} is null)`),
]);

/** The last certificate number an organization gave out in a year; bumped under its row lock. */
export const certificateCounters = pgTable('certificate_counters', {
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  year: integer('year').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.organizationId, t.year] })]);

export const certificateRequestStatusEnum = pgEnum('certificate_request_status', ['PENDING', 'ISSUED', 'DECLINED']);

/** A volunteer asking one of their organizations for a certificate of a period. */
export const certificateRequests = pgTable('certificate_requests', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  status: certificateRequestStatusEnum('status').notNull().default('PENDING'),
  certificateId: integer('certificate_id').references(() => certificates.id),
  decidedBy: integer('decided_by').references(() => accounts.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('certificate_requests_org_idx').on(t.organizationId, t.createdAt),
  index('certificate_requests_volunteer_idx').on(t.volunteerId, t.createdAt),
  check('certificate_requests_period', sql`${t.periodTo} >= ${t.periodFrom}`),
  check('certificate_requests_issued', sql`(${t.status} = 'ISSUED') = (${t.certificateId} is not null)`),
]);
