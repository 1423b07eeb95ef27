import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ServiceRequestKind, Urgency } from './request.enums';

@InputType('ServiceRequestInput')
export class ServiceRequestInput {
  @Field(() => ID)
  householdId!: string;

  @Field(() => ServiceRequestKind)
  kind!: ServiceRequestKind;

  @Field(() => Urgency, { nullable: true, defaultValue: 'ROUTINE' })
  urgency?: Urgency;

  @Field(() => String, { nullable: true, description: 'What is needed (the medicine, the meal): as sensitive as the household.' })
  details?: string | null;

  @Field(() => [String], { nullable: true, defaultValue: [] })
  items?: string[];

  @Field(() => Float, { nullable: true, description: 'A package price in yuan.' })
  packagePrice?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  paid?: boolean;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Residents to be served (1–50).' })
  people?: number;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Skills the runner needs (driving, medical).' })
  requiredSkills?: string[];

  @Field(() => String, { nullable: true, description: 'Start of the window on the planned day, HH:MM (default 08:00).' })
  windowFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'End of the window, HH:MM, up to 24:00 (default 20:00).' })
  windowTo?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Its runner may hold no other exclusive run at the same time.' })
  exclusive?: boolean;

  @Field(() => Date, { nullable: true, description: 'When the order was taken, for paper orders typed in later (at most two days ago); default now. The grid\'s cut-off applies to it.' })
  collectedAt?: Date | null;
}

@InputType('DispatchInput', { description: 'Exactly one of volunteerId and teamId.' })
export class DispatchInput {
  @Field(() => ID, { nullable: true })
  volunteerId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'The runner may hold no other exclusive run overlapping this one (PostgreSQL enforces it).' })
  exclusive?: boolean;
}
