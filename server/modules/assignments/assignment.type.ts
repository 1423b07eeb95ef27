import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';
import { PageInfo } from '../../platform/graphql-types';
import { listCap, pricedByParent } from '../../platform/list-caps';

/**
 * Shift.roster: the seats (capacity is at most 1,000, see shift.validation.ts) and the waitlist;
 * a checkpoint shift holds a handful, a sampling site some dozens.
 */
export const SHIFT_ROSTER = listCap(2000, 20);

export const ASSIGNMENT_STATUSES = ['ASSIGNED', 'WAITLISTED', 'CHECKED_IN', 'COMPLETED', 'NO_SHOW', 'CANCELLED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const AssignmentStatus = defineEnum('AssignmentStatus', ASSIGNMENT_STATUSES);

/** Statuses that hold a seat. */
export const SEATED: readonly AssignmentStatus[] = ['ASSIGNED', 'CHECKED_IN', 'COMPLETED'];

/** shift, volunteer and waitlistPosition are field resolvers. */
@ObjectType('Assignment', { implements: Node })
export class Assignment extends Node {
  @Field(() => AssignmentStatus)
  status!: AssignmentStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  checkedInAt!: Date | null;

  @Field(() => Date, { nullable: true })
  checkedOutAt!: Date | null;

  @Field(() => Float, { nullable: true, description: 'Hours credited by this assignment once COMPLETED.' })
  hours!: number | null;
}

export interface AssignmentRow {
  id: number;
  shiftId: number;
  volunteerId: number;
  status: AssignmentStatus;
  waitlistSeq: number | null;
  createdBy: number | null;
  createdAt: Date;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  hours: number | null;
}

@ObjectType('AssignmentEdge')
export class AssignmentEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Assignment)
  node!: unknown;
}

@ObjectType('AssignmentConnection')
export class AssignmentConnection {
  @Field(() => [AssignmentEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
