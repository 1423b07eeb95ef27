import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../node/node.type';
import { DateScalar } from '../../platform/scalars';
import { listCap } from '../../platform/list-caps';
import {
  DeliveryProof, RequestEventKind, RunFailureReason, ServiceRequestKind, ServiceRequestStatus, ServiceRunStatus, Urgency,
  type RequestEventKind as EventKind,
} from './request.enums';

/** A grid's queue for one day: a town's busiest day stays within a few thousand orders. */
export const REQUEST_QUEUE = listCap(2000, 20);
/** A request's runs: a handful of attempts at most. */
export const REQUEST_RUNS = listCap(50, 2);
/** A volunteer's runs for one day. */
export const MY_RUNS = listCap(200, 5);
/** Request numbers: one row per day of the range, a year at most. */
export const TALLY_DAYS = listCap(366, 31);
/** One building's open requests in a queue. */
export const BUILDING_REQUESTS = listCap(2000, 10);
/** dispatchBuilding: the building's open requests of a day sent at once. */
export const BUILDING_BATCH = listCap(500, 20);

export interface ServiceRequestRow {
  id: number;
  householdId: number;
  gridId: number;
  kind: ServiceRequestKind;
  urgency: Urgency;
  status: ServiceRequestStatus;
  details: string | null;
  items: string[];
  packagePrice: number | null;
  paid: boolean;
  people: number;
  requiredSkills: string[];
  plannedFor: string;
  startsAt: Date;
  endsAt: Date;
  exclusive: boolean;
  handoverCode: string;
  collectedAt: Date;
  cancelReason: string | null;
  gridPath: string;
  organizationPath: string;
  organizationKind: string;
}

export interface ServiceRunRow {
  id: number;
  requestId: number;
  volunteerId: number | null;
  teamId: number | null;
  status: ServiceRunStatus;
  exclusive: boolean;
  claimed: boolean;
  assignedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  failureReason: string | null;
  note: string | null;
  proof: string | null;
  codeFailures: number;
  hours: number | null;
}

/** id, grid, building, household, details, handoverCode and runs are field resolvers. */
@ObjectType('ServiceRequest', {
  implements: Node,
  description: "A resident's need recorded by a grid worker, planned for a day by the grid's cut-off. Its household's facts (and `details`) follow the household rule.",
})
export class ServiceRequest extends Node {
  @Field(() => ServiceRequestKind)
  kind!: ServiceRequestKind;

  @Field(() => Urgency)
  urgency!: Urgency;

  @Field(() => ServiceRequestStatus)
  status!: ServiceRequestStatus;

  @Field(() => [String], { description: 'What to bring (HOME_DELIVERY).' })
  items!: string[];

  @Field(() => Float, { nullable: true, description: 'A package price in yuan (the 30 / 50-yuan packages).' })
  packagePrice!: number | null;

  @Field(() => Boolean)
  paid!: boolean;

  @Field(() => Int, { description: 'Residents served when done (人次).' })
  people!: number;

  @Field(() => [String])
  requiredSkills!: string[];

  @Field(() => DateScalar, { description: 'The day it is planned for (Asia/Shanghai).' })
  plannedFor!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Boolean, { description: 'Whoever runs it may hold no other exclusive run at the same time.' })
  exclusive!: boolean;

  @Field(() => Date)
  collectedAt!: Date;

  @Field(() => String, { nullable: true })
  cancelReason!: string | null;
}

/** id, request, volunteer and team are field resolvers. */
@ObjectType('ServiceRun', { implements: Node, description: 'One attempt at a service request; a request keeps every attempt as its history.' })
export class ServiceRun extends Node {
  @Field(() => ServiceRunStatus)
  status!: ServiceRunStatus;

  @Field(() => Boolean, { description: 'Taken by the volunteer (claimServiceRequest) rather than dispatched.' })
  claimed!: boolean;

  @Field(() => Date)
  assignedAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => RunFailureReason, { nullable: true })
  failureReason!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => DeliveryProof, { nullable: true })
  proof!: string | null;

  @Field(() => Float, { nullable: true, description: 'Credited hours once DONE (in the same ledger as shifts).' })
  hours!: number | null;
}

/** building is a field resolver. */
@ObjectType('RequestBuilding', { description: "One building's (or sub-grid's) open requests of a day, most urgent first." })
export class RequestBuilding {
  buildingId!: number;

  /** Exposed through RequestBuildingResolver.requests (capped by `first`). */
  requests!: ServiceRequestRow[];
}

@ObjectType('RequestDayTally', { description: "A grid's (and its subtree's) service requests planned for one day." })
export class RequestDayTally {
  @Field(() => DateScalar)
  day!: string;

  @Field(() => Int, { description: 'Requests planned for the day (not cancelled).' })
  requests!: number;

  @Field(() => Int)
  done!: number;

  @Field(() => Int, { description: 'Failed runs (a request may fail and then be done).' })
  failed!: number;

  @Field(() => Int, { description: 'Residents served by the requests done (人次).' })
  peopleServed!: number;
}

export interface RequestEventRow {
  position: number;
  tick: number;
  kind: EventKind;
  requestId: number;
  runId: number | null;
  at: Date;
}

/** cursor, request and run are field resolvers. */
@ObjectType('RequestEvent', { description: 'A change of a service request, on the same log and in the same order as roster events.' })
export class RequestEvent {
  @Field(() => RequestEventKind)
  kind!: EventKind;

  @Field(() => Date)
  at!: Date;
}
