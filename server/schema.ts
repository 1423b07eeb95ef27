import 'reflect-metadata';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateScalar, DateTimeScalar } from './platform/scalars';
import { NodeResolver } from './modules/node/node.resolver';
import { AccountResolver, RoleGrantResolver } from './modules/auth/auth.resolver';
import { OrganizationResolver } from './modules/organizations/organization.resolver';

/** Every resolver class; a module adds its own here. */
const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  AccountResolver,
  RoleGrantResolver,
  OrganizationResolver,
];

let cached: Promise<GraphQLSchema> | undefined;

export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    orphanedTypes: [],
    validate: false,
  }).then((schema) => lexicographicSortSchema(schema));
  return cached;
}

/** The SDL checked in at schema/schema.graphql. */
export async function printAppSchema(): Promise<string> {
  return printSchema(await buildAppSchema()) + '\n';
}

export { DateScalar };
