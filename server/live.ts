import type { Server } from 'node:http';
import { getOperationAST, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { clientAddressOf, connectionLanguage, contextFor, liveContextFor, viewerFromAuthorization, type AppDeps, type Context } from './context';
import { DEFAULT_LANGUAGE, type Language } from './platform/i18n';
import { attachGraphqlWs, type GraphqlWsServer } from './platform/ws';
import { admitSocket, recheckSockets } from './modules/auth/socket-admission';
import { RosterFanout } from './modules/roster-events/roster-fanout';
import { rosterFeed } from './modules/roster-events/live-feed';
import { requestFeed } from './modules/requests/request.events';

export interface LiveServerOptions {
  deps: AppDeps;
  httpServer: Server;
  schema: GraphQLSchema;
  /** Parses and validates an operation with the same rules as HTTP (app.ts). */
  prepare(payload: SubscribePayload, language: Language): ExecutionArgs | readonly GraphQLError[];
  formatResult(result: ExecutionResult, language: Language): FormattedExecutionResult;
  formatErrors(errors: readonly GraphQLError[], language: Language): readonly GraphQLError[];
}

export interface LiveServer {
  fanout: RosterFanout;
  stop(): Promise<void>;
}

/**
 * graphql-ws on /graphql and the live roster fan-out behind it. Queries and mutations over the
 * socket run like HTTP requests (viewer re-read per operation, request pool); rosterChanged
 * subscriptions go to the process's one fan-out on the live pool.
 */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const { deps, schema } = options;
  let ws: GraphqlWsServer | null = null;
  const fanout = new RosterFanout({
    schema, db: deps.database.live.db, sql: deps.database.live.sql, reader: deps.database.live.reader, committed: deps.database.committed, logger: deps.logger,
    // One payload is shared by every subscriber of a scope, so it is rendered in the default language
    // (roster events carry data, not messages).
    contextFor: (viewer) => contextFor(deps, viewer, 'live', DEFAULT_LANGUAGE, deps.database.live.db),
    formatResult: (result) => options.formatResult(result, DEFAULT_LANGUAGE),
    onViewerChanged: (accountId) => ws?.recheck(String(accountId)),
    feeds: { roster: rosterFeed, requests: requestFeed },
  });
  await fanout.start();
  const limits = deps.config.live;
  ws = attachGraphqlWs<Context, Language>(options.httpServer, '/graphql', {
    limits: {
      maxMessageBytes: limits.maxMessageBytes, subscriptionsPerSocket: limits.subscriptionsPerSocket,
      subscriptionsPerPrincipal: limits.subscriptionsPerAccount, sendBufferBytes: limits.sendBufferBytes,
      keepAliveMs: 12_000, recheckMs: limits.recheckSeconds * 1000,
    },
    admit: (authorization) => admitSocket(deps, authorization),
    recheck: (authorizations) => recheckSockets(deps, authorizations),
    prepare: options.prepare,
    clientAddressOf: (request) => clientAddressOf(deps, request),
    languageOf: connectionLanguage,
    context: async (connection, operationId, args) => {
      const viewer = await viewerFromAuthorization(deps, connection.authorization);
      if (getOperationAST(args.document, args.operationName)?.operation !== 'subscription') return contextFor(deps, viewer, connection.clientAddress, connection.language);
      return liveContextFor(deps, viewer, connection.clientAddress, { fanout, connection, operationId, args }, connection.language);
    },
    formatResult: options.formatResult,
    formatErrors: options.formatErrors,
  });
  return {
    fanout,
    async stop() {
      await ws?.dispose();
      await fanout.stop();
    },
  };
}
