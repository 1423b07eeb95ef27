import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';

/** The only codes a client ever sees (DEVELOPERS.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL';

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field: string, reason?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field, ...(reason ? { reason } : {}) } });
  }
}
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Sign in first: no valid token was given.') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}
export class ForbiddenError extends GraphQLError {
  constructor(message = 'You may not do that.', reason?: string) {
    super(message, { extensions: { code: 'FORBIDDEN', ...(reason ? { reason } : {}) } });
  }
}
/** Also what a record the viewer may not see looks like: never reveal that it exists. */
export class NotFoundError extends GraphQLError {
  constructor(what = 'Record') {
    super(`${what} not found.`, { extensions: { code: 'NOT_FOUND' } });
  }
}
export class ConflictError extends GraphQLError {
  constructor(message: string, reason?: string) {
    super(message, { extensions: { code: 'CONFLICT', ...(reason ? { reason } : {}) } });
  }
}

const KNOWN = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
/** Errors about the request itself (syntax, validation, limits) rather than its data. */
const REQUEST_SHAPE = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/** PostgreSQL error codes that mean the request collided with an invariant, not a bug. */
const PG_CONFLICTS: Record<string, string> = {
  '23505': 'The record already exists.',
  '23P01': 'That would overlap an existing seat.',
  '40001': 'A concurrent change got there first; try again.',
  '40P01': 'A concurrent change got there first; try again.',
};

export interface FormatOptions {
  logger: Logger;
  production: boolean;
}

/**
 * The one place errors are shaped for clients. Typed errors pass; request-shape errors from
 * graphql-js and Apollo become BAD_USER_INPUT; everything else becomes an opaque INTERNAL
 * with a log line carrying an id the client can quote.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const original = unwrap(error);
  const code = String(formatted.extensions?.code ?? '');
  if (KNOWN.has(code)) {
    const extensions = pick(formatted.extensions);
    if (code === 'BAD_USER_INPUT' && !extensions.field) extensions.field = variableName(formatted.message);
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  // graphql-js's own variable coercion errors carry no code when they come through graphql-ws
  // (Apollo tags them over HTTP): the same bad input, the same answer.
  if (!code && !formatted.path && /^Variable "\$\w+"/.test(formatted.message)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field: variableName(formatted.message) ?? 'query' } };
  }
  if (REQUEST_SHAPE.has(code)) {
    const message = options.production ? formatted.message.replace(/ Did you mean .*$/, '') : formatted.message;
    // BAD_USER_INPUT always names what was wrong: the variable when the message says, else the document itself.
    const field = variableName(formatted.message) ?? 'query';
    return { message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field, reason: code } };
  }
  const pgCode = (original as { code?: string } | undefined)?.code;
  if (pgCode && PG_CONFLICTS[pgCode]) {
    return { message: PG_CONFLICTS[pgCode], path: formatted.path, extensions: { code: 'CONFLICT' } };
  }
  const errorId = randomUUID();
  options.logger.error({ errorId, err: original, path: formatted.path }, 'unexpected error');
  return { message: `Internal error (${errorId}).`, path: formatted.path, extensions: { code: 'INTERNAL', errorId } };
}

/**
 * The field a variable coercion error is about, as a path: graphql-js says
 * 'Variable "$input" got invalid value 1.5 at "input.capacity"; …' for a bad value and
 * '… at "input.l[0]"; Field "n" of required type "String!" was not provided.' for a missing one.
 */
function variableName(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const path = /got invalid value .*? at "([\w.[\]]+)";/.exec(message)?.[1] ?? variable;
  const missing = /; Field "(\w+)" of required type .* was not provided\.$/.exec(message)?.[1];
  return missing ? `${path}.${missing}` : path;
}

/** Down to the root cause: graphql-js wraps in originalError, drizzle in cause (DrizzleQueryError). */
function unwrap(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof GraphQLError && current.originalError) current = current.originalError;
    else if (current instanceof Error && current.cause && !(current as { code?: string }).code) current = current.cause;
    else break;
  }
  return current;
}

function pick(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { stacktrace: _drop, ...rest } = extensions ?? {};
  return rest;
}
