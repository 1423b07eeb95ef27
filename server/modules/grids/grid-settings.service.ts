import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { holdsGridRole, type Viewer } from '../auth/viewer';
import { canManageGrid } from './grid.policy';
import { findGrid, setRequestCutoff, type GridRecord } from './grid.queries';

const CUTOFF = /^([01]\d|2[0-3]):[0-5]\d$/;

/** HH:MM on the 24-hour clock, or null to inherit. */
export function checkCutoff(cutoff: string | null): string | null {
  if (cutoff == null) return null;
  const value = cutoff.trim();
  if (!CUTOFF.test(value)) throw new BadUserInputError('grids.cutoffFormat', 'cutoff');
  return value;
}

/** The grid's managers, and its grid leaders (网格长 run their grid's collection of orders). */
export async function setGridRequestCutoff(db: Db, viewer: Viewer, gridId: number, cutoff: string | null): Promise<GridRecord> {
  const value = checkCutoff(cutoff);
  return db.transaction(async (tx) => {
    const grid = await findGrid(tx, gridId, viewer);
    if (!grid) throw new NotFoundError('Grid');
    if (!canManageGrid(viewer, grid.organizationPath) && !holdsGridRole(viewer, grid.path, ['GRID_LEADER'])) {
      throw new ForbiddenError('grids.onlyManagersSetCutoff');
    }
    await setRequestCutoff(tx, gridId, value);
    return grid;
  });
}
