import { pgEnum } from 'drizzle-orm/pg-core';

// Enum values mirror the public contract (../shared/contract/core.graphql) one to one.
export const roleEnum = pgEnum('role', ['PLATFORM_ADMIN', 'ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER', 'VOLUNTEER']);
export const organizationKindEnum = pgEnum('organization_kind', [
  'PARTY_ORGANIZATION', 'CHAMBER_OF_COMMERCE', 'CORRECTION_OFFICE', 'COMMUNITY',
  'ENTERPRISE', 'PROPERTY_MANAGER', 'SOCIAL_ORGANIZATION', 'GOVERNMENT',
]);
export const teamKindEnum = pgEnum('team_kind', [
  'PARTY_BRANCH', 'CHAMBER_OF_COMMERCE', 'COMMUNITY_CORRECTION', 'GRID_SERVICE', 'WORKING_GROUP', 'RESCUE', 'OTHER',
]);
export const teamRoleEnum = pgEnum('team_role', ['LEADER', 'MEMBER']);
export const volunteerStatusEnum = pgEnum('volunteer_status', ['PENDING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED']);
export const gridLevelEnum = pgEnum('grid_level', ['TOWN', 'VILLAGE', 'GRID', 'SUB_GRID', 'BUILDING']);
export const zoneLevelEnum = pgEnum('zone_level', ['LOCKDOWN', 'CONTROL', 'PREVENTION', 'NORMAL']);
export const dutyTypeEnum = pgEnum('duty_type', [
  'NUCLEIC_ACID_SAMPLING', 'CHECKPOINT', 'SUPPLY_DELIVERY', 'DOOR_TO_DOOR', 'PUBLICITY', 'PATROL',
  'DISINFECTION', 'HOTLINE', 'ELDERLY_CARE', 'MEDIATION', 'OTHER',
]);
export const shiftStatusEnum = pgEnum('shift_status', ['OPEN', 'CANCELLED']);
export const assignmentStatusEnum = pgEnum('assignment_status', [
  'ASSIGNED', 'WAITLISTED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'CANCELLED',
]);
export const rosterEventKindEnum = pgEnum('roster_event_kind', [
  'ASSIGNED', 'WAITLISTED', 'PROMOTED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW',
  'SHIFT_CREATED', 'SHIFT_UPDATED', 'SHIFT_CANCELLED',
]);
