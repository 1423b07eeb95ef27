import type { DbOrTx } from '../../platform/db';
import { findAccounts, grantsOf, gridGrantsOf, type AccountRow, type GrantRow, type GridGrantRow } from './auth.queries';
import { GRID_ROLES } from './role.enum';
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
 * Viewers for many accounts in three statements (live subscriptions re-read their viewers per batch
 * of roster events, and re-check every connection's token periodically). Missing accounts are
 * absent from the map.
 */
export async function loadViewers(db: DbOrTx, accountIds: readonly number[]): Promise<Map<number, Viewer>> {
  const viewers = new Map<number, Viewer>();
  if (accountIds.length === 0) return viewers;
  const accounts = await findAccounts(db, [...new Set(accountIds)]);
  if (accounts.length === 0) return viewers;
  const ids = accounts.map((a) => a.id);
  const [grants, gridGrants] = await Promise.all([grantsOf(db, ids), gridGrantsOf(db, ids)]);
  for (const account of accounts) {
    viewers.set(account.id, viewerOf(account, grants.filter((g) => g.accountId === account.id), gridGrants.filter((g) => g.accountId === account.id)));
  }
  return viewers;
}

const NOT_ORGANIZATION_WIDE: readonly string[] = ['PLATFORM_ADMIN', 'VOLUNTEER', ...GRID_ROLES];

function viewerOf(account: AccountRow, grants: GrantRow[], gridGrants: GridGrantRow[]): Viewer {
  return {
    accountId: account.id,
    volunteerId: account.volunteerId,
    isPlatformAdmin: grants.some((g) => g.role === 'PLATFORM_ADMIN'),
    grants: grants
      .filter((g) => g.organizationId != null && g.path != null && !NOT_ORGANIZATION_WIDE.includes(g.role))
      .map((g) => ({ role: g.role as OrgGrant['role'], organizationId: g.organizationId!, path: g.path! })),
    gridGrants: gridGrants.map(({ role, gridId, path, organizationPath }) => ({ role, gridId, path, organizationPath })),
    tokenVersion: account.tokenVersion,
  };
}
