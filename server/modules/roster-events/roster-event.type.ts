import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { defineEnum } from '../../platform/enum';

export const ROSTER_EVENT_KINDS = [
  'ASSIGNED', 'WAITLISTED', 'PROMOTED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW',
  'SHIFT_CREATED', 'SHIFT_UPDATED', 'SHIFT_CANCELLED',
] as const;
export type RosterEventKind = (typeof ROSTER_EVENT_KINDS)[number];
export const RosterEventKind = defineEnum('RosterEventKind', ROSTER_EVENT_KINDS, { PROMOTED: 'Moved from the waitlist to a seat.' });

/** cursor, shift and assignment are field resolvers. */
@ObjectType('RosterEvent')
export class RosterEvent {
  @Field(() => RosterEventKind)
  kind!: RosterEventKind;

  @Field(() => Date)
  at!: Date;
}

export interface RosterEventRow {
  /** The event's place in the log (roster_log), and the tick that gave it. */
  position: number;
  tick: number;
  id: number;
  /** xid8 as a decimal string: orders events within a tick. */
  txid: string;
  kind: RosterEventKind;
  shiftId: number;
  assignmentId: number | null;
  actorAccountId: number | null;
  at: Date;
}

@InputType('RosterFilter')
export class RosterFilter {
  @Field(() => ID, { nullable: true })
  shiftId?: string | null;

  @Field(() => ID, { nullable: true, description: 'This grid and every grid below it.' })
  gridId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true, description: "A volunteer's own assignments, and SHIFT_UPDATED / SHIFT_CANCELLED on shifts where they hold a place; a VOLUNTEER may pass only their own id." })
  volunteerId?: string | null;
}
