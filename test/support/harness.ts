import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createApp, type App } from '../../server/app';
import type { AppDeps } from '../../server/context';
import { loadConfig, type Config } from '../../server/config';
import { connectDatabase, type Database, type Pool } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import { createKeys } from '../../server/platform/secrets';
import { ensurePlatformAdmin } from '../../server/modules/auth/auth.service';
import { GraphQLTestClient } from './client';
import { LogSmsSender } from '../../server/platform/sms';
import { usePasswordCostForTests } from '../../server/modules/auth/password';

/** A cheap argon2id for the suite (hundreds of hashes on two cores); production keeps the library's defaults. */
const TEST_PASSWORD_COST = { memoryCost: 4096, timeCost: 2, parallelism: 1 };

export const ADMIN_MOBILE = '13900000000';
export const ADMIN_PASSWORD = 'admin-password-1';
export const TEST_SECRET = 'test-secret-for-gridroster-suite';
export const TEST_DATA_KEYS = 'k1:test-data-key-for-the-gridroster-suite-01';

export interface TestServer {
  url: string;
  wsUrl: string;
  database: Database;
  /** Raw connection for assertions on what is stored. */
  sql: postgres.Sql;
  deps: AppDeps;
  /** Client with no token. */
  anonymous: GraphQLTestClient;
  /** Client signed in as the platform admin. */
  admin: GraphQLTestClient;
  /** Every SQL statement requests sent since the last reset, when started with countQueries. */
  queries: string[];
  /** The statements of the live roster pools (the log reader's ticks and batches, fan-out, replays). */
  liveQueries: string[];
  /** rosterChanged subscriptions the server holds now. */
  liveSubscriptions(): number;
  /** This server's database, for a second server process on the same data. */
  databaseUrl: string;
  /** Text messages the server sent (the log driver's outbox), by mobile. */
  sms: LogSmsSender;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  countQueries?: boolean;
  /** Overrides of the live roster settings (caps, re-check period). */
  live?: Partial<Config['live']>;
  production?: boolean;
  introspection?: boolean;
  /**
   * Settings to override, e.g. a short query timeout or a small response cap. They apply once the
   * admin has signed in (so a short deadline does not race the sign-in's password hashing); a
   * queryTimeoutMs is PostgreSQL's statement_timeout from the start.
   */
  config?: Partial<Config>;
  /** More settings, as the environment would give them (GRIDROSTER_CORS_ORIGINS, …). */
  env?: Record<string, string>;
}

/**
 * A real server on a free port over a fresh database cloned from the migrated template:
 * real HTTP, real graphql-ws, real PostgreSQL. One per test file.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  usePasswordCostForTests(TEST_PASSWORD_COST);
  const name = inject('databasePrefix') + randomBytes(4).toString('hex');
  const adminUrl = inject('adminUrl');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const queries: string[] = [];
  const liveQueries: string[] = [];
  // `queries` are the requests' own statements (the N+1 tests count them); the live pools' (ticks,
  // fan-out) go to `liveQueries`, so a background tick never lands in a request's count.
  const count = (query: string, pool: Pool) => (pool === 'live' ? liveQueries : queries).push(query);
  const config = {
    ...loadConfig({ NODE_ENV: options.production ? 'production' : 'test', GRIDROSTER_SECRET: TEST_SECRET, GRIDROSTER_DATA_KEYS: TEST_DATA_KEYS, DATABASE_URL: url.toString(),
      ...(options.introspection ? { GRIDROSTER_INTROSPECTION: 'true' } : {}), ...options.env }),
    logLevel: 'silent',
  };
  const database = connectDatabase(url.toString(), {
    max: 30, onQuery: options.countQueries ? count : undefined,
    statementTimeoutMs: options.config?.queryTimeoutMs ?? config.queryTimeoutMs,
  });
  config.live = { ...config.live, ...options.live };
  const sms = new LogSmsSender();
  const deps: AppDeps = { config, database, logger: createLogger(process.env.GRIDROSTER_TEST_LOG ?? 'silent'), keys: createKeys(config.keys), sms };
  await ensurePlatformAdmin(database.db, ADMIN_MOBILE, ADMIN_PASSWORD);
  const app: App = await createApp(deps);
  const port = await app.listen(0, '127.0.0.1');
  const httpUrl = `http://127.0.0.1:${port}/graphql`;
  const anonymous = new GraphQLTestClient(httpUrl);
  const adminClient = await anonymous.login(ADMIN_MOBILE, ADMIN_PASSWORD);
  Object.assign(config, options.config);
  queries.length = 0;
  liveQueries.length = 0;
  return {
    url: httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    database,
    sql: database.sql,
    deps,
    anonymous,
    admin: adminClient,
    queries,
    liveQueries,
    databaseUrl: url.toString(),
    liveSubscriptions: () => app.liveSubscriptions(),
    sms,
    async stop() {
      await app.stop();
      await database.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
