import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { DateRangeInput, PageInfo } from '../../platform/graphql-types';
import { DateScalar } from '../../platform/scalars';
import { pricedByParent } from '../../platform/list-caps';

export const CORRECTION_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const HoursCorrectionStatus = defineEnum('HoursCorrectionStatus', CORRECTION_STATUSES);

/**
 * A volunteer's request to correct their own hours. volunteer, assignment, recordedHours and
 * adjustment are field resolvers.
 */
@ObjectType('HoursCorrectionRequest', { implements: Node })
export class HoursCorrectionRequest extends Node {
  @Field(() => DateScalar, { nullable: true, description: 'First day of the period asked about (when not about one assignment).' })
  periodFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the period, inclusive.' })
  periodTo!: string | null;

  @Field(() => Float, { description: 'The hours the volunteer believes are right for the assignment or the period.' })
  claimedHours!: number;

  @Field(() => String)
  reason!: string;

  @Field(() => HoursCorrectionStatus)
  status!: CorrectionStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The rejection's reason, or the approver's note." })
  decisionNote!: string | null;
}

export interface CorrectionRequestRow {
  id: number;
  volunteerId: number;
  assignmentId: number | null;
  periodFrom: string | null;
  periodTo: string | null;
  claimedHours: number;
  reason: string;
  status: CorrectionStatus;
  createdBy: number | null;
  createdAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

@InputType('HoursCorrectionRequestInput')
export class HoursCorrectionRequestInput {
  @Field(() => ID, { nullable: true, description: 'One of your assignments; or give period.' })
  assignmentId?: string | null;

  @Field(() => DateRangeInput, { nullable: true, description: 'A period of your service (both ends); or give assignmentId.' })
  period?: DateRangeInput | null;

  @Field(() => Float, { description: 'The hours you believe are right.' })
  hours!: number;

  @Field(() => String)
  reason!: string;
}

@ObjectType('HoursCorrectionRequestEdge')
export class HoursCorrectionRequestEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => HoursCorrectionRequest)
  node!: unknown;
}

@ObjectType('HoursCorrectionRequestConnection')
export class HoursCorrectionRequestConnection {
  @Field(() => [HoursCorrectionRequestEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
