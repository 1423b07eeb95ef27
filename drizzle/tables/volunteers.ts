import { boolean, integer, pgTable, primaryKey, text, timestamp, index } from 'drizzle-orm/pg-core';
import { bytea } from './custom-types';
import { volunteerStatusEnum } from './enums';
import { organizations } from './organizations';
import { grids } from './grids';

export const volunteers = pgTable('volunteers', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  /** One person per mobile number platform-wide. */
  mobile: text('mobile').notNull().unique(),
  /** AES-256-GCM ciphertext (iv | tag | data) of the resident ID number; never stored in clear. */
  idNumberCipher: bytea('id_number_cipher'),
  /** Keyed HMAC-SHA256 of the ID number: uniqueness without the plaintext. */
  idNumberHash: text('id_number_hash').unique(),
  /** First 4 and last 4 characters, what a masked read shows. */
  idNumberHint: text('id_number_hint'),
  partyMember: boolean('party_member').notNull().default(false),
  skills: text('skills').array().notNull().default([]),
  status: volunteerStatusEnum('status').notNull().default('ACTIVE'),
  /** The organization that registered the person first. */
  registeredBy: integer('registered_by').references(() => organizations.id),
  homeGridId: integer('home_grid_id').references(() => grids.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('volunteers_name_trgm').using('gin', t.name.op('gin_trgm_ops'))]);

/**
 * Every organization that registered (or was signed up with) the volunteer. An affiliation made by
 * a registration that matched a person already known waits for that person's confirmation
 * (`confirmedAt` null): until then it gives the organization nothing but what it typed itself.
 */
export const volunteerAffiliations = pgTable('volunteer_affiliations', {
  /** Names a request in the API (AffiliationRequest); the pair below is the key. */
  id: integer('id').notNull().unique().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  /** The organization's own standing of the person; only a platform admin changes `volunteers.status`. */
  status: volunteerStatusEnum('status').notNull().default('ACTIVE'),
  /** When the person agreed (or the organization created the record); null while it waits for them. */
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  declinedAt: timestamp('declined_at', { withTimezone: true }),
  /** What the registrar typed: all the organization sees of a person who has not confirmed. */
  requestedName: text('requested_name'),
  requestedMobile: text('requested_mobile'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.volunteerId, t.organizationId] }), index('volunteer_affiliations_org_idx').on(t.organizationId)]);

/**
 * A sign-up that named a person already on record: nothing is linked until a code sent to the
 * record's own mobile comes back (confirmSignUp). The password the caller chose waits here, hashed.
 */
export const signUpClaims = pgTable('sign_up_claims', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  /** Null when the person already has an account: confirming then only adds the affiliation. */
  passwordHash: text('password_hash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
}, (t) => [index('sign_up_claims_volunteer_idx').on(t.volunteerId)]);
