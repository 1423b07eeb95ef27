import type { DbOrTx } from './platform/db';
import type { Viewer } from './modules/auth/viewer';
import type { AppDeps } from './context';
import { createAccountLoaders } from './modules/auth/auth.loaders';
import { findAccount } from './modules/auth/auth.queries';
import { createOrganizationLoaders } from './modules/organizations/organization.loaders';

/**
 * Every DataLoader of a request, built fresh per request (and per subscription event) so nothing
 * is cached across viewers. Loaders named `visible…` apply the viewer's scope themselves.
 */
export function createLoaders(db: DbOrTx, viewer: Viewer | null, _deps: AppDeps) {
  const accounts = createAccountLoaders(db);
  const organizations = createOrganizationLoaders(db, viewer);
  const nodes = {
    Organization: (id: number) => organizations.visibleById.load(id),
    Account: async (id: number) => (viewer && (viewer.accountId === id || viewer.isPlatformAdmin) ? findAccount(db, id) : null),
  } as Record<string, (id: number) => Promise<object | null | undefined>>;
  return { accounts, organizations, nodes };
}

export type Loaders = ReturnType<typeof createLoaders>;
