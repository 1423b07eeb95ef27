import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { DateRangeInput } from '../../platform/graphql-types';
import { listCap } from '../../platform/list-caps';

/** Query.tally: groups of a report; a town's volunteers by name, or a year by day, fit well within the cap. */
export const TALLY_ROWS = listCap(5000, 50);

@ObjectType('HourTally')
export class HourTally {
  @Field(() => Float)
  hours!: number;

  @Field(() => Int, { description: 'Completed assignments counted (人次).' })
  personTimes!: number;

  @Field(() => Int, { description: 'Distinct volunteers counted.' })
  volunteers!: number;
}

export const TALLY_GROUP_BYS = ['VOLUNTEER', 'TEAM', 'ORGANIZATION', 'GRID', 'DUTY', 'DAY'] as const;
export type TallyGroupBy = (typeof TALLY_GROUP_BYS)[number];
export const TallyGroupBy = defineEnum('TallyGroupBy', TALLY_GROUP_BYS);

/** What a tally (and a per-volunteer export) counts: a period and scope filters. */
@InputType('VolunteerTotalsInput')
export class VolunteerTotalsInput {
  @Field(() => DateRangeInput, { nullable: true })
  range?: DateRangeInput | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: 'This grid and every grid below it.' })
  gridId?: string | null;
}

@InputType('TallyInput')
export class TallyInput extends VolunteerTotalsInput {
  @Field(() => TallyGroupBy)
  groupBy!: TallyGroupBy;
}

@ObjectType('TallyRow')
export class TallyRow {
  @Field(() => String, { description: "Id of the group's node (volunteer, team, organization, grid), the DutyType name, or the Date." })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  personTimes!: number;

  @Field(() => Int)
  volunteers!: number;
}

/** volunteer and assignment are field resolvers. */
@ObjectType('HourAdjustment', { implements: Node })
export class HourAdjustment extends Node {
  @Field(() => Float, { description: "Positive or negative hours added to the volunteer's tally." })
  hours!: number;

  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  createdAt!: Date;
}

export interface HourAdjustmentRow {
  id: number;
  volunteerId: number;
  hours: number;
  reason: string;
  assignmentId: number | null;
  createdBy: number | null;
  createdAt: Date;
  organizationId: number | null;
  correctionRequestId: number | null;
}
