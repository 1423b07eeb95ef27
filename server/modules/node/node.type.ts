import { Field, ID, InterfaceType } from 'type-graphql';

/** Rows handed to `node` carry `__typename` so the interface can resolve their type. */
@InterfaceType('Node', { resolveType: (value: { __typename?: string }) => value.__typename })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
