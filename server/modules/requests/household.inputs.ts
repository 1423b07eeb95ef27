import { Field, ID, InputType, Int } from 'type-graphql';
import { HouseholdNeed } from './request.enums';

@InputType('HouseholdInput')
export class HouseholdInput {
  @Field(() => ID, { description: 'The building or sub-grid the household lives in.' })
  gridId!: string;

  @Field(() => String, { description: 'Within the grid, e.g. 3单元502; unique per grid.' })
  address!: string;

  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: 'A mainland mobile or landline; shown masked to all but the grid workers and org admins.' })
  contactPhone?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  residentCount?: number;

  @Field(() => [HouseholdNeed], { nullable: true, defaultValue: [] })
  needs?: HouseholdNeed[];

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType('HouseholdPatch', { description: 'Fields to change; omitted ones stay.' })
export class HouseholdPatch {
  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => Int, { nullable: true })
  residentCount?: number | null;

  @Field(() => [HouseholdNeed], { nullable: true })
  needs?: HouseholdNeed[] | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
