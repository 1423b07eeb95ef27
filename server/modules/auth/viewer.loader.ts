import type { DbOrTx } from '../../platform/db';
import { findAccount, grantsOf } from './auth.queries';
import type { OrgGrant, Viewer } from './viewer';

/**
 * Builds the viewer for an authenticated account id; null when the account is gone, or when the
 * token's version (if given) is not the account's current one (logged out, password changed).
 */
export async function loadViewer(db: DbOrTx, accountId: number, tokenVersion?: number): Promise<Viewer | null> {
  const account = await findAccount(db, accountId);
  if (!account || (tokenVersion != null && tokenVersion !== account.tokenVersion)) return null;
  const grants = await grantsOf(db, [accountId]);
  return {
    accountId,
    volunteerId: account.volunteerId,
    isPlatformAdmin: grants.some((g) => g.role === 'PLATFORM_ADMIN'),
    grants: grants
      .filter((g) => g.organizationId != null && g.path != null && g.role !== 'PLATFORM_ADMIN' && g.role !== 'VOLUNTEER')
      .map((g) => ({ role: g.role as OrgGrant['role'], organizationId: g.organizationId!, path: g.path! })),
  };
}
