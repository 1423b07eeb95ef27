import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { fileURLToPath } from 'node:url';
import * as tables from '../../drizzle/tables';
import { preparingClient } from './prepared';
import { DEADLOCK, SERIALIZATION_FAILURE, pgErrorCode } from './pg-codes';

export type Tables = typeof tables;
export type Db = PostgresJsDatabase<Tables>;
export type Tx = PgTransaction<PostgresJsQueryResultHKT, Tables, ExtractTablesWithRelations<Tables>>;
/** Services take either: a plain handle for reads, a transaction for writes. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));

export interface DatabaseOptions {
  max?: number;
  /** Called with every SQL statement sent; the N+1 tests count them. */
  onQuery?: (sql: string) => void;
  /** PostgreSQL cancels any statement running longer (the request deadline bounds SQL too). */
  statementTimeoutMs?: number;
}

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 20,
    onnotice: () => {},
    debug: options.onQuery ? (_conn, query) => options.onQuery?.(query) : undefined,
    connection: {
      application_name: 'gridroster', TimeZone: 'UTC',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  const db = retryingTransactions(drizzle(preparingClient(sql), { schema: tables }));
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const TRANSACTION_ATTEMPTS = 4;

/**
 * A deadlock or serialization failure is PostgreSQL choosing a victim among transactions that
 * each did nothing wrong (two promotions locking shared waiters in different orders): the victim
 * rolled back whole, so it is run again, a few times with a little jitter, before the caller
 * hears CONFLICT. Savepoints (tx.transaction) are not retried; only the whole transaction is.
 */
function retryingTransactions(db: Db): Db {
  const run = db.transaction.bind(db);
  db.transaction = (async (work: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(work, config);
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
