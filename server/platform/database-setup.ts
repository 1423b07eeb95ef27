import type { Config } from '../config';
import { ensureDatabase, migrateDatabase } from './db';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import type { Logger } from './logger';
import { OperatorError } from './operator-error';

export interface DatabaseTarget {
  url: string;
  embedded: EmbeddedDatabase | null;
  /** For the start-up line: where the data is, without the password. */
  description: string;
}

/** Runs against the database before any migration writes to it; throws to refuse the start. */
export type BeforeMigrations = (url: string) => Promise<void>;

/**
 * DATABASE_URL when given; otherwise an embedded PostgreSQL in the data dir (the caller holds the
 * data dir's lock). The `beforeMigrations` check runs first, then migrations are applied.
 */
export async function prepareDatabase(config: Config, logger: Logger, beforeMigrations: BeforeMigrations): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    await ensureDatabase(config.databaseUrl).catch((error) => {
      throw new OperatorError(`gridroster: DATABASE_URL (${where}): ${describe(error)}`);
    });
    await beforeMigrations(config.databaseUrl);
    await migrateDatabase(config.databaseUrl);
    return { url: config.databaseUrl, embedded: null, description: where };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug({ postgres: line }));
  try {
    const url = embedded.url.replace(/\/postgres$/, '/gridroster');
    await ensureDatabase(url);
    await beforeMigrations(url);
    await migrateDatabase(url);
    const psql = `psql -h 127.0.0.1 -p ${embedded.port} -U postgres gridroster, password in ${config.dataDir}/pg-password`;
    return { url, embedded, description: `embedded PostgreSQL in ${config.dataDir} (${psql})` };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** What a connection failure means, in the words of the error (never the password). */
function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  if (e.code === 'ECONNREFUSED') return 'nothing answers there (connection refused); is PostgreSQL running?';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (e.code === 'CONNECT_TIMEOUT' || e.code === 'ETIMEDOUT') return 'the connection timed out';
  if (e.code === '28P01' || e.code === '28000') return `${e.message}; check the user and password`;
  if (e.code === '42501') return `${e.message}; the user may not create the database: create it first`;
  return e.message ?? String(error);
}
