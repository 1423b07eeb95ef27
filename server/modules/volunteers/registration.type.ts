import { Field, ObjectType } from 'type-graphql';

@ObjectType('RegistrationDifference', {
  description: 'Something a row says that the record of the person it matched does not. A row only adds: skills the person lacks, Party membership, another home grid or mobile, an ID number where none is stored.',
})
export class RegistrationDifference {
  @Field(() => String, { description: 'mobile, idNumber, partyMember, skills (those to add, comma-separated) or homeGridId.' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'On record, as you may read it (a mobile masked unless you administer the registering organization); null when none, or not yours to see.' })
  current!: string | null;

  @Field(() => String, { description: 'What the row gives (normalized; an ID number masked).' })
  given!: string;

  @Field(() => Boolean, { description: 'Whether the record now says it.' })
  applied!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was not applied: UPDATE_NOT_REQUESTED (pass update: true), NOT_HELD (the organization does not hold the person yet), NOT_REGISTRAR (only admins of the registering organization change a mobile), HAS_ACCOUNT (the person signs in with their mobile and changes it themself), MOBILE_IN_USE (another row of the request holds it), SAME_AS_ROW (only the first row naming a person changes their record).',
  })
  reason!: string | null;
}
