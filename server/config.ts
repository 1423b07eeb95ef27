import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperatorError } from './platform/operator-error';
import { readSecretFile, storedSecret } from './platform/secret-files';
import { formatDataKeys, newDataKey, parseDataKeys, type DataKey, type KeySecrets } from './platform/secrets';

/** Everything the server reads from the environment; nothing else touches process.env. */
export interface Config {
  port: number;
  /** The address the HTTP server binds (HOST); the start line shows it. */
  host: string;
  /** External PostgreSQL; when absent an embedded one is started in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Token-signing secrets and data keys, each from the environment or the data dir. */
  keys: KeySecrets;
  /** Where each kind of key came from: the environment, or files in the data dir. */
  keySources: { token: 'environment' | 'data dir'; data: 'environment' | 'data dir' };
  adminMobile: string | undefined;
  adminPassword: string | undefined;
  production: boolean;
  introspection: boolean;
  /** Serve the bundled GraphiQL at /graphiql. */
  graphiql: boolean;
  /** Browser origins allowed to call the API (CORS); empty: none. */
  corsOrigins: string[];
  /** Token lifetime in seconds (GRIDROSTER_TOKEN_TTL). */
  tokenTtlSeconds: number;
  logLevel: string;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** A query or mutation stops resolving fields after this long, and no SQL statement runs longer. */
  queryTimeoutMs: number;
  /** A response larger than this (serialized JSON) is refused with an error instead. */
  maxResponseBytes: number;
  /** Lifetime of a signed download link (certificates, reports, exports), in seconds. */
  downloadLinkTtlSeconds: number;
  /** Live rosters over graphql-ws (docs/ARCHITECTURE.md, "Live rosters"). */
  live: LiveConfig;
  /** The coordinator console served at `/` (client/console, built into its dist/). */
  console: ConsoleConfig;
}

export interface ConsoleConfig {
  /** The console's sources (client/console); the built files are in its dist/. */
  root: string;
  /** Build at start when the built files are missing or older than the sources (GRIDROSTER_CONSOLE_BUILD=false: never). */
  buildAtStart: boolean;
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

export class ConfigError extends OperatorError {}

const CONSOLE_ROOT = fileURLToPath(new URL('../client/console', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.GRIDROSTER_DATA_DIR || './.gridroster');
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got ${env.PORT}`);
  if (production && (!env.GRIDROSTER_SECRET || !env.GRIDROSTER_DATA_KEYS)) {
    throw new ConfigError('GRIDROSTER_SECRET and GRIDROSTER_DATA_KEYS are required when NODE_ENV=production (README: Moving to production)');
  }
  if (Boolean(env.GRIDROSTER_ADMIN_MOBILE) !== Boolean(env.GRIDROSTER_ADMIN_PASSWORD)) {
    throw new ConfigError('GRIDROSTER_ADMIN_MOBILE and GRIDROSTER_ADMIN_PASSWORD go together');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: databaseUrl(env.DATABASE_URL),
    dataDir,
    keys: { tokenSecrets: tokenSecrets(env, dataDir), dataKeys: dataKeys(env, dataDir) },
    keySources: { token: env.GRIDROSTER_SECRET ? 'environment' : 'data dir', data: env.GRIDROSTER_DATA_KEYS ? 'environment' : 'data dir' },
    adminMobile: env.GRIDROSTER_ADMIN_MOBILE || undefined,
    adminPassword: env.GRIDROSTER_ADMIN_PASSWORD || undefined,
    production,
    introspection: !production || env.GRIDROSTER_INTROSPECTION === 'true',
    graphiql: production ? env.GRIDROSTER_GRAPHIQL === 'true' : env.GRIDROSTER_GRAPHIQL !== 'false',
    corsOrigins: corsOrigins(env.GRIDROSTER_CORS_ORIGINS),
    tokenTtlSeconds: duration(env.GRIDROSTER_TOKEN_TTL, 12 * 3600, 'GRIDROSTER_TOKEN_TTL'),
    logLevel: env.NODE_ENV === 'test' ? 'silent' : 'info',
    trustProxy: env.GRIDROSTER_TRUST_PROXY === 'true',
    queryTimeoutMs: positiveInteger(env, 'GRIDROSTER_QUERY_TIMEOUT_MS', 10_000),
    maxResponseBytes: positiveInteger(env, 'GRIDROSTER_MAX_RESPONSE_BYTES', 8 * 1024 * 1024),
    downloadLinkTtlSeconds: positiveInteger(env, 'GRIDROSTER_DOWNLOAD_LINK_TTL', 600),
    live: {
      subscriptionsPerSocket: 100,
      subscriptionsPerAccount: positiveInteger(env, 'GRIDROSTER_LIVE_SUBSCRIPTIONS_PER_ACCOUNT', 500),
      maxMessageBytes: 64 * 1024,
      sendBufferBytes: 1024 * 1024,
      recheckSeconds: positiveInteger(env, 'GRIDROSTER_LIVE_RECHECK_SECONDS', 30),
    },
    console: { root: CONSOLE_ROOT, buildAtStart: env.GRIDROSTER_CONSOLE_BUILD !== 'false' },
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

function databaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL; write it postgres://user:password@host:5432/database');
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new ConfigError(`DATABASE_URL must start with postgres://, not ${url.protocol}//`);
  if (url.pathname.length < 2) throw new ConfigError('DATABASE_URL names no database; end it with /<database name>');
  return value;
}

/**
 * GRIDROSTER_SECRET signs tokens; GRIDROSTER_SECRET_PREVIOUS (comma-separated) is still accepted
 * for tokens issued before a rotation. Without them, a secret is generated into the data dir.
 */
function tokenSecrets(env: NodeJS.ProcessEnv, dataDir: string): string[] {
  if (env.GRIDROSTER_SECRET) {
    const all = [env.GRIDROSTER_SECRET, ...(env.GRIDROSTER_SECRET_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean)];
    if (all.some((s) => s.length < 16)) throw new ConfigError('GRIDROSTER_SECRET (and each GRIDROSTER_SECRET_PREVIOUS) must be at least 16 characters');
    return all;
  }
  mkdirSync(dataDir, { recursive: true });
  const previous = (readSecretFile(join(dataDir, 'token-secret.previous')) ?? '').split('\n').filter(Boolean);
  return [storedSecret(join(dataDir, 'token-secret'), () => randomBytes(32).toString('base64url')), ...previous];
}

/**
 * GRIDROSTER_DATA_KEYS: `id:secret` entries, the one new data is written with first. Without it,
 * <data dir>/data-keys (generated on first start). A data dir from before keys were separated kept
 * one `secret` for everything: it becomes data key k1, which is what its ID numbers were written with.
 */
function dataKeys(env: NodeJS.ProcessEnv, dataDir: string): DataKey[] {
  if (env.GRIDROSTER_DATA_KEYS) {
    try {
      return parseDataKeys(env.GRIDROSTER_DATA_KEYS);
    } catch (error) {
      throw new ConfigError(`GRIDROSTER_DATA_KEYS: ${(error as Error).message}`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'data-keys');
  const stored = readSecretFile(file);
  if (stored) {
    try {
      return parseDataKeys(stored);
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message}`);
    }
  }
  const legacy = readSecretFile(join(dataDir, 'secret'));
  const created = formatDataKeys(legacy ? [{ id: 'k1', secret: legacy }] : [newDataKey([])]);
  return parseDataKeys(storedSecret(file, () => created.trim()));
}

function corsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch { /* reported below */ }
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(`GRIDROSTER_CORS_ORIGINS: ${origin} is not an origin; write scheme://host[:port], e.g. https://roster.example.org`);
    }
  }
  return origins;
}

/** Seconds, or a number with s, m, h or d. */
function duration(value: string | undefined, fallback: number, name: string): number {
  if (!value) return fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's']! : NaN;
  if (!(seconds >= 60 && seconds <= 30 * 86400)) throw new ConfigError(`${name} must be between 60s and 30d (e.g. 12h), got ${value}`);
  return seconds;
}
