import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir, cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../server/app';
import { loadConfig } from '../server/config';
import { connectDatabase, ensureDatabase, migrateDatabase, type Database, type DatabaseOptions } from '../server/platform/db';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/platform/embedded-postgres';
import { createLogger } from '../server/platform/logger';
import { createKeys } from '../server/platform/secrets';
import { ensurePlatformAdmin } from '../server/modules/auth/auth.service';
import { GraphQLTestClient } from '../test/support/client';
import type { AppDeps } from '../server/context';
import { LogSmsSender } from '../server/platform/sms';

export const ADMIN = { mobile: '13900000009', password: 'bench-admin-password' };

export interface BenchServer {
  url: string;
  databaseUrl: string;
  database: Database;
  deps: AppDeps;
  admin: GraphQLTestClient;
  anonymous: GraphQLTestClient;
  app: App;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** PostgreSQL keeps each commit's time (track_commit_timestamp), to measure commit → receipt. */
  commitTimestamps?: boolean;
  /** Sees every statement the server sends, with its parameters (connectDatabase's onQuery). */
  onQuery?: DatabaseOptions['onQuery'];
  /** PostgreSQL counts statements (pg_stat_statements), for statements per request. */
  statementStats?: boolean;
}

/** A real server over a fresh embedded PostgreSQL (or DATABASE_URL), the way `npm start` runs. */
export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  let embedded: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    dir = mkdtempSync(join(tmpdir(), 'gridroster-bench-'));
    chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres(dir);
    if (options.commitTimestamps || options.statementStats) {
      // Settings read only at start: write them, then start the same data directory again.
      const { default: postgres } = await import('postgres');
      const admin = postgres(embedded.url, { max: 1, onnotice: () => {} });
      if (options.commitTimestamps) await admin.unsafe('alter system set track_commit_timestamp = on');
      if (options.statementStats) {
        await admin.unsafe(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
        await admin.unsafe('alter system set pg_stat_statements.track_planning = on');
      }
      await admin.end();
      await embedded.stop();
      embedded = await startEmbeddedPostgres(dir);
    }
    baseUrl = embedded.url;
  }
  const url = new URL(baseUrl);
  url.pathname = `/gridroster_bench_${process.pid}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  const database = connectDatabase(databaseUrl, { max: 40, onQuery: options.onQuery });
  const config = { ...loadConfig({ GRIDROSTER_SECRET: 'bench-secret-0123456789', GRIDROSTER_DATA_KEYS: 'k1:bench-data-key-0123456789-0123456789', DATABASE_URL: databaseUrl }), logLevel: 'silent' };
  const deps: AppDeps = { config, database, logger: createLogger('silent'), keys: createKeys(config.keys), sms: new LogSmsSender() };
  await ensurePlatformAdmin(database.db, ADMIN.mobile, ADMIN.password);
  const app: App = await createApp(deps);
  const port = await app.listen(0, '127.0.0.1');
  const anonymous = new GraphQLTestClient(`http://127.0.0.1:${port}/graphql`);
  const admin = await anonymous.login(ADMIN.mobile, ADMIN.password);
  return {
    url: anonymous.url, databaseUrl, database, deps, admin, anonymous, app,
    async stop() {
      await app.stop();
      await database.sql.unsafe('select 1');
      await database.close();
      if (!embedded) {
        const { default: postgres } = await import('postgres');
        const maintenance = postgres(baseUrl!, { max: 1, onnotice: () => {} });
        await maintenance.unsafe(`drop database if exists ${url.pathname.slice(1)} with (force)`);
        await maintenance.end();
      }
      await embedded?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Runs `worker` on `concurrency` parallel lanes over `items`. */
export async function inParallel<T>(items: T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await worker(items[next++]);
  }));
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

export interface BenchResult {
  name: string;
  /** Markdown table rows: [measure, value, notes]. */
  rows: [string, string, string][];
}
