import { eq } from 'drizzle-orm';
import { accounts, organizations } from '../../../drizzle/tables';
import type { Db, DbOrTx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { GRID_ROLES, type GridRole, type Role } from '../auth/role.enum';
import { grantRole, revokeGridGrant } from '../auth/auth.queries';
import { assertCanPickVolunteer } from '../volunteers/volunteer.reach';
import { canGrantGridRole } from './grid-role.policy';
import { findGrid, type GridRecord } from './grid.queries';

export function isGridRole(role: Role): role is GridRole {
  return (GRID_ROLES as readonly string[]).includes(role);
}

/**
 * The grid a grid role is to be granted (or revoked) on: visible (else NOT_FOUND), not a
 * correction office's post (its rosters are its officers' alone), and the caller may grant it.
 */
export async function grantableGrid(db: DbOrTx, viewer: Viewer, gridId: number, role: GridRole): Promise<GridRecord> {
  const grid = await findGrid(db, gridId, viewer);
  if (!grid) throw new NotFoundError('Grid');
  const [org] = await db.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, grid.organizationId));
  if (org?.kind === 'CORRECTION_OFFICE') throw new BadUserInputError('grids.noGridRolesOnCorrectionPosts', 'gridId');
  if (!canGrantGridRole(viewer, role, grid)) {
    throw new ForbiddenError('grids.grantGridRole');
  }
  return grid;
}

function checkRole(role: Role): GridRole {
  if (!isGridRole(role)) throw new BadUserInputError('grids.gridRoleOnly', 'role');
  return role;
}

/** Gives a volunteer's account a grid role: the volunteer must be someone the caller may pick. */
export async function grantGridRole(db: Db, viewer: Viewer, input: { gridId: number; role: Role; volunteerId: number }): Promise<{ accountId: number; role: GridRole; gridId: number }> {
  const role = checkRole(input.role);
  return db.transaction(async (tx) => {
    const grid = await grantableGrid(tx, viewer, input.gridId, role);
    await assertCanPickVolunteer(tx, viewer, input.volunteerId);
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.volunteerId, input.volunteerId));
    if (!account) throw new ConflictError('grids.gridRoleNeedsAccount', 'NO_ACCOUNT');
    await grantRole(tx, account.id, role, null, grid.id);
    return { accountId: account.id, role, gridId: grid.id };
  });
}

/** Takes a granted grid role back; NOT_FOUND when the account holds no such grant on the grid. */
export async function revokeGridRole(db: Db, viewer: Viewer, input: { gridId: number; role: Role; accountId: number }): Promise<boolean> {
  const role = checkRole(input.role);
  return db.transaction(async (tx) => {
    await grantableGrid(tx, viewer, input.gridId, role);
    if (!(await revokeGridGrant(tx, input.accountId, role, input.gridId))) throw new NotFoundError('GridRole');
    return true;
  });
}
