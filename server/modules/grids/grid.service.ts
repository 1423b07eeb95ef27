import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { isStaffOf, isUnder, type Viewer } from '../auth/viewer';
import { findOrganization } from '../organizations/organization.queries';
import { cleanName } from '../organizations/organization.service';
import { assertCanPickVolunteer } from '../volunteers/volunteer.reach';
import { canCreateGridIn, canManageGrid } from './grid.policy';
import {
  changeZone, findGrid, g, insertGrid, insertZoneChange, selectGrids, setLeader, topLevelWhere, gridVisibleWhere, type GridRecord,
} from './grid.queries';
import { GRID_LEVELS, type GridLevel, type ZoneLevel } from './grid.type';

/** Top-level grids, or one grid's children: at most `limit`, in creation order. */
export async function listGrids(db: Db, viewer: Viewer, parentId: number | null, limit: number): Promise<GridRecord[]> {
  if (parentId == null) return selectGrids(db, topLevelWhere(viewer), limit);
  if (!(await findGrid(db, parentId, viewer))) throw new NotFoundError('Grid');
  return selectGrids(db, and(eq(g.parentId, parentId), gridVisibleWhere(viewer)), limit);
}

/**
 * Creates a grid owned by an organization the caller manages. Under a parent, the parent must be
 * visible, deeper-levelled than the child, and the child's organization must be the parent's
 * organization or below it — so whoever sees a grid by organization also sees every grid under it.
 */
export async function createGrid(
  db: Db, viewer: Viewer, input: { name: string; level: GridLevel; parentId: number | null; organizationId: number },
): Promise<GridRecord> {
  const name = cleanName(input.name);
  return db.transaction(async (tx) => {
    const org = await findOrganization(tx, input.organizationId);
    if (!org || !(viewer.isPlatformAdmin || isStaffOf(viewer, org.path))) throw new NotFoundError('Organization');
    const parent = input.parentId == null ? null : await findGrid(tx, input.parentId, viewer);
    if (input.parentId != null && !parent) throw new NotFoundError('Grid');
    if (!canCreateGridIn(viewer, org)) throw new ForbiddenError('grids.onlyStaffCreate');
    if (parent) {
      if (!nestsUnder(parent.level, input.level)) {
        throw new BadUserInputError({ key: 'grids.levelDeeperThanParent', params: { level: parent.level } }, 'level');
      }
      if (!isUnder(org.path, [parent.organizationPath])) {
        throw new BadUserInputError('grids.organizationUnderParent', 'organizationId');
      }
    }
    const id = await insertGrid(tx, { name, level: input.level, parentId: input.parentId, organizationId: org.id });
    return (await findGridUnscoped(tx, id))!;
  });
}

/**
 * Levels go down the ladder, except that a sub-grid splits again as often as the work needs (格中格:
 * 4-2-5 under 4-2 under grid 4). Paths are ltree, so any depth stays one GiST-indexed subtree query.
 */
export function nestsUnder(parent: GridLevel, child: GridLevel): boolean {
  if (parent === 'SUB_GRID' && child === 'SUB_GRID') return true;
  return GRID_LEVELS.indexOf(child) > GRID_LEVELS.indexOf(parent);
}

/** Sets the zone and records who changed it, in one transaction; the same zone again records nothing. */
export async function setZone(db: Db, viewer: Viewer, gridId: number, zone: ZoneLevel): Promise<GridRecord> {
  return db.transaction(async (tx) => {
    await managedGrid(tx, viewer, gridId);
    if (await changeZone(tx, gridId, zone)) await insertZoneChange(tx, { gridId, zone, changedBy: viewer.accountId });
    return (await findGridUnscoped(tx, gridId))!;
  });
}

/** Names (or clears) the grid leader: an ACTIVE volunteer the caller can see. */
export async function setGridLeader(db: Db, viewer: Viewer, gridId: number, volunteerId: number | null): Promise<GridRecord> {
  return db.transaction(async (tx) => {
    await managedGrid(tx, viewer, gridId);
    if (volunteerId != null) {
      const volunteer = await assertCanPickVolunteer(tx, viewer, volunteerId);
      if (volunteer.status !== 'ACTIVE') throw new ConflictError({ key: 'grids.leaderMustBeActive', params: { status: volunteer.status } }, 'VOLUNTEER_NOT_ACTIVE');
    }
    await setLeader(tx, gridId, volunteerId);
    return (await findGridUnscoped(tx, gridId))!;
  });
}

/** A grid the viewer sees (else NOT_FOUND) and manages (else FORBIDDEN). */
async function managedGrid(tx: DbOrTx, viewer: Viewer, gridId: number): Promise<GridRecord> {
  const grid = await findGrid(tx, gridId, viewer);
  if (!grid) throw new NotFoundError('Grid');
  if (!canManageGrid(viewer, grid.organizationPath)) throw new ForbiddenError('grids.onlyStaffChange');
  return grid;
}

function findGridUnscoped(db: DbOrTx, id: number): Promise<GridRecord | undefined> {
  return selectGrids(db, eq(g.id, id)).then((rows) => rows[0]);
}
