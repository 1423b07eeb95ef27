import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { expect } from 'vitest';
import { GraphQLTestClient, type GraphQLResponse } from '../../support/client';

/** Records every response body a viewer receives, so a test can scan them all for leaks. */
export class RecordingClient extends GraphQLTestClient {
  readonly bodies: string[] = [];
  override async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>> {
    const result = await super.request(document, variables);
    this.bodies.push(JSON.stringify(result));
    return result;
  }
}

export const recording = (client: GraphQLTestClient) => new RecordingClient(client.url, client.token);

/** Everything a client learns from a response: status, data and the full error objects. */
export function answerOf(response: GraphQLResponse<unknown>) {
  return { status: response.status, data: response.data ?? null, errors: response.errors ?? [] };
}

/**
 * Sends the same document with the id of something hidden and with the id of something that does
 * not exist, and expects byte-for-byte the same answer (status, data, message, code, path).
 */
export async function expectSameAnswer<TData, TVars>(
  client: GraphQLTestClient, document: TypedDocumentNode<TData, TVars>, hidden: TVars, missing: TVars, code = 'NOT_FOUND',
): Promise<void> {
  const a = answerOf(await client.request(document, hidden));
  const b = answerOf(await client.request(document, missing));
  expect(a).toEqual(b);
  expect(a.errors.map((e) => e.extensions?.code)).toEqual([code]);
}

/** Asserts that no error of a response carries a stack trace or leaks internals. */
export function expectCleanErrors(response: GraphQLResponse<unknown>): void {
  for (const error of response.errors ?? []) {
    expect(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']).toContain(error.extensions?.code);
    expect(error.extensions).not.toHaveProperty('stacktrace');
    expect(error.extensions).not.toHaveProperty('exception');
    expect(error.message).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|postgres|relation "|violates/i);
    if (error.extensions?.code === 'BAD_USER_INPUT') expect(typeof error.extensions.field).toBe('string');
  }
}

/** Mobile masked as 138****5678. */
export const maskedMobile = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
/** ID number masked to its first 4 and last 4 characters. */
export const maskedId = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;
