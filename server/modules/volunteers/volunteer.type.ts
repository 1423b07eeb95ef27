import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { PageInfo } from '../../platform/graphql-types';
import { defineEnum } from '../../platform/enum';
import { pricedByParent } from '../../platform/list-caps';
import { RegistrationDifference } from './registration.type';

export const VOLUNTEER_STATUSES = ['PENDING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VolunteerStatus = defineEnum('VolunteerStatus', VOLUNTEER_STATUSES, {
  PENDING: 'Signed up, waiting for an organization to approve.',
});

/**
 * A person who volunteers. Scalar fields come straight from VolunteerRow; mobile, idNumber,
 * registeredBy, homeGrid, teams, assignments and hours are field resolvers that apply masking
 * and confidentiality.
 */
@ObjectType('Volunteer', { implements: Node })
export class Volunteer extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  partyMember!: boolean;

  @Field(() => [String])
  skills!: string[];

  @Field(() => VolunteerStatus)
  status!: VolunteerStatus;
}

/** The volunteers table row as services hand it around (the ID number stays encrypted). */
export interface VolunteerRow {
  id: number;
  name: string;
  mobile: string;
  idNumberCipher: Buffer | null;
  idNumberHash: string | null;
  idNumberHint: string | null;
  partyMember: boolean;
  skills: string[];
  status: VolunteerStatus;
  registeredBy: number | null;
  homeGridId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

@ObjectType('VolunteerEdge')
export class VolunteerEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Volunteer)
  node!: unknown;
}

@ObjectType('VolunteerConnection')
export class VolunteerConnection {
  @Field(() => [VolunteerEdge], { complexity: pricedByParent })
  edges!: unknown[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType('VolunteerInput')
export class VolunteerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Mainland mobile number: 11 digits starting 1[3-9].' })
  mobile!: string;

  @Field(() => String, { nullable: true, description: '18-character resident ID; the GB 11643 check character is verified.' })
  idNumber?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  partyMember?: boolean | null;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  skills?: string[] | null;

  @Field(() => ID, { nullable: true })
  homeGridId?: string | null;
}

@InputType('SignUpInput')
export class SignUpInput {
  @Field(() => VolunteerInput)
  volunteer!: VolunteerInput;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  password!: string;

  @Field(() => Boolean, { description: 'Must be true: consent to the processing of the personal information given.' })
  consent!: boolean;
}

export const REGISTRATION_OUTCOMES = ['CREATED', 'AFFILIATED', 'ALREADY_REGISTERED', 'AWAITING_CONFIRMATION', 'SAME_AS_ROW', 'REJECTED', 'NOT_SAVED', 'CHECKED'] as const;
export const RegistrationOutcome = defineEnum('RegistrationOutcome', REGISTRATION_OUTCOMES, {
  CREATED: 'A new volunteer record was made and belongs to the organization.',
  AFFILIATED: 'The person was on record with an organization under this one and now belongs to this one too.',
  ALREADY_REGISTERED: 'The person already belongs to the organization; nothing changed.',
  AWAITING_CONFIRMATION: 'The person is on record elsewhere; they were asked to confirm joining. Until they do, the organization sees only its own row (`volunteer` is null).',
  SAME_AS_ROW: 'The same person as an earlier row of this request (`sameAsRow`).',
  REJECTED: 'The row was refused: see errorCode, errorField and message.',
  NOT_SAVED: 'The row was fine, but another row was rejected and the request was atomic.',
  CHECKED: 'Dry run: the row passed every check; nothing was saved and people on record were not looked up.',
});

@ObjectType('RegistrationResult')
export class RegistrationResult {
  @Field(() => Int, { description: 'Zero-based index of the row in the request.' })
  row!: number;

  @Field(() => RegistrationOutcome, { description: 'What happened to the row.' })
  outcome!: string;

  @Field(() => Int, { nullable: true, description: 'For SAME_AS_ROW: the earlier row naming the same person.' })
  sameAsRow!: number | null;

  @Field(() => Volunteer, { nullable: true })
  volunteer!: unknown;

  @Field(() => String, { nullable: true, description: 'Machine-readable code when the row was rejected: BAD_USER_INPUT or DUPLICATE.' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Field of the row that was rejected, e.g. mobile or idNumber.' })
  errorField!: string | null;

  @Field(() => String, { nullable: true, description: 'Why a row was rejected, for programs: NAME_INVALID, MOBILE_INVALID, ID_NUMBER_FORMAT, ID_NUMBER_BIRTH_DATE, ID_NUMBER_CHECK_CHARACTER, SKILLS_INVALID, GRID_NOT_USABLE, MOBILE_TAKEN, ID_NUMBER_TAKEN.' })
  errorReason!: string | null;

  @Field(() => String, { nullable: true, description: "What happened to the row, in the caller's language (Accept-Language; Chinese by default)." })
  message!: string | null;

  // At most a handful per row: registerVolunteers prices its rows, and this rides on them.
  @Field(() => [RegistrationDifference], { complexity: pricedByParent, description: 'For a matched person you may see: what the row says that their record does not, and whether it was applied (see update). Empty for everything else.' })
  differences!: RegistrationDifference[];
}

@ObjectType('RegisterVolunteersPayload')
export class RegisterVolunteersPayload {
  // One per row of the request (at most 1,000): registerVolunteers prices them by its rows.
  @Field(() => [RegistrationResult], { complexity: pricedByParent })
  results!: RegistrationResult[];

  @Field(() => Int, { description: 'Rows whose person now belongs to the organization (CREATED, AFFILIATED, ALREADY_REGISTERED, SAME_AS_ROW).' })
  registered!: number;

  @Field(() => Int, { description: 'Rows waiting for the person to confirm (AWAITING_CONFIRMATION).' })
  awaitingConfirmation!: number;

  @Field(() => Int)
  rejected!: number;
}
