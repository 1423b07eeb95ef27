import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, handleProtocols, makeServer, type SubscribePayload } from 'graphql-ws';
import { execute, getOperationAST, subscribe, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLError } from 'graphql';
import { ForbiddenError } from './errors';

/**
 * graphql-ws over `ws` on the HTTP server, with the lifecycle the live rosters need and
 * graphql-ws leaves to its transport: who may connect, how many subscriptions a socket and an
 * account may hold, how large a message may be, when a token stops being good enough, and what
 * happens to a client that reads too slowly. graphql-ws's own `use/ws` does none of these.
 */

/** Close codes this server sends besides graphql-ws's own (4400, 4406, 4408, 4409, 4429, 4500). */
export const LiveCloseCode = {
  /** No token, or one that is forged, malformed or expired: sign in again. */
  Unauthorized: CloseCode.Unauthorized,
  /** A well-formed token the server refuses now (the account is gone, disabled or signed out). */
  Forbidden: CloseCode.Forbidden,
  /** The client did not read fast enough: its send buffer passed the bound. Resubscribe with the last cursor. */
  SlowConsumer: 4503,
  /** A message over the size limit (ws's own code, RFC 6455). */
  TooLarge: 1009,
} as const;

/** Who is on the other end once admitted: `key` groups an account's sockets across the process. */
export interface Principal {
  key: string;
  /** When the credentials stop being valid (ms since the epoch), or null. */
  expiresAt: number | null;
}

export type Admission = { ok: true; principal: Principal } | { ok: false; code: number; reason: string };

export interface LiveLimits {
  /** Bytes; a larger message closes the socket with 1009. */
  maxMessageBytes: number;
  subscriptionsPerSocket: number;
  subscriptionsPerPrincipal: number;
  /** Bytes a socket may have queued and unsent before it is closed as a slow consumer. */
  sendBufferBytes: number;
  /** Ping interval; a socket that has not answered the previous ping is dropped. */
  keepAliveMs: number;
  /** How often every socket's credentials are checked again. */
  recheckMs: number;
}

export interface GraphqlWsOptions<C, L> {
  limits: LiveLimits;
  /** Decides connection_init: the `authorization` of its payload. Must answer within graphql-ws's 3 s. */
  admit(authorization: unknown): Promise<Admission>;
  /** Checks many sockets' credentials at once (one answer per authorization, same order). */
  recheck(authorizations: unknown[]): Promise<Admission[]>;
  /** Parses and validates an operation: execution arguments, or the errors to answer with (in `language`). */
  prepare(payload: SubscribePayload, language: L): ExecutionArgs | readonly GraphQLError[];
  context(connection: LiveConnection<L>, id: string, args: ExecutionArgs): Promise<C>;
  /** The client's address for per-client limits (read once at the upgrade; the request is not kept). */
  clientAddressOf(request: IncomingMessage): string;
  /** The socket's language: from connection_init's payload, else the upgrade's Accept-Language header. */
  languageOf(connectionParams: Readonly<Record<string, unknown>> | undefined, acceptLanguage: string | undefined): L;
  formatResult(result: ExecutionResult, language: L): FormattedExecutionResult;
  formatErrors(errors: readonly GraphQLError[], language: L): readonly GraphQLError[];
}

const CLOSE_BRACE = Buffer.from('}');

/** One socket, as the rest of the server sees it. */
export class LiveConnection<L = string> {
  principal: Principal | null = null;
  /** Set at connection_init (GraphqlWsOptions.languageOf); until then the upgrade's header alone decides. */
  language!: L;
  authorization: unknown = undefined;
  /** Ids of this socket's subscription operations under way. */
  readonly subscriptions = new Set<string>();
  alive = true;
  expiryTimer: NodeJS.Timeout | null = null;

  constructor(readonly socket: WebSocket, private readonly sendBufferBytes: number, readonly clientAddress: string, readonly acceptLanguage: string | undefined) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** The start of a `next` message for operation `id`, to put before a shared payload. */
  static nextPrefix(id: string): Buffer {
    return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  /**
   * Writes a `next` message whose payload many sockets share: the payload's bytes are serialized
   * once by the caller. False when the socket is gone or was just closed as a slow consumer.
   */
  sendNext(prefix: Buffer, payload: Buffer): boolean {
    return this.write(Buffer.concat([prefix, payload, CLOSE_BRACE]));
  }

  write(data: Buffer | string, done?: (error?: Error) => void): boolean {
    if (!this.open) {
      done?.();
      return false;
    }
    if (this.socket.bufferedAmount > this.sendBufferBytes) {
      this.close(LiveCloseCode.SlowConsumer, 'Slow consumer: resubscribe with your last cursor');
      done?.();
      return false;
    }
    // A text frame even for bytes: they are UTF-8 JSON, and graphql-ws clients parse text only.
    this.socket.send(data, { binary: false }, done);
    return true;
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }
}

/** Subscription operations per principal, across the process's sockets. */
class PrincipalCounts {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string, delta: number): void {
    const next = this.get(key) + delta;
    if (next > 0) this.counts.set(key, next);
    else this.counts.delete(key);
  }
}

export interface GraphqlWsServer {
  connections(): number;
  /** Checks the credentials of one principal's sockets now (its account just changed). */
  recheck(key: string): void;
  dispose(): Promise<void>;
}

/** Serves graphql-ws on `path` of the HTTP server. */
export function attachGraphqlWs<C, L>(httpServer: Server, path: string, options: GraphqlWsOptions<C, L>): GraphqlWsServer {
  const { limits } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path, maxPayload: limits.maxMessageBytes, handleProtocols });
  // ws re-emits the HTTP server's own errors (a port in use), which would surface as an unhandled
  // "error" with a stack; listen() already reports them, in one line from main.ts.
  wsServer.on('error', () => {});
  const live = new Set<LiveConnection<L>>();
  const perPrincipal = new PrincipalCounts();

  const release = (connection: LiveConnection<L>, id: string) => {
    if (connection.subscriptions.delete(id) && connection.principal) perPrincipal.add(connection.principal.key, -1);
  };

  const server = makeServer<Record<string, unknown>, { connection: LiveConnection<L> }>({
    execute,
    subscribe,
    onConnect: async (ctx) => {
      const { connection } = ctx.extra;
      connection.language = options.languageOf(ctx.connectionParams, connection.acceptLanguage);
      const admission = await options.admit(ctx.connectionParams?.authorization);
      if (!admission.ok) {
        connection.close(admission.code, admission.reason);
        return false;
      }
      admit(connection, admission.principal, ctx.connectionParams?.authorization);
      return true;
    },
    onSubscribe: (ctx, id, payload) => {
      const { connection } = ctx.extra;
      const args = options.prepare(payload, connection.language);
      if (Array.isArray(args)) return args as readonly GraphQLError[];
      const execArgs = args as ExecutionArgs;
      if (getOperationAST(execArgs.document, execArgs.operationName)?.operation !== 'subscription') return execArgs;
      const refused = refuseOverLimit(connection);
      if (refused) return [refused];
      connection.subscriptions.add(id);
      perPrincipal.add(connection.principal!.key, 1);
      return execArgs;
    },
    context: (ctx, id, _payload, args) => options.context(ctx.extra.connection, id, args) as Promise<object>,
    onNext: (ctx, _id, _payload, _args, result) => options.formatResult(result as ExecutionResult, ctx.extra.connection.language),
    onError: (ctx, id, _payload, errors) => {
      release(ctx.extra.connection, id);
      return options.formatErrors(errors, ctx.extra.connection.language).map((e) => e.toJSON());
    },
    onComplete: (ctx, id) => release(ctx.extra.connection, id),
    onClose: (ctx) => forget(ctx.extra.connection),
  });

  function admit(connection: LiveConnection<L>, principal: Principal, authorization: unknown): void {
    connection.principal = principal;
    connection.authorization = authorization;
    if (principal.expiresAt != null) {
      // Timers hold at most ~24.8 days; a token lasting longer is caught by the periodic re-check.
      const wait = Math.min(Math.max(principal.expiresAt - Date.now(), 0), 2 ** 31 - 1);
      connection.expiryTimer = setTimeout(() => connection.close(LiveCloseCode.Unauthorized, 'Token expired'), wait);
      connection.expiryTimer.unref();
    }
  }

  function refuseOverLimit(connection: LiveConnection<L>): GraphQLError | null {
    if (connection.subscriptions.size >= limits.subscriptionsPerSocket) {
      return new ForbiddenError({ key: 'live.socketSubscriptionLimit', params: { limit: limits.subscriptionsPerSocket } }, 'SUBSCRIPTION_LIMIT');
    }
    if (perPrincipal.get(connection.principal!.key) >= limits.subscriptionsPerPrincipal) {
      return new ForbiddenError({ key: 'live.accountSubscriptionLimit', params: { limit: limits.subscriptionsPerPrincipal } }, 'SUBSCRIPTION_LIMIT');
    }
    return null;
  }

  function forget(connection: LiveConnection<L>): void {
    if (connection.expiryTimer) clearTimeout(connection.expiryTimer);
    if (connection.principal) perPrincipal.add(connection.principal.key, -connection.subscriptions.size);
    connection.subscriptions.clear();
    live.delete(connection);
  }

  wsServer.on('connection', (socket, request) => {
    const header = request.headers['accept-language'];
    const connection = new LiveConnection<L>(socket, limits.sendBufferBytes, options.clientAddressOf(request), Array.isArray(header) ? header.join(',') : header);
    connection.language = options.languageOf(undefined, connection.acceptLanguage);
    live.add(connection);
    socket.on('pong', () => { connection.alive = true; });
    socket.once('error', () => connection.close(CloseCode.InternalServerError, 'Internal server error'));
    const closed = server.opened({
      protocol: socket.protocol,
      send: (data) => new Promise<void>((resolve) => { connection.write(data, () => resolve()); }),
      close: (code, reason) => connection.close(code ?? 1000, reason ?? ''),
      onMessage: (handle) => socket.on('message', (data) => {
        handle(String(data)).catch(() => connection.close(CloseCode.InternalServerError, 'Internal server error'));
      }),
    }, { connection });
    socket.once('close', (code, reason) => {
      void closed(code, String(reason));
      forget(connection);
    });
  });

  const keepAlive = setInterval(() => sweepAlive(live), limits.keepAliveMs);
  keepAlive.unref();
  let rechecking = false;
  const recheck = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    // A failed re-check (the database restarting) leaves every socket as it was until the next one.
    void recheckAll(live, options).catch(() => {}).finally(() => { rechecking = false; });
  }, limits.recheckMs);
  recheck.unref();

  return {
    connections: () => live.size,
    recheck: (key) => {
      const sockets = new Set([...live].filter((c) => c.principal?.key === key));
      if (sockets.size > 0) void recheckAll(sockets, options).catch(() => {});
    },
    async dispose() {
      clearInterval(keepAlive);
      clearInterval(recheck);
      for (const connection of live) connection.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Pings every socket; one that never answered the last ping is gone (or too slow to say so). */
function sweepAlive<L>(live: Set<LiveConnection<L>>): void {
  for (const connection of live) {
    if (!connection.alive) {
      if (connection.socket.bufferedAmount > 0) connection.close(LiveCloseCode.SlowConsumer, 'Slow consumer: resubscribe with your last cursor');
      else connection.socket.terminate();
      continue;
    }
    connection.alive = false;
    if (connection.open) connection.socket.ping();
  }
}

/** Asks again about every admitted socket's credentials, each distinct authorization once. */
async function recheckAll<C, L>(live: Set<LiveConnection<L>>, options: GraphqlWsOptions<C, L>): Promise<void> {
  const byAuthorization = new Map<unknown, LiveConnection<L>[]>();
  for (const connection of live) {
    if (!connection.principal || !connection.open) continue;
    const key = typeof connection.authorization === 'string' ? connection.authorization : connection;
    const sharing = byAuthorization.get(key);
    if (sharing) sharing.push(connection);
    else byAuthorization.set(key, [connection]);
  }
  if (byAuthorization.size === 0) return;
  const groups = [...byAuthorization.values()];
  const answers = await options.recheck(groups.map((g) => g[0].authorization));
  answers.forEach((answer, i) => {
    if (!answer.ok) for (const connection of groups[i]) connection.close(answer.code, answer.reason);
  });
}
