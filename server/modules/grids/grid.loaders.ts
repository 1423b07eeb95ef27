import DataLoader from 'dataloader';
import { and } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import type { TeamRow } from '../teams/team.type';
import {
  effectiveCutoffs, gridIdIn, gridVisibleWhere, parentIdIn, selectChildGrids, selectGrids, selectSubtrees, selectZoneChanges, type GridRecord,
} from './grid.queries';
import {
  deploymentGridIdIn, deploymentIdIn, deploymentVisibleWhere, selectDeployments, selectDeploymentsPerGrid, selectTeamsById, type DeploymentRecord,
} from './deployment.queries';
import { CHILD_GRIDS, GRID_DEPLOYMENTS, GRID_SUBTREE, ZONE_HISTORY, type ZoneChangeRow } from './grid.type';

function byKey<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const map = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/** Grid and deployment loaders; everything named `visible…` answers null (or leaves out) what the viewer may not see. */
export function createGridLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    visibleById: new DataLoader<number, GridRecord | null>(async (ids) =>
      byKey(ids, await selectGrids(db, and(gridIdIn(ids), gridVisibleWhere(viewer))), (r) => r.id)),

    /** Visible children of each parent grid, in creation order. */
    visibleChildren: new DataLoader<number, GridRecord[]>(async (parentIds) =>
      groupBy(parentIds, await selectChildGrids(db, and(parentIdIn(parentIds), gridVisibleWhere(viewer))!, CHILD_GRIDS.max), (r) => r.parentId!)),

    /**
     * "This grid and every grid below it" for several grids in one query, keyed by the ancestor's
     * path, each in tree order (parents before children, siblings by id).
     */
    visibleSubtree: new DataLoader<string, GridRecord[]>(async (paths) => {
      const rows = await selectSubtrees(db, paths, gridVisibleWhere(viewer), GRID_SUBTREE.max);
      return groupBy(paths, rows, (r) => r.ancestor).map((subtree) => subtree.map(({ ancestor: _a, ...grid }) => grid));
    }),

    /** Unfiltered history: the resolver decides who may read it. */
    zoneHistory: new DataLoader<number, ZoneChangeRow[]>(async (gridIds) =>
      groupBy(gridIds, await selectZoneChanges(db, gridIds, ZONE_HISTORY.max), (r) => r.gridId)),

    visibleDeploymentsByGrid: new DataLoader<number, DeploymentRecord[]>(async (gridIds) => {
      const rows = await selectDeploymentsPerGrid(db, and(deploymentGridIdIn(gridIds), deploymentVisibleWhere(viewer))!, GRID_DEPLOYMENTS.max);
      return groupBy(gridIds, rows, (r) => r.gridId);
    }),

    visibleDeploymentById: new DataLoader<number, DeploymentRecord | null>(async (ids) =>
      byKey(ids, await selectDeployments(db, and(deploymentIdIn(ids), deploymentVisibleWhere(viewer))), (r) => r.id)),

    /** Each grid's request cut-off (HH:MM), inherited from above when it sets none; for grids already checked visible. */
    requestCutoff: new DataLoader<number, string>(async (gridIds) => {
      const cutoffs = await effectiveCutoffs(db, gridIds);
      return gridIds.map((id) => cutoffs.get(id) ?? '17:00');
    }),

    /** Teams of deployments already checked visible; never used for a bare team id. */
    deployedTeams: new DataLoader<number, TeamRow | null>(async (ids) => byKey(ids, await selectTeamsById(db, ids), (r) => r.id)),
  };
}
export type GridLoaders = ReturnType<typeof createGridLoaders>;
