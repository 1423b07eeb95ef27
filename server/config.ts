import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Everything the server reads from the environment; nothing else touches process.env. */
export interface Config {
  port: number;
  /** External PostgreSQL; when absent an embedded one is started in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Signs tokens and derives the ID-number encryption key. */
  secret: string;
  adminMobile: string | undefined;
  adminPassword: string | undefined;
  production: boolean;
  introspection: boolean;
  /** Token lifetime in seconds. */
  tokenTtlSeconds: number;
  logLevel: string;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Live rosters over graphql-ws (docs/ARCHITECTURE.md, "Live rosters"). */
  live: LiveConfig;
}

export interface LiveConfig {
  subscriptionsPerSocket: number;
  /** Across all of an account's sockets in one process (GRIDROSTER_LIVE_SUBSCRIPTIONS_PER_ACCOUNT). */
  subscriptionsPerAccount: number;
  maxMessageBytes: number;
  /** Unsent bytes a socket may queue before it is closed as a slow consumer (4503). */
  sendBufferBytes: number;
  /** How often every socket's token is checked again (GRIDROSTER_LIVE_RECHECK_SECONDS). */
  recheckSeconds: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.GRIDROSTER_DATA_DIR || './.gridroster');
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got ${env.PORT}`);
  if (production && !env.GRIDROSTER_SECRET) throw new ConfigError('GRIDROSTER_SECRET is required when NODE_ENV=production');
  if (Boolean(env.GRIDROSTER_ADMIN_MOBILE) !== Boolean(env.GRIDROSTER_ADMIN_PASSWORD)) {
    throw new ConfigError('GRIDROSTER_ADMIN_MOBILE and GRIDROSTER_ADMIN_PASSWORD go together');
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    secret: env.GRIDROSTER_SECRET || storedSecret(dataDir),
    adminMobile: env.GRIDROSTER_ADMIN_MOBILE || undefined,
    adminPassword: env.GRIDROSTER_ADMIN_PASSWORD || undefined,
    production,
    introspection: !production || env.GRIDROSTER_INTROSPECTION === 'true',
    tokenTtlSeconds: 12 * 3600,
    logLevel: env.NODE_ENV === 'test' ? 'silent' : 'info',
    trustProxy: env.GRIDROSTER_TRUST_PROXY === 'true',
    live: {
      subscriptionsPerSocket: 100,
      subscriptionsPerAccount: positiveInt(env, 'GRIDROSTER_LIVE_SUBSCRIPTIONS_PER_ACCOUNT', 500),
      maxMessageBytes: 64 * 1024,
      sendBufferBytes: 1024 * 1024,
      recheckSeconds: positiveInt(env, 'GRIDROSTER_LIVE_RECHECK_SECONDS', 30),
    },
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name] == null || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got ${env[name]}`);
  return value;
}

/** A secret generated on first start and kept in the data dir, so tokens survive restarts. */
function storedSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
