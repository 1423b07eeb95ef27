import { loadConfig } from './config';
import { createLogger } from './platform/logger';
import { prepareDatabase } from './platform/database-setup';
import { connectDatabase } from './platform/db';
import { deriveKeys } from './platform/secrets';
import { ensurePlatformAdmin } from './modules/auth/auth.service';
import { createApp } from './app';
import { loadDemo } from './demo/load-demo';
import { LogSmsSender } from './platform/sms';

/** Process entry: config → database → app → listen; SIGINT/SIGTERM → stop everything in order. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(process.env.GRIDROSTER_LOG_LEVEL ?? config.logLevel);
  const target = await prepareDatabase(config, logger);
  const database = connectDatabase(target.url);
  const deps = { config, database, logger, keys: deriveKeys(config.secret), sms: new LogSmsSender(logger) };
  const app = await createApp(deps);

  let stopping: Promise<void> | undefined;
  const stop = (signal: string, exitCode = 0) => (stopping ??= (async () => {
    logger.info({ signal }, 'stopping');
    await app.stop().catch((error) => logger.error({ err: error }, 'server stop failed'));
    logger.debug('http stopped');
    await database.close().catch(() => {});
    logger.debug('database closed');
    await target.embedded?.stop();
    logger.info('stopped');
    process.exit(exitCode);
  })());
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    if (config.adminMobile && config.adminPassword) await ensurePlatformAdmin(database.db, config.adminMobile, config.adminPassword);
    if (process.argv.includes('--demo')) await loadDemo(database.db, deps, (line) => console.log(line));
    const port = await app.listen(config.port);
    logger.info(`gridroster listening on http://localhost:${port}/graphql (HTTP and graphql-ws) using ${target.description}`);
  } catch (error) {
    // A failed start (a refused demo, a port in use) must not leave the embedded PostgreSQL behind.
    console.error(error instanceof Error ? error.message : error);
    await stop('startup failed', 1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
