import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubscribePayload } from 'graphql-ws';
import { parse, specifiedRules, validate, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { buildAppSchema } from './schema';
import { clientAddressOf, createContext, requestLanguage, type AppDeps, type Context } from './context';
import { ViewerCache } from './modules/auth/viewer.cache';
import { startLiveServer } from './live';
import { formatError } from './platform/errors';
import { createRequestHandler } from './platform/http';
import { MAX_TOKENS, capResponse, capResult, collapseTimeouts, costRefusal, operationRules } from './platform/limits';
import { queryLimitsPlugin } from './platform/query-limits-plugin';
import { migrationsApplied } from './platform/db';
import { plannedGateway } from './platform/compiled-execution';
import { PLANNERS } from './planners';
import { createDownloadRoute } from './modules/exports/download.routes';
import { DOWNLOADS } from './modules/exports/downloads';
import type { Language } from './platform/i18n';
import { createStaticSite } from './platform/static-site';
import { consoleApp } from './console';

export interface App {
  httpServer: Server;
  /** Resolves with the bound port once listening. */
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
  /** rosterChanged subscriptions open in this process. */
  liveSubscriptions(): number;
  /** Whether `/` serves the built console. */
  readonly servesConsole: boolean;
  /** Serves the console's files as they are now in its dist/ (after a build that finished once the app was up). */
  reloadConsole(): void;
}

/** Builds the HTTP + graphql-ws server over the given dependencies; main.ts and tests share it. */
export async function createApp(deps: AppDeps): Promise<App> {
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const { config } = deps;
  // Over HTTP the language comes from the request's scope (platform/i18n.ts); graphql-ws passes its connection's.
  const format = (formatted: Parameters<typeof formatError>[0], error: unknown, language?: Language) =>
    formatError(formatted, error, { logger: deps.logger, production: config.production, queryTimeoutMs: config.queryTimeoutMs, language });
  // The same rules on both transports: graphql-js's, the limits, introspection off in production.
  const rules = operationRules({ introspection: config.introspection });
  // Operations over graphql-ws are parsed and validated with the same rules as HTTP; parsed
  // documents are shared by text (the rules depend on the document only), so a thousand screens
  // subscribing alike hold one AST. Errors are kept unformatted and rendered in each socket's
  // language. The cost depends on the variables too, so it is priced each time.
  type Refusal = { formatted: GraphQLFormattedError; error: unknown };
  const prepared = new Map<string, DocumentNode | Refusal[]>();
  const prepare = (payload: SubscribePayload, language: Language): ExecutionArgs | readonly GraphQLError[] => {
    let outcome = prepared.get(payload.query);
    if (!outcome) {
      outcome = parseAndValidate(payload.query);
      if (prepared.size >= 500) prepared.clear();
      prepared.set(payload.query, outcome);
    }
    if (Array.isArray(outcome)) return outcome.map((r) => asError(format(r.formatted, r.error, language)));
    const document = outcome as DocumentNode;
    const costly = costRefusal(schema, { document, variables: payload.variables, operationName: payload.operationName });
    if (costly) return [asError(format(costly.toJSON(), costly, language))];
    return { schema, document, variableValues: payload.variables, operationName: payload.operationName } as ExecutionArgs;
  };
  const parseAndValidate = (query: string): DocumentNode | Refusal[] => {
    let document;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (error) {
      return [{ formatted: { message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error }];
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    if (errors.length) return errors.map((e) => ({ formatted: { ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error: e }));
    return document;
  };
  // Requests reuse the viewers of known tokens until PostgreSQL says they changed (viewer.cache.ts).
  const viewers = new ViewerCache();
  await viewers.start(deps.database.live.sql);
  deps.viewers = viewers;
  const live = await startLiveServer({
    deps, httpServer, schema, prepare,
    formatResult: (result, language) => capResult(formatResult(result, (f, e) => format(f, e, language)), config.maxResponseBytes, language),
    formatErrors: (errors, language) => errors.map((e) => asError(format(e.toJSON(), e, language))),
  });

  const apollo = new ApolloServer<Context>({
    // The schema through Apollo's gateway interface: planned root fields (planners.ts) run after
    // parsing, validation, the limits plugin and before error formatting, like any execution.
    gateway: plannedGateway(schema, PLANNERS),
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
      { async serverWillStart() { return { async drainServer() { await Promise.all([live.stop(), viewers.stop()]); } }; } },
      // No CDN-loaded landing page: /graphiql is bundled and works offline.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const consoleDir = consoleApp(config.console.root).outDir;
  let site = createStaticSite(consoleDir);
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
    site: () => site,
  }));

  return {
    httpServer,
    liveSubscriptions: () => live.fanout.size,
    get servesConsole() { return site !== null; },
    reloadConsole() { site = createStaticSite(consoleDir); },
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
