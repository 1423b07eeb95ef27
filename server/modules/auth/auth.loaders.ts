import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import { grantsOf, type GrantRow } from './auth.queries';

export function createAccountLoaders(db: DbOrTx) {
  return {
    grants: new DataLoader<number, GrantRow[]>(async (ids) => {
      const rows = await grantsOf(db, ids);
      return ids.map((id) => rows.filter((r) => r.accountId === id));
    }),
  };
}
