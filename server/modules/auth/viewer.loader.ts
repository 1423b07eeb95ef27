import type { DbOrTx } from '../../platform/db';
import { findAccounts, grantsOf, type AccountRow, type GrantRow } from './auth.queries';
import type { OrgGrant, Viewer } from './viewer';

/**
 * Builds the viewer for an authenticated account id; null when the account is gone, or when the
 * token's version (if given) is not the account's current one (logged out, password changed).
 */
export async function loadViewer(db: DbOrTx, accountId: number, tokenVersion?: number): Promise<Viewer | null> {
  const viewer = (await loadViewers(db, [accountId])).get(accountId) ?? null;
  return viewer && (tokenVersion == null || tokenVersion === viewer.tokenVersion) ? viewer : null;
}

/**
 * Viewers for many accounts in two statements (live subscriptions re-read their viewers per batch
 * of roster events, and re-check every connection's token periodically). Missing accounts are
 * absent from the map.
 */
export async function loadViewers(db: DbOrTx, accountIds: readonly number[]): Promise<Map<number, Viewer>> {
  const viewers = new Map<number, Viewer>();
  if (accountIds.length === 0) return viewers;
  const accounts = await findAccounts(db, [...new Set(accountIds)]);
  if (accounts.length === 0) return viewers;
  const grantsByAccount = new Map<number, GrantRow[]>();
  for (const grant of await grantsOf(db, accounts.map((a) => a.id))) {
    grantsByAccount.set(grant.accountId, [...(grantsByAccount.get(grant.accountId) ?? []), grant]);
  }
  for (const account of accounts) viewers.set(account.id, viewerOf(account, grantsByAccount.get(account.id) ?? []));
  return viewers;
}

function viewerOf(account: AccountRow, grants: GrantRow[]): Viewer {
  return {
    accountId: account.id,
    volunteerId: account.volunteerId,
    isPlatformAdmin: grants.some((g) => g.role === 'PLATFORM_ADMIN'),
    grants: grants
      .filter((g) => g.organizationId != null && g.path != null && g.role !== 'PLATFORM_ADMIN' && g.role !== 'VOLUNTEER')
      .map((g) => ({ role: g.role as OrgGrant['role'], organizationId: g.organizationId!, path: g.path! })),
    tokenVersion: account.tokenVersion,
  };
}
