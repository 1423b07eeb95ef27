import { Field, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { defineEnum } from '../../platform/enum';

export const AFFILIATION_REQUEST_STATUSES = ['AWAITING_CONFIRMATION', 'CONFIRMED', 'DECLINED'] as const;
export type AffiliationRequestStatus = (typeof AFFILIATION_REQUEST_STATUSES)[number];
export const AffiliationRequestStatus = defineEnum('AffiliationRequestStatus', AFFILIATION_REQUEST_STATUSES, {
  AWAITING_CONFIRMATION: 'The person has not answered yet; the organization sees only what it typed.',
  CONFIRMED: 'The person agreed to belong to the organization.',
  DECLINED: 'The person said no; registering them again asks again.',
});

/**
 * An organization's registration of someone already on record, waiting for that person's
 * answer. Its `name` and `mobile` are what the registrar typed, not the person's record.
 */
@ObjectType('AffiliationRequest', { implements: Node })
export class AffiliationRequest extends Node {}

export const ACTIVATION_DELIVERIES = ['HAND_OVER', 'SMS'] as const;
export const ActivationDelivery = defineEnum('ActivationDelivery', ACTIVATION_DELIVERIES, {
  HAND_OVER: 'The code is answered to the staff member, to hand to the person (on paper, in person).',
  SMS: "The code is sent to the record's own mobile; the answer says only where it went.",
});

@ObjectType('ActivationCode', { description: 'A one-time code that lets a person on record set up their own account (activateAccount).' })
export class ActivationCode {
  @Field(() => String, { nullable: true, description: 'The code to hand over; null when it went by SMS. Shown once.' })
  code!: string | null;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The masked mobile the SMS went to; null for a hand-over.' })
  sentTo!: string | null;
}
