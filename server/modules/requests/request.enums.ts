import { defineEnum } from '../../platform/enum';

export const HOUSEHOLD_NEEDS = ['LIVING_ALONE', 'ELDERLY', 'DISABLED', 'PREGNANT', 'CHRONIC_ILLNESS', 'UNDER_QUARANTINE'] as const;
export type HouseholdNeed = (typeof HOUSEHOLD_NEEDS)[number];
export const HouseholdNeed = defineEnum('HouseholdNeed', HOUSEHOLD_NEEDS, {
  LIVING_ALONE: '独居', ELDERLY: '高龄老人', DISABLED: '残疾', PREGNANT: '孕妇', CHRONIC_ILLNESS: '慢性病', UNDER_QUARANTINE: '居家隔离',
});

/** Named as the duty a completed run credits (DutyType has the same values). */
export const REQUEST_KINDS = ['HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT'] as const;
export type ServiceRequestKind = (typeof REQUEST_KINDS)[number];
export const ServiceRequestKind = defineEnum('ServiceRequestKind', REQUEST_KINDS, {
  HOME_DELIVERY: 'Supplies carried to the door (items, a package price, paid or not).',
  MEDICINE_RUN: 'Medicine fetched for the household.',
  MEAL_DELIVERY: 'A meal brought to the door.',
  HOME_SAMPLING: 'Nucleic-acid sampling at the door for people who cannot go out.',
  RUBBISH_COLLECTION: "Rubbish collected from a quarantined home.",
  HOME_VISIT: 'A visit.',
});

export const URGENCIES = ['ROUTINE', 'URGENT', 'EMERGENCY'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const Urgency = defineEnum('Urgency', URGENCIES, {
  EMERGENCY: 'Planned for the day it is recorded, whatever the cut-off.',
});

export const REQUEST_STATUSES = ['OPEN', 'ASSIGNED', 'EN_ROUTE', 'DONE', 'CANCELLED'] as const;
export type ServiceRequestStatus = (typeof REQUEST_STATUSES)[number];
export const ServiceRequestStatus = defineEnum('ServiceRequestStatus', REQUEST_STATUSES, {
  OPEN: 'In the queue: nobody holds it (again, after a failed or released run).',
});

export const RUN_STATUSES = ['ASSIGNED', 'EN_ROUTE', 'DONE', 'FAILED', 'RELEASED'] as const;
export type ServiceRunStatus = (typeof RUN_STATUSES)[number];
export const ServiceRunStatus = defineEnum('ServiceRunStatus', RUN_STATUSES, {
  RELEASED: 'Given back untried; the request went back to the queue.',
});

export const FAILURE_REASONS = ['NOBODY_HOME', 'REFUSED', 'WRONG_ADDRESS', 'OTHER'] as const;
export type RunFailureReason = (typeof FAILURE_REASONS)[number];
export const RunFailureReason = defineEnum('RunFailureReason', FAILURE_REASONS);

export const DELIVERY_PROOFS = ['HANDOVER_CODE', 'RESIDENT_CONFIRMATION'] as const;
export type DeliveryProof = (typeof DELIVERY_PROOFS)[number];
export const DeliveryProof = defineEnum('DeliveryProof', DELIVERY_PROOFS, {
  HANDOVER_CODE: 'The runner typed the code the resident holds.',
  RESIDENT_CONFIRMATION: 'A grid worker recorded that the resident confirmed.',
});

/** Service request events on the shared log (requestChanged). */
export const REQUEST_EVENT_KINDS = [
  'REQUEST_RECORDED', 'REQUEST_UPDATED', 'REQUEST_ASSIGNED', 'REQUEST_CLAIMED', 'REQUEST_EN_ROUTE', 'REQUEST_DONE',
  'REQUEST_FAILED', 'REQUEST_RELEASED', 'REQUEST_CANCELLED',
] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];
export const RequestEventKind = defineEnum('RequestEventKind', REQUEST_EVENT_KINDS);
