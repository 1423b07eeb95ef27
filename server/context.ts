import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Config } from './config';
import type { Database, Db } from './platform/db';
import type { Logger } from './platform/logger';
import type { Keys } from './platform/secrets';
import { UnauthenticatedError } from './platform/errors';
import { bearer, verifyToken } from './modules/auth/token';
import { loadViewer } from './modules/auth/viewer.loader';
import type { Viewer } from './modules/auth/viewer';
import type { ViewerCache } from './modules/auth/viewer.cache';
import { createLoaders, type Loaders } from './loaders';
import type { SmsSender } from './platform/sms';
import { deadlineIn } from './platform/deadline';
import type { ExecutionArgs } from 'graphql';
import type { LiveConnection } from './platform/ws';
import type { RosterFanout } from './modules/roster-events/roster-fanout';
import { DEFAULT_LANGUAGE, negotiateLanguage, translator, type Language, type Translate } from './platform/i18n';

/** What the app is built from; main.ts and the test harness both make one. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  keys: Keys;
  /** Text messages to a mobile (activation and sign-up codes); the log driver outside production. */
  sms: SmsSender;
  /** Viewers of recent tokens, forgotten on NOTIFY viewer_changed (createApp starts it); without it, read per request. */
  viewers?: ViewerCache;
}

export interface Context {
  requestId: string;
  /** The caller's network address, for per-client limits (the socket's peer; see config.trustProxy). */
  clientAddress: string;
  viewer: Viewer | null;
  db: Db;
  loaders: Loaders;
  deps: AppDeps;
  /** When a query or mutation stops resolving fields (platform/deadline.ts). */
  deadline: number;
  queryTimeoutMs: number;
  /** The language the caller asked for (requestLanguage / connectionLanguage); errors are rendered in it by formatError. */
  language: Language;
  /** Renders a catalog message in `language`, for text a successful answer carries (row messages, pages). */
  t: Translate;
  /** On a graphql-ws subscription: its socket and operation, and the process's live fan-out. */
  live?: LiveOperation;
}

export interface LiveOperation {
  fanout: RosterFanout;
  connection: LiveConnection;
  operationId: string;
  args: ExecutionArgs;
}

/** The one place a request's context is built: viewer from the bearer token, its language, fresh loaders. */
export async function createContext(deps: AppDeps, req: IncomingMessage, clientAddress = 'local'): Promise<Context> {
  const viewer = await viewerFromAuthorization(deps, req.headers.authorization);
  return contextFor(deps, viewer, clientAddress, requestLanguage(req));
}

export function contextFor(deps: AppDeps, viewer: Viewer | null, clientAddress = 'local', language: Language = DEFAULT_LANGUAGE, db: Db = deps.database.db): Context {
  const { queryTimeoutMs } = deps.config;
  // Loaders are built when a resolver first asks: a request that reads nothing (`{ __typename }`,
  // a login) or an open subscription does not pay for a few dozen DataLoaders.
  let loaders: Loaders | undefined;
  return {
    requestId: randomUUID(), clientAddress, viewer, db, deps,
    deadline: deadlineIn(queryTimeoutMs), queryTimeoutMs, language, t: translator(language),
    get loaders() { return (loaders ??= createLoaders(db, viewer, deps)); },
    set loaders(value: Loaders) { loaders = value; },
  };
}

/** An HTTP request's language: its Accept-Language, Chinese when it names none we have. */
export function requestLanguage(req: IncomingMessage): Language {
  return negotiateLanguage(req.headers['accept-language']);
}

/**
 * A graphql-ws connection's language: `language` in the connection_init payload (a tag such as
 * `en`, or an Accept-Language list), else the upgrade request's Accept-Language (a browser sends
 * one), else Chinese.
 */
export function connectionLanguage(connectionParams: Readonly<Record<string, unknown>> | undefined | null, acceptLanguage: string | undefined): Language {
  const asked = connectionParams?.language;
  return negotiateLanguage(typeof asked === 'string' && asked.trim() !== '' ? asked : acceptLanguage);
}

/**
 * A subscription's context, kept for as long as it runs: it reads on the live pool and builds
 * its loaders only if a resolver asks (rosterChanged's subscribe does not), so an open
 * subscription holds a few hundred bytes, not a request's worth of DataLoaders.
 */
export function liveContextFor(deps: AppDeps, viewer: Viewer | null, clientAddress: string, live: LiveOperation, language: Language = DEFAULT_LANGUAGE): Context {
  const context = contextFor(deps, viewer, clientAddress, language, deps.database.live.db);
  // Subscriptions run as long as the client keeps them: no request deadline applies.
  return Object.assign(context, { live, deadline: Number.POSITIVE_INFINITY, queryTimeoutMs: 0 });
}

/**
 * The address per-client limits count against: the TCP peer, or with GRIDROSTER_TRUST_PROXY the
 * first address of X-Forwarded-For (set it only behind a proxy that overwrites that header).
 */
export function clientAddressOf(deps: AppDeps, req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (deps.config.trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0].trim();
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The viewer a bearer token stands for, or null. `load` lets a caller checking many tokens at once
 * (the live connections' periodic re-check) batch the account reads.
 */
export async function viewerFromAuthorization(
  deps: AppDeps, authorization: unknown, load?: (accountId: number) => Promise<Viewer | null>,
): Promise<Viewer | null> {
  const token = bearer(authorization);
  if (!token) return null;
  const claims = await verifyToken(deps.keys.token, token);
  if (claims == null) return null;
  const viewer = await (load ?? ((id: number) => knownViewer(deps, id, claims.version)))(claims.accountId);
  // A token issued before the account's logout or password change names an older version.
  return viewer && viewer.tokenVersion === claims.version ? viewer : null;
}

/**
 * The account's viewer from the process's cache, read when absent. A token naming a newer version
 * than the kept viewer's means the account changed before its NOTIFY arrived: read it again.
 */
async function knownViewer(deps: AppDeps, accountId: number, tokenVersion: number): Promise<Viewer | null> {
  const read = (id: number) => loadViewer(deps.database.db, id);
  const { viewers } = deps;
  if (!viewers) return read(accountId);
  const viewer = await viewers.get(accountId, read);
  if (!viewer || viewer.tokenVersion >= tokenVersion) return viewer;
  viewers.forget(accountId);
  return viewers.get(accountId, read);
}

/**
 * Forgets this process's kept viewer of an account whose tokens just stopped working (logout, a
 * new password), so the very next request here re-reads it instead of waiting for the NOTIFY.
 */
export function forgetViewer(ctx: Context, accountId: number): void {
  ctx.deps.viewers?.forget(accountId);
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

/** Switches a request's context to a viewer who has just proven who they are (login). */
export function signInContext(ctx: Context, viewer: Viewer | null): void {
  ctx.viewer = viewer;
  ctx.loaders = createLoaders(ctx.db, viewer, ctx.deps);
}
