import { pgEnum } from 'drizzle-orm/pg-core';

// Enum values mirror the public contract (../shared/contract/core.graphql) one to one.
export const roleEnum = pgEnum('role', [
  'PLATFORM_ADMIN', 'ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER', 'VOLUNTEER', 'GRID_WORKER', 'GRID_LEADER',
]);
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
  // Door-to-door runs (service requests): a run's duty is its request's kind.
  'HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT',
]);
export const shiftStatusEnum = pgEnum('shift_status', ['OPEN', 'CANCELLED']);
export const assignmentStatusEnum = pgEnum('assignment_status', [
  'ASSIGNED', 'WAITLISTED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'CANCELLED',
]);
export const rosterEventKindEnum = pgEnum('roster_event_kind', [
  'ASSIGNED', 'WAITLISTED', 'PROMOTED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW',
  'SHIFT_CREATED', 'SHIFT_UPDATED', 'SHIFT_CANCELLED',
  // Service requests share the log (and its ticks): their events carry a request, never a shift.
  'REQUEST_RECORDED', 'REQUEST_UPDATED', 'REQUEST_ASSIGNED', 'REQUEST_CLAIMED', 'REQUEST_EN_ROUTE', 'REQUEST_DONE',
  'REQUEST_FAILED', 'REQUEST_RELEASED', 'REQUEST_CANCELLED',
]);
export const householdNeedEnum = pgEnum('household_need', [
  'LIVING_ALONE', 'ELDERLY', 'DISABLED', 'PREGNANT', 'CHRONIC_ILLNESS', 'UNDER_QUARANTINE',
]);
/** Named as the duty a completed run credits (duty_type has the same values). */
export const serviceRequestKindEnum = pgEnum('service_request_kind', [
  'HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT',
]);
export const urgencyEnum = pgEnum('urgency', ['ROUTINE', 'URGENT', 'EMERGENCY']);
export const serviceRequestStatusEnum = pgEnum('service_request_status', ['OPEN', 'ASSIGNED', 'EN_ROUTE', 'DONE', 'CANCELLED']);
export const serviceRunStatusEnum = pgEnum('service_run_status', ['ASSIGNED', 'EN_ROUTE', 'DONE', 'FAILED', 'RELEASED']);
export const runFailureReasonEnum = pgEnum('run_failure_reason', ['NOBODY_HOME', 'REFUSED', 'WRONG_ADDRESS', 'OTHER']);
export const deliveryProofEnum = pgEnum('delivery_proof', ['HANDOVER_CODE', 'RESIDENT_CONFIRMATION']);
