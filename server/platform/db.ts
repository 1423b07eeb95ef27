import { EventEmitter } from 'node:events';
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { fileURLToPath } from 'node:url';
import * as tables from '../../drizzle/tables';
import { preparingClient } from './prepared';
import { trackCommit } from './commit-hooks';
import { transactionPool, type TransactionPool } from './transaction-pool';
import { DEADLOCK, SERIALIZATION_FAILURE, pgErrorCode } from './pg-codes';

export type Tables = typeof tables;
export type Db = PostgresJsDatabase<Tables>;
export type Tx = PgTransaction<PostgresJsQueryResultHKT, Tables, ExtractTablesWithRelations<Tables>>;
/** Services take either: a plain handle for reads, a transaction for writes. */
export type DbOrTx = Db | Tx;

export interface Database {
  /** Requests: reads on the request pool, top-level transactions on a pool of their own. */
  db: Db;
  /** The request pool's raw client (reads; tests and tools use it for assertions). */
  sql: postgres.Sql;
  /**
   * Live rosters read here, never on the request pool, so subscribers cannot starve requests: the
   * fan-out on a small pool, and the log reader (ticks, batches) on a connection of its own, so a
   * tick never waits behind fan-out work.
   */
  live: { db: Db; sql: postgres.Sql; reader: Db };
  /** Announces the topics marked with afterCommit() once their transaction has committed. */
  committed: EventEmitter;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

export type Pool = 'request' | 'live';

export interface DatabaseOptions {
  /** Request pool size (reads). */
  max?: number;
  /** Top-level transactions under way at once (their own pool; see transaction-pool.ts). */
  transactions?: number;
  /** Live roster pool size (the reader, fan-out and catch-up reads). */
  live?: number;
  /**
   * Called with every SQL statement sent (BEGIN, COMMIT and savepoints too), the pool it went to and
   * its parameters as sent; the statement-count and golden SQL tests and the pgbench replay use it.
   * Left out, the driver has no hook at all.
   */
  onQuery?: (sql: string, pool: Pool, parameters: readonly unknown[]) => void;
  /** postgres.js's per-connection pipeline depth (default 100); tests shrink it to reach its limit. */
  maxPipeline?: number;
  /** PostgreSQL cancels any request statement running longer (the request deadline bounds SQL too). */
  statementTimeoutMs?: number;
}

/**
 * A server-side cap on how long a session may sit idle inside a transaction: a transaction the
 * process has lost track of (a crashed request, a driver fault) is rolled back and its locks freed
 * instead of holding the database. Far above anything a request does between two statements.
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const connect = (max: number, pool: Pool, extra: postgres.Options<Record<string, never>> = {}) => postgres(url, {
    max,
    ...(options.maxPipeline ? { max_pipeline: options.maxPipeline } as object : {}),
    onnotice: () => {},
    debug: options.onQuery ? (_conn, query, parameters) => options.onQuery?.(query, pool, parameters) : undefined,
    connection: {
      application_name: pool === 'live' ? 'gridroster-live' : 'gridroster',
      TimeZone: 'UTC',
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      // Requests only: the live reader and fan-out run for as long as subscribers stay.
      ...(pool === 'request' && options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    ...extra,
  });
  const sql = connect(options.max ?? 20, 'request');
  const transactionSql = connect(options.transactions ?? 10, 'request', { max_lifetime: null });
  // drizzle sets its type parsers and serializers (dates as text, JSON passed through) on the
  // client it is given; the transaction pool carries drizzle's transactions, so it needs them too.
  drizzle(transactionSql);
  const transactions = transactionPool(transactionSql, options.transactions ?? 10);
  const liveSql = connect(options.live ?? 4, 'live');
  const readerSql = connect(1, 'live');
  const committed = new EventEmitter();
  const db = retryingTransactions(drizzle(preparingClient(withTransactionPool(sql, transactions)), { schema: tables }), committed);
  const live = { db: drizzle(preparingClient(liveSql), { schema: tables }), sql: liveSql, reader: drizzle(preparingClient(readerSql), { schema: tables }) };
  return {
    db, sql, live, committed,
    close: async () => {
      await Promise.all([sql, transactions.sql, liveSql, readerSql].map((pool) => pool.end({ timeout: 5 })));
    },
  };
}

/** The request pool's client, except that `begin` takes a connection of the transaction pool. */
function withTransactionPool(sql: postgres.Sql, transactions: TransactionPool): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'begin') return transactions.begin;
      return Reflect.get(target, property, receiver);
    },
  });
}

const TRANSACTION_ATTEMPTS = 4;

/**
 * A deadlock or serialization failure is PostgreSQL choosing a victim among transactions that
 * each did nothing wrong (two promotions locking shared waiters in different orders): the victim
 * rolled back whole, so it is run again, a few times with a little jitter, before the caller
 * hears CONFLICT. Savepoints (tx.transaction) are not retried; only the whole transaction is.
 * Topics marked with afterCommit() are announced once the attempt that commits has committed.
 */
function retryingTransactions(db: Db, committed: EventEmitter): Db {
  const run = db.transaction.bind(db);
  db.transaction = (async (work: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => {
    for (let attempt = 1; ; attempt++) {
      let topics = new Set<string>();
      try {
        const result = await run((tx) => {
          topics = trackCommit(tx);
          return work(tx);
        }, config);
        for (const topic of topics) committed.emit(topic);
        return result;
      } catch (error) {
        const code = pgErrorCode(error);
        if (attempt >= TRANSACTION_ATTEMPTS || (code !== DEADLOCK && code !== SERIALIZATION_FAILURE)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }) as Db['transaction'];
  return db;
}

/** Applies pending migrations under an advisory lock so two starting processes do not race. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(724201)`;
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** True when every migration in the folder has been applied. */
export async function migrationsApplied(sql: postgres.Sql): Promise<boolean> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const expected = readMigrationFiles({ migrationsFolder }).length;
  const [row] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`.catch(() => [{ n: -1 }]);
  return row.n >= expected;
}

/** Creates the database named in `url` if it does not exist, via the maintenance database. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
