import postgres from 'postgres';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './platform/logger';
import { prepareDatabase } from './platform/database-setup';
import { connectDatabase } from './platform/db';
import { createKeys, type Keys } from './platform/secrets';
import { acquireDataDirLock, DataDirInUseError, type DataDirLock } from './platform/data-dir-lock';
import { monitorDatabase } from './platform/database-monitor';
import { OperatorError } from './platform/operator-error';
import { ensurePlatformAdmin, platformAdminProblem } from './modules/auth/auth.service';
import { dataKeyProblem } from './modules/volunteers/id-number-keys';
import { createApp } from './app';
import { loadDemo } from './demo/load-demo';
import { LogSmsSender } from './platform/sms';
import { ensureWebBuild } from './platform/web-build';
import { consoleApp } from './console';

const demo = process.argv.includes('--demo');

/** Process entry: config → lock → database → app → listen; SIGINT/SIGTERM → stop everything in order. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(process.env.GRIDROSTER_LOG_LEVEL ?? config.logLevel);
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopping: Promise<void> | undefined;
  // A start that failed has printed its one line; undoing what it began needs no more words.
  const stop = (signal: string | null, exitCode = 0) => (stopping ??= (async () => {
    if (signal) logger.info({ signal }, 'stopping');
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error) => logger.error({ err: error }, 'stop step failed'));
    if (signal) logger.info('stopped');
    process.exit(exitCode);
  })());
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    // The embedded PostgreSQL's data is this process's alone while it runs; an external one is shared.
    const lock = config.databaseUrl ? null : acquireDataDirLock(config.dataDir);
    cleanups.push(() => lock?.release());
    await serve(config, logger, lock, cleanups);
  } catch (error) {
    // A failed start (a refused demo, a port in use, wrong keys) must not leave PostgreSQL behind.
    console.error(startFailure(error, config));
    await stop(null, 1);
  }
}

async function serve(config: Config, logger: Logger, lock: DataDirLock | null, cleanups: (() => Promise<void> | void)[]): Promise<void> {
  const keys = createKeys(config.keys);
  // The bootstrap admin obeys the rules every other account does.
  const adminProblem = config.adminMobile && config.adminPassword ? platformAdminProblem(config.adminMobile, config.adminPassword) : null;
  if (adminProblem) throw new OperatorError(`gridroster: ${adminProblem}`);
  // The console builds (when its sources changed) alongside the start; the API never waits for it.
  const consoleBuilt = config.console.buildAtStart ? ensureWebBuild(consoleApp(config.console.root), (line) => logger.info(line)) : null;
  consoleBuilt?.catch(() => {});
  const target = await prepareDatabase(config, logger, (url) => refuseUnreadableData(url, keys, config));
  cleanups.push(() => target.embedded?.stop());
  target.embedded?.onUnexpectedExit((code) => logger.error({ code }, 'the embedded PostgreSQL exited; stop gridroster (Ctrl-C) and start it again'));
  const monitor = monitorDatabase(target.url, logger);
  cleanups.push(() => monitor.stop());
  const database = connectDatabase(target.url, { statementTimeoutMs: config.queryTimeoutMs });
  // A database that is gone would hold the pool's end for its whole timeout: give up sooner.
  cleanups.push(() => Promise.race([database.close(), new Promise<void>((resolve) => setTimeout(resolve, 2000))]));
  const deps = { config, database, logger, keys, sms: new LogSmsSender(logger) };
  const app = await createApp(deps);
  consoleBuilt?.then((outcome) => {
    if (outcome === 'fresh') return;
    app.reloadConsole();
    logger.info('the console is built and served at /');
  }, (error: unknown) => logger.error({ err: error }, 'the console could not be built; / serves the last build, if any (npm run console:build)'));
  cleanups.push(() => app.stop());
  if (config.adminMobile && config.adminPassword) await ensurePlatformAdmin(database.db, config.adminMobile, config.adminPassword);
  if (demo) await loadDemo(database.db, deps, (line) => console.log(line));
  const port = await app.listen(config.port, config.host);
  const url = `http://${urlHost(config.host)}:${port}/graphql`;
  lock?.announce(url);
  const graphiql = config.graphiql ? `, GraphiQL at ${url.replace(/graphql$/, 'graphiql')}` : '';
  const site = app.servesConsole ? `, the console at ${url.replace(/graphql$/, '')}` : '';
  logger.info(`gridroster listening on ${url} (HTTP and graphql-ws${graphiql}${site})${everyInterface(config.host)} using ${target.description}`);
}

/** Wrong data keys: refuse before the migrations or anything else writes. */
async function refuseUnreadableData(url: string, keys: Keys, config: Config): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const source = config.keySources.data === 'environment' ? 'GRIDROSTER_DATA_KEYS' : `${config.dataDir}/data-keys`;
    const problem = await dataKeyProblem(client, keys.idNumbers, source);
    if (problem) throw new OperatorError(problem);
  } finally {
    await client.end({ timeout: 5 });
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function everyInterface(host: string): string {
  return host === '0.0.0.0' || host === '::' ? ' on every network interface' : '';
}

/** The one line a failed start prints. */
function startFailure(error: unknown, config: Config): string {
  if (error instanceof DataDirInUseError && demo) {
    return `${error.message.replace(/; stop that one first.*$/, '')}; to load the demo, stop it (Ctrl-C in its terminal, or kill ${error.holder.pid}) and run npm run demo again. Nothing was changed.`;
  }
  if (error instanceof OperatorError || error instanceof DataDirInUseError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `gridroster: port ${config.port} on ${config.host} is in use by another program; stop it or choose another port with PORT=…`;
  if (code === 'EACCES') return `gridroster: may not listen on port ${config.port} (ports below 1024 need privileges); choose another with PORT=…`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `gridroster: HOST=${config.host} is not an address of this machine`;
  return `gridroster: could not start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error) => {
  console.error(error instanceof OperatorError || error instanceof DataDirInUseError ? error.message : `gridroster: could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
