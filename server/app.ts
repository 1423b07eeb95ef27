import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { SubscribePayload } from 'graphql-ws';
import { parse, specifiedRules, validate, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { buildAppSchema } from './schema';
import { clientAddressOf, createContext, type AppDeps, type Context } from './context';
import { startLiveServer } from './live';
import { formatError } from './platform/errors';
import { createRequestHandler } from './platform/http';
import { MAX_TOKENS, queryLimitRules } from './platform/limits';
import { migrationsApplied } from './platform/db';

export interface App {
  httpServer: Server;
  /** Resolves with the bound port once listening. */
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
  /** rosterChanged subscriptions open in this process. */
  liveSubscriptions(): number;
}

/** Builds the HTTP + graphql-ws server over the given dependencies; main.ts and tests share it. */
export async function createApp(deps: AppDeps): Promise<App> {
  const schema = await buildAppSchema();
  const httpServer = createServer();
  const format = (formatted: Parameters<typeof formatError>[0], error: unknown) =>
    formatError(formatted, error, { logger: deps.logger, production: deps.config.production });

  // Operations over graphql-ws are parsed and validated with the same limits as HTTP; parsed
  // documents are shared by text, so a thousand screens subscribing alike hold one AST.
  const prepared = new Map<string, DocumentNode | GraphQLError[]>();
  const prepare = (payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
    let outcome = prepared.get(payload.query);
    if (!outcome) {
      outcome = parseAndValidate(payload.query);
      if (prepared.size >= 500) prepared.clear();
      prepared.set(payload.query, outcome);
    }
    if (Array.isArray(outcome)) return outcome;
    return { schema, document: outcome as DocumentNode, variableValues: payload.variables, operationName: payload.operationName } as ExecutionArgs;
  };
  const parseAndValidate = (query: string): DocumentNode | GraphQLError[] => {
    let document;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (error) {
      return [asError(format({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error))];
    }
    const errors = validate(schema, document, [...specifiedRules, ...queryLimitRules()]);
    if (errors.length) return errors.map((e) => asError(format({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, e)));
    return document;
  };
  const live = await startLiveServer({
    deps, httpServer, schema, prepare,
    formatResult: (result) => formatResult(result, format),
    formatErrors: (errors) => errors.map((e) => asError(format(e.toJSON(), e))),
  });

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: deps.config.production,
    csrfPrevention: true,
    // main.ts owns the signals: it stops the server, then the database, then PostgreSQL.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: queryLimitRules(),
    formatError: format,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await live.stop(); } }; } },
      ...(deps.config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  httpServer.on('request', createRequestHandler({
    apollo,
    context: (req) => createContext(deps, req.headers.authorization, clientAddressOf(deps, req)),
    ready: async () => {
      await deps.database.sql`select 1`;
      return migrationsApplied(deps.database.sql);
    },
  }));

  return {
    httpServer,
    liveSubscriptions: () => live.fanout.size,
    listen: (port, host = '0.0.0.0') => new Promise((resolve, reject) => {
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
  return errors?.length ? { ...rest, errors: errors.map((e) => format(e.toJSON(), e)) } : rest;
}
