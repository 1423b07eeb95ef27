import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import { grantsOf, gridGrantsOf, type GrantRow, type GridGrantRow } from './auth.queries';

export function createAccountLoaders(db: DbOrTx) {
  return {
    grants: new DataLoader<number, GrantRow[]>(async (ids) => {
      const rows = await grantsOf(db, ids);
      return ids.map((id) => rows.filter((r) => r.accountId === id));
    }),
    /** Grid roles, granted and as a grid's leader; the resolver decides who may read them. */
    gridGrants: new DataLoader<number, GridGrantRow[]>(async (ids) => {
      const rows = await gridGrantsOf(db, ids);
      return ids.map((id) => rows.filter((r) => r.accountId === id));
    }),
  };
}
