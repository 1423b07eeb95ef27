import type { GraphQLFormattedError } from 'graphql';

/** The `extensions.code` values the API answers with (docs/errors.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL';

/**
 * An operation the API refused or failed: the first error's `code`, `field` and `reason`
 * (extensions.code, .field, .reason), and every error as answered.
 */
export class GridrosterError extends Error {
  override readonly name = 'GridrosterError';
  readonly code: ErrorCode | string;
  /** The input field at fault, for BAD_USER_INPUT (e.g. `volunteers.3.mobile`, `organizationId`). */
  readonly field: string | null;
  /** A machine reason within the code (e.g. RATE_LIMITED, QUERY_TOO_COSTLY); null when none. */
  readonly reason: string | null;
  /** The error id an INTERNAL answer carries (it is in the server's log). */
  readonly errorId: string | null;

  constructor(readonly errors: readonly GraphQLFormattedError[], readonly status?: number) {
    const first = errors[0];
    super(first?.message ?? 'The server answered with no data.');
    const ext = (first?.extensions ?? {}) as Record<string, unknown>;
    this.code = typeof ext.code === 'string' ? ext.code : 'INTERNAL';
    this.field = typeof ext.field === 'string' ? ext.field : null;
    this.reason = typeof ext.reason === 'string' ? ext.reason : null;
    this.errorId = typeof ext.errorId === 'string' ? ext.errorId : null;
  }

  /** Whether another attempt may succeed without changing the request (a rate limit, a conflict, a passing failure). */
  get retryable(): boolean {
    return this.reason === 'RATE_LIMITED' || this.code === 'CONFLICT' || this.code === 'INTERNAL';
  }
}

/** The server could not be reached, or answered something that is not GraphQL (a proxy's error page). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code = 'NETWORK';

  constructor(message: string, readonly status: number | null, options?: { cause?: unknown }) {
    super(message, options);
  }
}
