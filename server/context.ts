import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import type { Database, Db } from './platform/db';
import type { Logger } from './platform/logger';
import type { Keys } from './platform/secrets';
import { UnauthenticatedError } from './platform/errors';
import { bearer, verifyToken } from './modules/auth/token';
import { loadViewer } from './modules/auth/viewer.loader';
import type { Viewer } from './modules/auth/viewer';
import { createLoaders, type Loaders } from './loaders';
import type { RosterNotifier } from './modules/roster-events/roster-notifier';

/** What the app is built from; main.ts and the test harness both make one. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  keys: Keys;
  notifier: RosterNotifier;
}

export interface Context {
  requestId: string;
  viewer: Viewer | null;
  db: Db;
  loaders: Loaders;
  deps: AppDeps;
}

/** The one place a request's context is built: viewer from the bearer token, fresh loaders. */
export async function createContext(deps: AppDeps, authorization: unknown): Promise<Context> {
  const viewer = await viewerFromAuthorization(deps, authorization);
  return contextFor(deps, viewer);
}

export function contextFor(deps: AppDeps, viewer: Viewer | null): Context {
  const db = deps.database.db;
  return { requestId: randomUUID(), viewer, db, loaders: createLoaders(db, viewer, deps), deps };
}

export async function viewerFromAuthorization(deps: AppDeps, authorization: unknown): Promise<Viewer | null> {
  const token = bearer(authorization);
  if (!token) return null;
  const accountId = await verifyToken(deps.keys.tokenKey, token);
  return accountId == null ? null : loadViewer(deps.database.db, accountId);
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
