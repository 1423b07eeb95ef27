import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { execute, parse, specifiedRules, subscribe, validate, GraphQLError, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { buildAppSchema } from './schema';
import { clientAddressOf, connectionLanguage, contextFor, createContext, requestLanguage, viewerFromAuthorization, type AppDeps, type Context } from './context';
import { formatError } from './platform/errors';
import { createRequestHandler } from './platform/http';
import { MAX_TOKENS, capResponse, capResult, collapseTimeouts, costRefusal, operationRules } from './platform/limits';
import { queryLimitsPlugin } from './platform/query-limits-plugin';
import { migrationsApplied } from './platform/db';
import { createDownloadRoute } from './modules/exports/download.routes';
import { DOWNLOADS } from './modules/exports/downloads';
import type { Language } from './platform/i18n';

export interface App {
  httpServer: Server;
  /** Resolves with the bound port once listening. */
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/** Builds the HTTP + graphql-ws server over the given dependencies; main.ts and tests share it. */
export async function createApp(deps: AppDeps): Promise<App> {
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const { config } = deps;
  // Over HTTP the language comes from the request's scope (platform/i18n.ts); graphql-ws passes its connection's.
  const format = (formatted: Parameters<typeof formatError>[0], error: unknown, language?: Language) =>
    formatError(formatted, error, { logger: deps.logger, production: config.production, queryTimeoutMs: config.queryTimeoutMs, language });
  // The same rules on both transports: graphql-js's, the limits, introspection off in production.
  const rules = operationRules({ introspection: config.introspection });

  const wsCleanup = useServer<{ authorization?: string; language?: string }, { context?: Context }>({
    schema,
    context: async (ctx) => {
      // One context per subscription operation, built from the viewer checked at connection time.
      const viewer = await viewerFromAuthorization(deps, ctx.connectionParams?.authorization);
      return contextFor(deps, viewer, clientAddressOf(deps, ctx.extra.request), connectionLanguage(ctx.connectionParams, ctx.extra.request));
    },
    // No onConnect check: a socket with a bad or expired token is answered like HTTP — every
    // operation that needs a viewer gets UNAUTHENTICATED — rather than closed with a bare 4403.
    onSubscribe: (ctx, _id, payload) => {
      const language = connectionLanguage(ctx.connectionParams, ctx.extra.request);
      let document;
      try {
        document = parse(payload.query, { maxTokens: MAX_TOKENS });
      } catch (error) {
        return [asError(format({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error, language))];
      }
      const errors = validate(schema, document, [...specifiedRules, ...rules]);
      if (errors.length) return errors.map((e) => asError(format({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, e, language)));
      const costly = costRefusal(schema, { document, variables: payload.variables, operationName: payload.operationName });
      if (costly) return [asError(format(costly.toJSON(), costly, language))];
      return { schema, document, variableValues: payload.variables, operationName: payload.operationName } as ExecutionArgs;
    },
    onNext: (ctx, _id, _payload, _args, result) => {
      const language = connectionLanguage(ctx.connectionParams, ctx.extra.request);
      return capResult(formatResult(result, (f, e) => format(f, e, language)), config.maxResponseBytes, language);
    },
    execute,
    subscribe,
  }, wsServer);
  // ws re-emits the HTTP server's own errors (a port in use), which graphql-ws would print with a
  // stack as an "internal error"; listen() already reports them, in one line from main.ts.
  wsServer.removeAllListeners('error').on('error', () => {});

  const apollo = new ApolloServer<Context>({
    schema,
    // Introspection is refused (or not) by `rules`, the same list the socket uses.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: deps.config.production,
    csrfPrevention: true,
    // main.ts owns the signals: it stops the server, then the database, then PostgreSQL.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: rules,
    formatError: format,
    plugins: [
      queryLimitsPlugin(schema),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      // No CDN-loaded landing page: /graphiql is bundled and works offline.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  httpServer.on('request', createRequestHandler({
    apollo,
    capResponse: (body, language) => capResponse(body, config.maxResponseBytes, language),
    context: (req) => createContext(deps, req, clientAddressOf(deps, req)),
    language: requestLanguage,
    ready: async () => {
      await deps.database.sql`select 1`;
      return migrationsApplied(deps.database.sql);
    },
    corsOrigins: deps.config.corsOrigins,
    graphiql: deps.config.graphiql,
    downloads: createDownloadRoute(deps, DOWNLOADS),
  }));

  return {
    httpServer,
    listen: (port, host = '127.0.0.1') => new Promise((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
    }),
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** graphql-ws wants GraphQLError instances back from onSubscribe; rebuild one from its client shape. */
function asError(formatted: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(formatted.message, { extensions: formatted.extensions });
}

function formatResult(result: ExecutionResult, format: (f: GraphQLFormattedError, e: unknown) => GraphQLFormattedError): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors?.length ? { ...rest, errors: collapseTimeouts(errors.map((e) => format(e.toJSON(), e))) } : rest;
}
