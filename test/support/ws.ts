import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { print, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/**
 * A graphql-ws client over a real socket, authenticated through connection_init, which also names
 * the language (English unless told otherwise; null names none, and the server answers in Chinese).
 */
export function wsClient(url: string, token?: string, language: string | null = 'en'): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(language ? { language } : {}) },
  });
}

/** Runs one operation over the socket and resolves with its single result. */
export function wsOnce<TData, TVars>(client: Client, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<{ data?: TData | null; errors?: readonly GraphQLFormattedError[] }> {
  return new Promise((resolve, reject) => {
    let result: { data?: TData | null; errors?: readonly GraphQLFormattedError[] } = {};
    client.subscribe<TData>({ query: print(document), variables: variables as Record<string, unknown> }, {
      next: (value) => { result = value as typeof result; },
      error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
      complete: () => resolve(result),
    });
  });
}
