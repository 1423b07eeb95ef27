import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sourceOf } from '../../client/sdk';

/**
 * A bare graphql-ws client over a real socket, authenticated through connection_init, that never
 * reconnects: for tests of the protocol itself. Programs follow rosters with the SDK's watchRoster.
 */
export function wsClient(url: string, token?: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Runs one typed operation over the socket and resolves with its single result. */
export function wsOnce<TData, TVars>(client: Client, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<{ data?: TData | null; errors?: readonly GraphQLFormattedError[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: TData | null; errors?: readonly GraphQLFormattedError[] } = {};
    client.subscribe<TData>({ query: sourceOf(document), variables: variables as Record<string, unknown> }, {
      next: (value) => { result = value as typeof result; },
      error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
      complete: () => resolve(result),
    });
  });
}
