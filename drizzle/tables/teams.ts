import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { teamKindEnum, teamRoleEnum } from './enums';
import { organizations } from './organizations';
import { volunteers } from './volunteers';

export const teams = pgTable('teams', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  organizationId: integer('organization_id').notNull().references(() => organizations.id),
  name: text('name').notNull(),
  kind: teamKindEnum('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('teams_org_name_unique').on(t.organizationId, t.name)]);

/** Removing a member sets left_at; the row stays as history. */
export const teamMemberships = pgTable('team_memberships', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  teamId: integer('team_id').notNull().references(() => teams.id),
  volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
  role: teamRoleEnum('role').notNull().default('MEMBER'),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  leftAt: timestamp('left_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('team_memberships_active_unique').on(t.teamId, t.volunteerId).where(sql`left_at is null`),
  index('team_memberships_volunteer_idx').on(t.volunteerId),
  // A team's members past and present (team hours credit service during each membership).
  index('team_memberships_team_idx').on(t.teamId),
]);
