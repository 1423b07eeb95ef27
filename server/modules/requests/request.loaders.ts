import DataLoader from 'dataloader';
import { and, sql } from 'drizzle-orm';
import { grids, serviceRuns } from '../../../drizzle/tables';
import { HOUSEHOLDS } from './household.type';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import type { HouseholdRow } from './household.type';
import { householdVisibleWhere, runVisibleWhere, staffOfRun, selectHouseholds, selectRuns, visibleHouseholdsByIds, visibleRequestsByIds } from './request.queries';
import type { ServiceRequestRow, ServiceRunRow } from './request.type';

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createRequestLoaders(db: DbOrTx, viewer: Viewer | null) {
  const runWhere = runVisibleWhere(viewer, staffOfRun(viewer));
  return {
    visibleRequestById: new DataLoader<number, ServiceRequestRow | null>(async (ids) => byId(ids, await visibleRequestsByIds(db, viewer, ids))),
    visibleHouseholdById: new DataLoader<number, HouseholdRow | null>(async (ids) => byId(ids, await visibleHouseholdsByIds(db, viewer, ids))),
    visibleRunById: new DataLoader<number, ServiceRunRow | null>(async (ids) =>
      byId(ids, await selectRuns(db, and(sql`${serviceRuns.id} = any(${sql.param(ids as number[])}::int[])`, runWhere)))),
    /** Households of each grid's subtree the viewer may see, by address (at most `HOUSEHOLDS.max` per grid). */
    visibleHouseholdsUnder: new DataLoader<number, HouseholdRow[]>(async (gridIds) => {
      const subtrees = sql`${grids.path} <@ array(select hu_root.path from grids hu_root where hu_root.id = any(${sql.param(gridIds as number[])}::int[]))`;
      const rows = await selectHouseholds(db, and(householdVisibleWhere(viewer), subtrees), HOUSEHOLDS.max * gridIds.length);
      return gridIds.map((id) => rows.filter((r) => r.gridPath.split('.').includes(String(id))));
    }),
    /** Each request's runs the viewer may read, oldest first (its history). */
    visibleRunsOfRequest: new DataLoader<number, ServiceRunRow[]>(async (ids) => {
      const rows = await selectRuns(db, and(sql`${serviceRuns.requestId} = any(${sql.param(ids as number[])}::int[])`, runWhere));
      return ids.map((id) => rows.filter((r) => r.requestId === id));
    }),
  };
}
