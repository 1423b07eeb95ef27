import type { Config } from '../config';
import { ensureDatabase, migrateDatabase } from './db';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import type { Logger } from './logger';

export interface DatabaseTarget {
  url: string;
  embedded: EmbeddedDatabase | null;
  /** For the start-up line: where the data is, without the password. */
  description: string;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL in the data dir. Migrations applied. */
export async function prepareDatabase(config: Config, logger: Logger): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    await ensureDatabase(config.databaseUrl);
    await migrateDatabase(config.databaseUrl);
    const url = new URL(config.databaseUrl);
    return { url: config.databaseUrl, embedded: null, description: `${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug({ postgres: line }));
  try {
    const url = embedded.url.replace(/\/postgres$/, '/gridroster');
    await ensureDatabase(url);
    await migrateDatabase(url);
    return { url, embedded, description: `embedded PostgreSQL in ${config.dataDir}` };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
