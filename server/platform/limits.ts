import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';

/** Parser token cap (Apollo `parseOptions.maxTokens`, and graphql-ws's own parse). */
export const MAX_TOKENS = 5000;
/** Request bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Query limits applied to HTTP and graphql-ws alike. The depth allows the deepest useful roster
 * query (shifts → edges → node → roster → volunteer → teams → team → organization).
 */
export function queryLimitRules(): ValidationRule[] {
  // Report through the validation context (a normal validation error) instead of throwing,
  // which graphql-js would surface as an internal error.
  const report = { propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)] };
  return [
    maxDepthRule({ n: 12, ignoreIntrospection: true, exposeLimits: true, ...report }),
    costLimitRule({ maxCost: 20000, ignoreIntrospection: true, exposeLimits: true, ...report }),
    // allowList: [] so aliased __typename counts too (armor lets it through by default).
    maxAliasesRule({ n: 30, allowList: [], exposeLimits: true, ...report }),
    maxDirectivesRule({ n: 50, exposeLimits: true, ...report }),
  ] as unknown as ValidationRule[];
}
