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
  /** Lifetime of a signed download link (certificates, reports, exports), in seconds. */
  downloadLinkTtlSeconds: number;
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
    downloadLinkTtlSeconds: positiveInteger(env.GRIDROSTER_DOWNLOAD_LINK_TTL ?? '600', 'GRIDROSTER_DOWNLOAD_LINK_TTL'),
  };
}

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive whole number of seconds, got ${value}`);
  return n;
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
