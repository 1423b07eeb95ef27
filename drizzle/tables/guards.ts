import { bigint, integer, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';

/**
 * One row per counted attempt (a login, a sign-up, a code guess), kept for the longest window
 * that counts it. Counting in PostgreSQL makes a limit hold across every server instance.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** What is limited: 'login:account', 'login:address', 'signup:address', … */
  bucket: text('bucket').notNull(),
  /** Who is limited within the bucket: an account id, a client address, a mobile's hash. */
  key: text('key').notNull(),
  hitAt: timestamp('hit_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('rate_limit_hits_key_idx').on(t.bucket, t.key, t.hitAt)]);

/**
 * Short-lived secrets handed to a person to prove control (an activation code staff hand over,
 * an SMS code, a password reset). Only a salted hash is stored; a code is used at most once.
 */
export const oneTimeCodes = pgTable('one_time_codes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** What the code is for: 'ACTIVATION', 'SMS_ACTIVATION', 'SIGN_UP_CLAIM', 'PASSWORD_RESET', … */
  purpose: text('purpose').notNull(),
  /** The record the code is about (a volunteer, an account, a claim), by the purpose's own id space. */
  subjectId: integer('subject_id').notNull(),
  codeHash: text('code_hash').notNull(),
  salt: text('salt').notNull(),
  /** Wrong guesses against this code; it stops working at the limit. */
  attempts: integer('attempts').notNull().default(0),
  issuedBy: integer('issued_by'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('one_time_codes_subject_idx').on(t.purpose, t.subjectId)]);
