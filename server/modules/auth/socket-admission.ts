import DataLoader from 'dataloader';
import { decodeJwt } from 'jose';
import { viewerFromAuthorization, type AppDeps } from '../../context';
import { LiveCloseCode, type Admission } from '../../platform/ws';
import { bearer, verifyToken } from './token';
import { loadViewers } from './viewer.loader';
import type { Viewer } from './viewer';

/**
 * Who may hold a graphql-ws socket: decided at connection_init, and again every few seconds for
 * every socket (platform/ws.ts). 4401 when the token is missing, forged, malformed or expired
 * (sign in again); 4403 when a well-formed token no longer gives a viewer (the account is gone,
 * disabled or signed out — whatever viewerFromAuthorization refuses).
 */
export async function admitSocket(deps: AppDeps, authorization: unknown): Promise<Admission> {
  const token = bearer(authorization);
  if (!token) return refused(LiveCloseCode.Unauthorized, 'Sign in first: send { authorization: "Bearer <token>" } in connection_init.');
  if ((await verifyToken(deps.keys.token, token)) == null) return refused(LiveCloseCode.Unauthorized, 'The token is not valid or has expired: sign in again.');
  return admissionOf(await viewerFromAuthorization(deps, authorization), token);
}

/**
 * The periodic re-check of every socket, through viewerFromAuthorization like any request, with
 * the account reads of all sockets batched (two statements per batch, not per socket).
 */
export async function recheckSockets(deps: AppDeps, authorizations: unknown[]): Promise<Admission[]> {
  try {
    return await recheck(deps, authorizations);
  } catch (error) {
    // The database is unreachable: leave every socket as it is until the next re-check.
    deps.logger.warn({ err: error }, 'live socket re-check failed');
    return authorizations.map(() => ({ ok: true, principal: { key: '', expiresAt: null } }));
  }
}

async function recheck(deps: AppDeps, authorizations: unknown[]): Promise<Admission[]> {
  const viewers = new DataLoader<number, Viewer | null>(async (ids) => {
    const found = await loadViewers(deps.database.live.db, ids);
    return ids.map((id) => found.get(id) ?? null);
  }, { cache: false, maxBatchSize: 1000, batchScheduleFn: (run) => setTimeout(run, 5) });
  return Promise.all(authorizations.map(async (authorization) => {
    const token = bearer(authorization);
    const viewer = token ? await viewerFromAuthorization(deps, authorization, (id) => viewers.load(id)) : null;
    return admissionOf(viewer, token);
  }));
}

function admissionOf(viewer: Viewer | null, token: string | null): Admission {
  const expiresAt = token ? expiryOf(token) : null;
  if (!viewer) {
    return expiresAt != null && expiresAt <= Date.now()
      ? refused(LiveCloseCode.Unauthorized, 'The token has expired: sign in again.')
      : refused(LiveCloseCode.Forbidden, 'This account may not use live rosters now: sign in again.');
  }
  return { ok: true, principal: { key: String(viewer.accountId), expiresAt } };
}

/** The token's expiry; only read from a token viewerFromAuthorization has just accepted or refused. */
function expiryOf(token: string): number | null {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function refused(code: number, reason: string): Admission {
  return { ok: false, code, reason };
}
