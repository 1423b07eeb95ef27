import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { performance } from 'node:perf_hooks';
import { queryTimeout } from './errors';

/** What the deadline check reads from a request's context. */
export interface DeadlineContext {
  /** `performance.now()` past which no further field is resolved. */
  deadline?: number;
  /** The configured time limit, for the error message. */
  queryTimeoutMs?: number;
}

/** The deadline of a request starting now. */
export function deadlineIn(ms: number): number {
  return performance.now() + ms;
}

/**
 * Wraps every field resolver of the schema with a synchronous deadline check, so a query or
 * mutation past its deadline stops resolving fields (and so stops sending SQL; the statement
 * already running is bounded by the pool's statement_timeout). A type-graphql global middleware
 * would do the same but turns every scalar field into a promise; this wrapper stays synchronous.
 * Subscriptions are exempt: their context lives as long as the socket, and each event is a fresh,
 * bounded read. Call once per schema object.
 */
export function enforceDeadlines(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: DeadlineContext | undefined, info) => {
        const deadline = context?.deadline;
        if (deadline !== undefined && info.operation.operation !== 'subscription' && performance.now() >= deadline) {
          throw queryTimeout(context?.queryTimeoutMs);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
