import { Field, InputType, ObjectType } from 'type-graphql';
import { DateScalar } from './scalars';

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Inclusive calendar dates in Asia/Shanghai. */
@InputType('DateRangeInput')
export class DateRangeInput {
  @Field(() => DateScalar, { nullable: true, description: 'Inclusive, Asia/Shanghai.' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Inclusive, Asia/Shanghai.' })
  to?: string | null;
}
