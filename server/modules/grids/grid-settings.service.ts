import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { holdsGridRole, type Viewer } from '../auth/viewer';
import { canManageGrid } from './grid.policy';
import { findGrid, setClaimLimit, setRequestCutoff, type GridRecord } from './grid.queries';

const CUTOFF = /^([01]\d|2[0-3]):[0-5]\d$/;

/** HH:MM on the 24-hour clock, or null to inherit. */
export function checkCutoff(cutoff: string | null): string | null {
  if (cutoff == null) return null;
  const value = cutoff.trim();
  if (!CUTOFF.test(value)) throw new BadUserInputError('grids.cutoffFormat', 'cutoff');
  return value;
}

/** A grid setting the viewer may change: its managers, and its grid leaders (网格长 run their grid's orders). */
async function changeSetting(db: Db, viewer: Viewer, gridId: number, write: (tx: Tx) => Promise<void>): Promise<GridRecord> {
  return db.transaction(async (tx) => {
    const grid = await findGrid(tx, gridId, viewer);
    if (!grid) throw new NotFoundError('Grid');
    if (!canManageGrid(viewer, grid.organizationPath) && !holdsGridRole(viewer, grid.path, ['GRID_LEADER'])) {
      throw new ForbiddenError('grids.onlyManagersSetCutoff');
    }
    await write(tx);
    return grid;
  });
}

export function setGridRequestCutoff(db: Db, viewer: Viewer, gridId: number, cutoff: string | null): Promise<GridRecord> {
  const value = checkCutoff(cutoff);
  return changeSetting(db, viewer, gridId, (tx) => setRequestCutoff(tx, gridId, value));
}

/** 1–20 open claims, or null to inherit. */
export function setGridClaimLimit(db: Db, viewer: Viewer, gridId: number, limit: number | null): Promise<GridRecord> {
  if (limit != null && !(Number.isInteger(limit) && limit >= 1 && limit <= 20)) throw new BadUserInputError('grids.claimLimitRange', 'limit');
  return changeSetting(db, viewer, gridId, (tx) => setClaimLimit(tx, gridId, limit));
}
