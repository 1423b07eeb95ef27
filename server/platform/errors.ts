import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';

/** The only codes a client ever sees (DEVELOPERS.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL';

/** `reason`, when given, is one of the machine reasons listed in docs/errors.md. */
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

/** Why a request was refused for its size rather than its data (`extensions.reason`). */
export type QueryLimitReason = 'QUERY_TOO_COSTLY' | 'QUERY_TIMEOUT' | 'RESPONSE_TOO_LARGE';

/**
 * The request asked for more than the server gives one request: BAD_USER_INPUT about the
 * document itself (`field: 'query'`), with the limit it hit so a client can ask for less.
 */
export class QueryLimitError extends GraphQLError {
  constructor(message: string, reason: QueryLimitReason, limit: Record<string, number>) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field: 'query', reason, ...limit } });
  }
}

const KNOWN = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
/** Errors about the request itself (syntax, validation, limits) rather than its data. */
const REQUEST_SHAPE = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  // Automatic persisted queries: clients retry with the full query on the message 'PersistedQueryNotFound', which is kept.
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);
/**
 * Apollo's request-shape errors that carry no code, only an HTTP 4xx status: what each is about.
 * Any other uncoded 4xx from Apollo is still bad input, about the request as a whole.
 */
const UNCODED_REQUEST_ERRORS: Record<string, { field: string; reason: string }> = {
  'provided sha does not match query': { field: 'extensions.persistedQuery.sha256Hash', reason: 'PERSISTED_QUERY_HASH_MISMATCH' },
  'Unsupported persisted query version': { field: 'extensions.persistedQuery.version', reason: 'PERSISTED_QUERY_VERSION_UNSUPPORTED' },
};
/** A statement PostgreSQL cancelled: with the pool's statement_timeout, the request ran out of time. */
const QUERY_CANCELED = '57014';

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
  /** The configured deadline, named in the error when PostgreSQL cancels a statement for it. */
  queryTimeoutMs?: number;
}

/** The error a request gets when it runs past its deadline (see platform/deadline.ts). */
export function queryTimeout(queryTimeoutMs: number | undefined): QueryLimitError {
  const limit = queryTimeoutMs ? ` of ${queryTimeoutMs} ms` : '';
  return new QueryLimitError(`The query ran past its time limit${limit}; ask for less (fewer nested lists, smaller first).`,
    'QUERY_TIMEOUT', queryTimeoutMs ? { queryTimeoutMs } : {});
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
  const uncoded = uncodedRequestError(error);
  if (uncoded) return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT', ...uncoded } };
  const pgCode = (original as { code?: string } | undefined)?.code;
  if (pgCode === QUERY_CANCELED) {
    const { message, extensions } = queryTimeout(options.queryTimeoutMs);
    return { message, path: formatted.path, extensions };
  }
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

/**
 * Apollo answers a few malformed requests (an automatic persisted query whose hash does not match,
 * an unknown persisted query version) with an uncoded GraphQLError carrying only an HTTP 4xx:
 * bad input, not a failure of ours.
 */
function uncodedRequestError(error: unknown): { field: string; reason: string } | undefined {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions?.code) return undefined;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (!status || status < 400 || status >= 500) return undefined;
  return UNCODED_REQUEST_ERRORS[error.message] ?? { field: 'query', reason: 'BAD_REQUEST' };
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
