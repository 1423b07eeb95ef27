import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { DateRangeInput, PageInfo } from '../../platform/graphql-types';
import { DateScalar } from '../../platform/scalars';
import { listCap, pricedByParent } from '../../platform/list-caps';
import { MAX_ELIGIBLE_TEAMS } from './shift.validation';

/** Shift.eligibleTeams: usually none or a couple; a shift is created with at most MAX_ELIGIBLE_TEAMS. */
export const ELIGIBLE_TEAMS = listCap(MAX_ELIGIBLE_TEAMS, 2);

export const DUTY_TYPES = [
  'NUCLEIC_ACID_SAMPLING', 'CHECKPOINT', 'SUPPLY_DELIVERY', 'DOOR_TO_DOOR', 'PUBLICITY', 'PATROL',
  'DISINFECTION', 'HOTLINE', 'ELDERLY_CARE', 'MEDIATION', 'OTHER',
  'HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT',
] as const;
export type DutyType = (typeof DUTY_TYPES)[number];
/** The duties of door-to-door runs: a completed service request credits its kind. */
const RUN = 'A door-to-door run (service request) of this kind; completed runs credit it.';
export const DutyType = defineEnum('DutyType', DUTY_TYPES, {
  HOME_DELIVERY: `Supplies carried to the door (送货上门). ${RUN}`,
  MEDICINE_RUN: `Medicine fetched for a resident (代购药品). ${RUN}`,
  MEAL_DELIVERY: `A meal brought to the door (送餐). ${RUN}`,
  HOME_SAMPLING: `Nucleic-acid sampling at the door (上门采样). ${RUN}`,
  RUBBISH_COLLECTION: `Rubbish collected from a quarantined home (垃圾清运). ${RUN}`,
  HOME_VISIT: `A visit (上门探访). ${RUN}`,
});

export const SHIFT_STATUSES = ['OPEN', 'CANCELLED'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];
export const ShiftStatus = defineEnum('ShiftStatus', SHIFT_STATUSES);

/** grid, waitlisted, eligibleTeams, roster and checkInCode are field resolvers. */
@ObjectType('Shift', { implements: Node })
export class Shift extends Node {
  @Field(() => String)
  title!: string;

  @Field(() => DutyType)
  duty!: DutyType;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int, { description: 'Assignments holding a seat: ASSIGNED, CHECKED_IN or COMPLETED.' })
  filled!: number;

  @Field(() => [String])
  requiredSkills!: string[];

  @Field(() => Boolean, { description: 'A Party-member demonstration post (党员示范岗): at least one seated volunteer must be a Party member.' })
  requiresPartyMember!: boolean;

  @Field(() => ShiftStatus)
  status!: ShiftStatus;

  @Field(() => String, { nullable: true, description: 'Why the shift was cancelled, when it was and a reason was given.' })
  cancelReason!: string | null;
}

export interface ShiftRow {
  id: number;
  gridId: number;
  title: string;
  duty: DutyType;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  filled: number;
  partySeated: number;
  requiredSkills: string[];
  requiresPartyMember: boolean;
  status: ShiftStatus;
  cancelReason: string | null;
  checkInCode: string;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

@ObjectType('ShiftEdge')
export class ShiftEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Shift)
  node!: unknown;
}

@ObjectType('ShiftConnection')
export class ShiftConnection {
  @Field(() => [ShiftEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType('ShiftFilter')
export class ShiftFilter {
  @Field(() => ID, { nullable: true, description: 'Shifts of this grid and every grid below it.' })
  gridId?: string | null;

  @Field(() => DateRangeInput, { nullable: true })
  range?: DateRangeInput | null;

  @Field(() => DutyType, { nullable: true })
  duty?: DutyType | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only shifts with a free seat.' })
  openSeatsOnly?: boolean | null;
}

@InputType('ShiftInput')
export class ShiftInput {
  @Field(() => String)
  title!: string;

  @Field(() => DutyType)
  duty!: DutyType;

  @Field(() => ID)
  gridId!: string;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Int)
  capacity!: number;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  requiredSkills?: string[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  requiresPartyMember?: boolean | null;

  @Field(() => [ID], { nullable: true, defaultValue: [] })
  eligibleTeamIds?: string[] | null;
}

@InputType('ShiftRotationInput')
export class ShiftRotationInput {
  @Field(() => ShiftInput, { description: 'Template for every shift of the rotation; its startsAt/endsAt are ignored.' })
  template!: ShiftInput;

  @Field(() => DateScalar, { description: 'First day, Asia/Shanghai.' })
  startDate!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => Int, { description: 'Shifts per day covering 24 hours back to back, e.g. 4 for a 24-hour post in four shifts (4班倒).' })
  shiftsPerDay!: number;

  @Field(() => String, { nullable: true, defaultValue: '00:00', description: 'Time of day the first shift starts, HH:MM in Asia/Shanghai.' })
  dayStartsAt?: string | null;
}

@InputType('ShiftChangesInput', { description: 'What updateShift changes; a field left out (or null) stays as it is.' })
export class ShiftChangesInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => DutyType, { nullable: true })
  duty?: DutyType | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears the location.' })
  location?: string | null;

  @Field(() => Date, { nullable: true, description: 'Times change only before the shift starts and before anyone checks in.' })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Never below the seats already held; a raise promotes from the waitlist at once.' })
  capacity?: number | null;

  @Field(() => [String], { nullable: true, description: 'Applies to the next seat taken; who is seated stays.' })
  requiredSkills?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  requiresPartyMember?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the eligible teams you can see; teams you cannot see are kept.' })
  eligibleTeamIds?: string[] | null;
}
