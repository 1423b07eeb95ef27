import { createClient, type Client } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';
import { RosterChangedDocument, RosterCursorsDocument, type RosterChangedSubscription, type RosterFilter } from '../generated/graphql';
import { GridrosterClient, sourceOf } from './client';
import { GridrosterError, TransportError } from './errors';

export type RosterEvent = RosterChangedSubscription['rosterChanged'];

/**
 * graphql-ws close codes after which trying again cannot help: the token was refused (4401) or
 * does not allow this (4403), or the client speaks the protocol wrongly (4400, 4406, 4409). Every
 * other close — the network, a restart, a server shedding a slow consumer — is retried.
 */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4400, 4401, 4403, 4406, 4409]);

export interface Backoff {
  /** First wait, in milliseconds (default 250). */
  initialMs?: number;
  /** Longest wait (default 15,000). */
  maxMs?: number;
  /** Growth per attempt (default 2); each wait is jittered by ±25 %. */
  factor?: number;
}

export type WatchState = 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'failed';

export interface WatchStatus {
  state: WatchState;
  /** Connection attempts since the last time it was live (0 while live). */
  attempt: number;
  /** The last event seen: where a reconnection resumes. */
  cursor: string | null;
  /** What ended the last connection, when it ended. */
  error?: Error;
  /** The next attempt starts after this many milliseconds (reconnecting only). */
  retryInMs?: number;
}

export interface RosterWatchOptions {
  /** ws:// or wss:// URL of the API (the same path as HTTP). */
  url: string;
  token?: string | null;
  /** Sent in connection_init as `language` (zh-CN or en), so refusals come in the caller's language. */
  language?: string | null;
  filter: RosterFilter;
  /**
   * Replay every committed event after this cursor first. Without one, the watch first reads where
   * the filter's log ends now (over HTTP, at `httpUrl`), so that a connection dropped before the
   * first event still resumes from there.
   */
  after?: string | null;
  /** The API's HTTP URL, for finding the log's end; by default `url` with http(s) for ws(s). */
  httpUrl?: string;
  backoff?: Backoff;
  /** A WebSocket implementation where there is no global one (Node 20: the `ws` package, loaded by default). */
  webSocketImpl?: unknown;
}

export interface RosterWatchHandlers {
  /** Each committed roster event, exactly once, in log order. */
  event: (event: RosterEvent) => void;
  status?: (status: WatchStatus) => void;
}

export interface RosterWatch {
  /** The cursor of the last event delivered. */
  readonly cursor: string | null;
  /** Resolves when the watch stops: `stop()`, or a refusal that retrying cannot cure (it rejects then). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Remembers the last cursors delivered, to drop an event a replay sends again. Opaque strings: compared only for equality. */
class SeenCursors {
  private readonly order: string[] = [];
  private readonly set = new Set<string>();
  constructor(private readonly capacity = 10_000) {}

  add(cursor: string): boolean {
    if (this.set.has(cursor)) return false;
    this.set.add(cursor);
    this.order.push(cursor);
    if (this.order.length > this.capacity) this.set.delete(this.order.shift()!);
    return true;
  }
}

function waitFor(attempt: number, backoff: Backoff): number {
  const { initialMs = 250, maxMs = 15_000, factor = 2 } = backoff;
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Why one connection ended, and whether another may be tried. */
interface Ending {
  error: Error;
  terminal: boolean;
}

function endingOf(reason: unknown): Ending {
  if (Array.isArray(reason)) {
    // The operation itself was refused (a bad filter, a grid not found, a token no longer valid): final.
    return { error: new GridrosterError(reason as GraphQLFormattedError[]), terminal: true };
  }
  const close = reason as { code?: number; reason?: string } | undefined;
  if (close && typeof close.code === 'number') {
    const text = `The connection closed (${close.code}${close.reason ? `: ${close.reason}` : ''}).`;
    return { error: new TransportError(text, null), terminal: TERMINAL_CLOSE_CODES.has(close.code) };
  }
  const error = reason instanceof Error ? reason : new TransportError(String((reason as { message?: string })?.message ?? reason), null);
  return { error: error instanceof TransportError ? error : new TransportError(error.message, null, { cause: error }), terminal: false };
}

/** Where the filter's log ends now: the last cursor, paging through the cursors alone. */
export async function headCursor(client: GridrosterClient, filter: RosterFilter): Promise<string | null> {
  let head: string | null = null;
  for (;;) {
    const page: { rosterEvents: { cursor: string }[] } = await client.request(RosterCursorsDocument, { filter, after: head });
    const { rosterEvents } = page;
    if (rosterEvents.length === 0) return head;
    head = rosterEvents.at(-1)!.cursor;
    if (rosterEvents.length < 5000) return head;
  }
}

/**
 * Follows `rosterChanged` across dropped connections: each connection subscribes with `after` set
 * to the last cursor delivered, so the server replays what was committed meanwhile, and a cursor
 * seen before is dropped, so the caller gets every committed event exactly once. Waits between
 * attempts grow (with jitter) up to `backoff.maxMs`; a refusal (4401, 4403, a GraphQL error) ends
 * the watch instead.
 */
export function watchRoster(options: RosterWatchOptions, handlers: RosterWatchHandlers): RosterWatch {
  const seen = new SeenCursors();
  let cursor = options.after ?? null;
  let stopped = false;
  let client: Client | null = null;
  let wake: (() => void) | null = null;
  /** Failed connections since the last one that went live: the backoff starts over once one does. */
  let failures = 0;
  const report = (status: Omit<WatchStatus, 'cursor'>) => handlers.status?.({ ...status, cursor });

  /** One connection and one subscription; resolves with how it ended. */
  const connectOnce = async (): Promise<Ending> => {
    const webSocketImpl = options.webSocketImpl ?? globalThis.WebSocket ?? (await import('ws')).default;
    return new Promise<Ending>((resolve) => {
      let ended = false;
      const end = (ending: Ending) => { if (!ended) { ended = true; resolve(ending); } };
      client = createClient({
        url: options.url,
        webSocketImpl,
        lazy: true,
        retryAttempts: 0,
        connectionParams: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          // `language` is what the server reads; accept-language for servers before it did.
          ...(options.language ? { language: options.language, 'accept-language': options.language } : {}),
        },
        on: {
          connected: () => { failures = 0; report({ state: 'live', attempt: 0 }); },
          closed: (event) => end(endingOf(event)),
          error: (error) => end(endingOf(error)),
        },
      });
      report({ state: failures === 0 ? 'connecting' : 'reconnecting', attempt: failures });
      client.subscribe<RosterChangedSubscription>({ query: sourceOf(RosterChangedDocument), variables: { filter: options.filter, after: cursor } }, {
        next: (value) => {
          if (value.errors?.length) return end({ error: new GridrosterError(value.errors), terminal: true });
          const event = value.data?.rosterChanged;
          if (!event || !seen.add(event.cursor)) return;
          cursor = event.cursor;
          handlers.event(event);
        },
        error: (error) => end(endingOf(error)),
        complete: () => end({ error: new TransportError('The server ended the subscription.', null), terminal: false }),
      });
    });
  };

  const run = async (): Promise<void> => {
    if (options.after == null) {
      report({ state: 'connecting', attempt: 0 });
      const http = new GridrosterClient({ url: options.httpUrl ?? options.url.replace(/^ws/, 'http'), token: options.token, language: options.language });
      cursor = await headCursor(http, options.filter).catch((error: unknown) => {
        report({ state: 'failed', attempt: 0, error: error as Error });
        throw error;
      });
    }
    while (!stopped) {
      const ending = await connectOnce();
      const dropping = client;
      client = null;
      void dropping?.dispose();
      if (stopped) break;
      if (ending.terminal) {
        report({ state: 'failed', attempt: failures, error: ending.error });
        throw ending.error;
      }
      failures += 1;
      const retryInMs = waitFor(failures, options.backoff ?? {});
      report({ state: 'reconnecting', attempt: failures, error: ending.error, retryInMs });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryInMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
      wake = null;
    }
    report({ state: 'stopped', attempt: 0 });
  };

  const done = run();
  // A caller that never awaits `done` must not crash the process when the watch ends in a refusal.
  done.catch(() => {});
  return {
    get cursor() { return cursor; },
    done,
    async stop() {
      stopped = true;
      wake?.();
      await client?.dispose();
      await done.catch(() => {});
    },
  };
}
