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

/** Every organization that registered (or was signed up with) the volunteer. */
export const volunteerAffiliations = pgTable('volunteer_affiliations', {
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.volunteerId, t.organizationId] }), index('volunteer_affiliations_org_idx').on(t.organizationId)]);
