import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import type { TeamRow } from '../teams/team.type';
import { pageShiftsByRoot, visibleEligibleTeams, visibleShiftsByIds, type ShiftCursor, type ShiftGroupPage, type ShiftListFilter } from './shift.queries';
import type { ShiftRow } from './shift.type';

/** One Grid.shifts request: the grid, and the (already validated) arguments. */
export interface GridShiftsKey {
  gridId: number;
  filter: ShiftListFilter;
  after: ShiftCursor | null;
  limit: number;
}

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * Grid.shifts for many grids: one pair of statements per distinct set of arguments (usually one),
 * whatever the number of grids.
 */
async function loadGridShifts(db: DbOrTx, viewer: Viewer | null, keys: readonly GridShiftsKey[]): Promise<ShiftGroupPage[]> {
  const groups = new Map<string, GridShiftsKey[]>();
  for (const key of keys) {
    const args = JSON.stringify([key.filter, key.after, key.limit]);
    groups.set(args, [...(groups.get(args) ?? []), key]);
  }
  const results = new Map<GridShiftsKey, ShiftGroupPage>();
  await Promise.all([...groups.values()].map(async (group) => {
    const { filter, after, limit } = group[0];
    const pages = await pageShiftsByRoot(db, viewer, group.map((k) => k.gridId), filter, after, limit);
    for (const key of group) results.set(key, pages.get(key.gridId) ?? { rows: [], totalCount: 0 });
  }));
  return keys.map((key) => results.get(key)!);
}

export function createShiftLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    /** Shifts the viewer may see (those on grids they see); null for the rest. */
    visibleById: new DataLoader<number, ShiftRow | null>(async (ids) => byId(ids, await visibleShiftsByIds(db, viewer, ids))),

    /** Eligible teams of each shift, without the teams the viewer may not see. */
    visibleEligibleTeams: new DataLoader<number, TeamRow[]>(async (shiftIds) => {
      const rows = await visibleEligibleTeams(db, viewer, shiftIds);
      return shiftIds.map((id) => rows.filter((r) => r.shiftId === id).map(({ shiftId: _s, ...team }) => team));
    }),

    gridShifts: new DataLoader<GridShiftsKey, ShiftGroupPage, string>(
      (keys) => loadGridShifts(db, viewer, keys),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
  };
}
export type ShiftLoaders = ReturnType<typeof createShiftLoaders>;
