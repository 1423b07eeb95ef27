import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sourceOf } from '../../client/sdk';

/**
 * A bare graphql-ws client over a real socket, authenticated through connection_init, that never
 * reconnects: for tests of the protocol itself (programs follow rosters with the SDK's watchRoster).
 * It names the language (English unless told otherwise; null names none, and the server answers in Chinese).
 */
export function wsClient(url: string, token?: string, language: string | null = 'en', options: { lazyCloseTimeout?: number } = {}): Client {
  return createClient({
    ...options,
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(language ? { language } : {}) },
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

/** A graphql-ws client that also reports how its socket closed (code and reason). */
export function wsClientWithClose(url: string, token?: string, options: { lazyCloseTimeout?: number } = {}): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let report!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => { report = resolve; });
  const client = createClient({
    ...options,
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), language: 'en' },
    on: { closed: (event) => report({ code: (event as { code: number }).code, reason: String((event as { reason?: string }).reason ?? "") }) },
  });
  return { client, closed };
}

export interface LiveStream<T> {
  /** Everything pushed so far, in order. */
  events: T[];
  /** Resolves once `until` holds for the events pushed so far; rejects on an error or close. */
  until(predicate: (events: T[]) => boolean): Promise<T[]>;
  /** The errors the subscription ended with, if it did. */
  ended: Promise<readonly GraphQLFormattedError[] | null>;
  dispose(): void;
}

/** Subscribes and keeps every pushed payload's data (as `pick` selects it). */
export function liveStream<TData, TVars, T>(client: Client, document: TypedDocumentNode<TData, TVars>, variables: TVars, pick: (data: TData) => T): LiveStream<T> {
  const events: T[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  let finish!: (errors: readonly GraphQLFormattedError[] | null) => void;
  const ended = new Promise<readonly GraphQLFormattedError[] | null>((resolve) => { finish = resolve; });
  const wake = () => { for (const waiter of waiters) waiter(); };
  const dispose = client.subscribe<TData>({ query: sourceOf(document), variables: variables as Record<string, unknown> }, {
    next: (value) => {
      if (value.errors?.length) failure = value.errors;
      else events.push(pick(value.data as TData));
      wake();
    },
    error: (error) => {
      failure = error;
      finish(Array.isArray(error) ? error : [{ message: String((error as { code?: number }).code ?? error) }]);
      wake();
    },
    complete: () => { finish(null); wake(); },
  });
  return {
    events,
    ended,
    dispose,
    until: (predicate) => new Promise<T[]>((resolve, reject) => {
      const check = () => {
        if (predicate(events)) { waiters.delete(check); resolve(events); } else if (failure) { waiters.delete(check); reject(new Error(JSON.stringify(failure))); }
      };
      waiters.add(check);
      check();
    }),
  };
}
