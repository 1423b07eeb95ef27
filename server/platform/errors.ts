import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import { currentLanguage, messageRef, translate, translator, type Language, type Message, type MessageKey, type MessageRef, type Translate } from './i18n';

/** The only codes a client ever sees (DEVELOPERS.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL';

/**
 * A GraphQLError whose message is a catalog message (server/i18n/*.json): its `message` is the
 * English text (what logs show); `formatError` renders `localized` in the request's language.
 */
export class LocalizedError extends GraphQLError {
  readonly localized: MessageRef;
  constructor(message: Message, extensions?: Record<string, unknown>) {
    super(translate('en', message), extensions ? { extensions } : {});
    this.localized = messageRef(message);
  }
}

/** `reason`, when given, is one of the machine reasons listed in docs/errors.md. */
export class BadUserInputError extends LocalizedError {
  constructor(message: Message, field: string, reason?: string) {
    super(message, { code: 'BAD_USER_INPUT', field, ...(reason ? { reason } : {}) });
  }
}
export class UnauthenticatedError extends LocalizedError {
  constructor(message: Message = 'auth.signInFirst') {
    super(message, { code: 'UNAUTHENTICATED' });
  }
}
export class ForbiddenError extends LocalizedError {
  constructor(message: Message = 'errors.forbidden', reason?: string) {
    super(message, { code: 'FORBIDDEN', ...(reason ? { reason } : {}) });
  }
}
/** The kinds of record a NOT_FOUND names: one `notFound.<kind>` message each. */
export type RecordKind = MessageKey extends infer K ? (K extends `notFound.${infer Kind}` ? Kind : never) : never;
/** Also what a record the viewer may not see looks like: never reveal that it exists. */
export class NotFoundError extends LocalizedError {
  constructor(what: RecordKind = 'Record') {
    super(`notFound.${what}` as MessageKey, { code: 'NOT_FOUND' });
  }
}
export class ConflictError extends LocalizedError {
  constructor(message: Message, reason?: string) {
    super(message, { code: 'CONFLICT', ...(reason ? { reason } : {}) });
  }
}

/** Why a request was refused for its size rather than its data (`extensions.reason`). */
export type QueryLimitReason = 'QUERY_TOO_COSTLY' | 'QUERY_TIMEOUT' | 'RESPONSE_TOO_LARGE';

/**
 * The request asked for more than the server gives one request: BAD_USER_INPUT about the
 * document itself (`field: 'query'`), with the limit it hit so a client can ask for less.
 */
export class QueryLimitError extends LocalizedError {
  constructor(message: Message, reason: QueryLimitReason, limit: Record<string, number>) {
    super(message, { code: 'BAD_USER_INPUT', field: 'query', reason, ...limit });
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
const PG_CONFLICTS: Record<string, MessageKey> = {
  '23505': 'errors.recordExists',
  '23P01': 'errors.seatOverlap',
  '40001': 'errors.concurrentChange',
  '40P01': 'errors.concurrentChange',
};
/** Apollo's markers that persisted-query clients match on: never reworded. */
const PROTOCOL_MESSAGES = new Set(['PersistedQueryNotFound', 'PersistedQueryNotSupported']);

export interface FormatOptions {
  logger: Logger;
  production: boolean;
  /** The configured deadline, named in the error when PostgreSQL cancels a statement for it. */
  queryTimeoutMs?: number;
  /** The language the client asked for; the HTTP request's (platform/i18n.ts) when not given. */
  language?: Language;
}

/** The error a request gets when it runs past its deadline (see platform/deadline.ts). */
export function queryTimeout(queryTimeoutMs: number | undefined): QueryLimitError {
  return queryTimeoutMs
    ? new QueryLimitError({ key: 'limits.queryTimeoutOf', params: { queryTimeoutMs } }, 'QUERY_TIMEOUT', { queryTimeoutMs })
    : new QueryLimitError('limits.queryTimeout', 'QUERY_TIMEOUT', {});
}

/**
 * The one place errors are shaped for clients, and put in the client's language. Typed errors pass
 * (their catalog message rendered); request-shape errors from graphql-js and Apollo become
 * BAD_USER_INPUT, led by a sentence in the client's language; everything else becomes an opaque
 * INTERNAL with a log line carrying an id the client can quote.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatOptions): GraphQLFormattedError {
  const t = translator(options.language ?? currentLanguage());
  const original = unwrap(error);
  const code = String(formatted.extensions?.code ?? '');
  if (KNOWN.has(code)) {
    const extensions = pick(formatted.extensions);
    if (code === 'BAD_USER_INPUT' && !extensions.field) extensions.field = variableName(formatted.message);
    return { message: typedMessage(formatted.message, original, t), locations: formatted.locations, path: formatted.path, extensions };
  }
  // graphql-js's own variable coercion errors carry no code when they come through graphql-ws
  // (Apollo tags them over HTTP): the same bad input, the same answer.
  if (!code && !formatted.path && /^Variable "\$\w+"/.test(formatted.message)) {
    const message = requestShapeMessage(formatted.message, original, t);
    return { message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field: variableName(formatted.message) ?? 'query' } };
  }
  if (REQUEST_SHAPE.has(code)) {
    const detail = options.production ? formatted.message.replace(/ Did you mean .*$/, '') : formatted.message;
    // BAD_USER_INPUT always names what was wrong: the variable when the message says, else the document itself.
    const field = variableName(formatted.message) ?? 'query';
    return { message: requestShapeMessage(detail, original, t, code), locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field, reason: code } };
  }
  const uncoded = uncodedRequestError(error);
  if (uncoded) return { message: t({ key: 'request.badRequest', params: { detail: formatted.message } }), extensions: { code: 'BAD_USER_INPUT', ...uncoded } };
  const pgCode = (original as { code?: string } | undefined)?.code;
  if (pgCode === QUERY_CANCELED) {
    const timeout = queryTimeout(options.queryTimeoutMs);
    return { message: t(timeout.localized), path: formatted.path, extensions: timeout.extensions };
  }
  if (pgCode && PG_CONFLICTS[pgCode]) {
    return { message: t(PG_CONFLICTS[pgCode]), path: formatted.path, extensions: { code: 'CONFLICT' } };
  }
  const errorId = randomUUID();
  options.logger.error({ errorId, err: original, path: formatted.path }, 'unexpected error');
  return { message: t({ key: 'errors.internal', params: { errorId } }), path: formatted.path, extensions: { code: 'INTERNAL', errorId } };
}

/** A typed error's message in the client's language; graphql-js's wrapping of one keeps its shape. */
function typedMessage(message: string, original: unknown, t: Translate): string {
  if (original instanceof LocalizedError && message === original.message) return t(original.localized);
  if (/^Variable "\$\w+"/.test(message)) return requestShapeMessage(message, original, t);
  return message;
}

/**
 * graphql-js and Apollo write their messages in English, with details (names, positions, values)
 * no catalog can hold: the leading sentence is ours, in the client's language, and their text is
 * kept after it — the same detail in every language. A typed error graphql-js wrapped (a scalar
 * refusing a variable's value) is rendered in the client's language inside that text.
 */
function requestShapeMessage(message: string, original: unknown, t: Translate, code = ''): string {
  if (PROTOCOL_MESSAGES.has(message)) return message;
  const ours = original instanceof LocalizedError && message.endsWith(original.message) ? original : undefined;
  const detail = ours ? message.slice(0, message.length - ours.message.length) + t(ours.localized) : message;
  return t({ key: leadFor(message, code), params: { detail } });
}

function leadFor(message: string, code: string): MessageKey {
  if (/^Variable "\$/.test(message)) return 'request.invalidVariable';
  if (code === 'GRAPHQL_PARSE_FAILED' || /^Syntax Error/.test(message)) return 'request.syntaxError';
  return code === 'BAD_REQUEST' ? 'request.badRequest' : 'request.invalidDocument';
}

/** A typed error's message in `language` (for answers written outside GraphQL: downloads). */
export function messageIn(error: LocalizedError, language: Language): string {
  return translate(language, error.localized);
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
