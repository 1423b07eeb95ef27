import { Field, Int, ObjectType } from 'type-graphql';
import { defineEnum } from '../../platform/enum';
import { DateScalar } from '../../platform/scalars';

export const ROW_OUTCOMES = ['RECORDED', 'ALREADY_RECORDED', 'WOULD_RECORD', 'REJECTED', 'NOT_SAVED'] as const;
export const RequestRowOutcome = defineEnum('RequestRowOutcome', ROW_OUTCOMES, {
  RECORDED: 'Recorded now.',
  ALREADY_RECORDED: "Its order key was recorded before for the household: that request, nothing new.",
  WOULD_RECORD: 'Dry run: it would be recorded (planned for plannedFor).',
  REJECTED: 'Refused: errorCode, errorField, errorReason and message say why.',
  NOT_SAVED: 'Fine, but not saved: another row of the atomic batch was refused.',
});

/** request is a field resolver (null unless recorded and visible). */
@ObjectType('ServiceRequestRowResult', { description: 'What became of one row of recordServiceRequests.' })
export class ServiceRequestRowResult {
  @Field(() => Int, { description: 'The row, counted from 0 in the order given.' })
  row!: number;

  @Field(() => RequestRowOutcome)
  outcome!: string;

  @Field(() => DateScalar, { nullable: true, description: "The day it is (or would be) planned for, by the grid's cut-off." })
  plannedFor!: string | null;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  errorField!: string | null;

  @Field(() => String, { nullable: true })
  errorReason!: string | null;

  @Field(() => String, { nullable: true, description: "Why it was refused, in the caller's language." })
  message!: string | null;
}
