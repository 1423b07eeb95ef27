import { eq } from 'drizzle-orm';
import { accounts, organizations, volunteers } from '../../../drizzle/tables';
import type { Db, DbOrTx } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { newCode } from '../../platform/one-time-codes';
import { consumeRate, type RateRule } from '../../platform/rate-limit';
import type { SmsSender } from '../../platform/sms';
import type { Viewer } from '../auth/viewer';
import { GRID_ROLES, type GridRole, type Role } from '../auth/role.enum';
import { grantRole, revokeGridGrant } from '../auth/auth.queries';
import { assertCanPickVolunteer } from '../volunteers/volunteer.reach';
import { canGrantGridRole } from './grid-role.policy';
import { findGrid, type GridRecord } from './grid.queries';
import { INVITATION_DAYS, insertInvitation } from './grid-invitation.queries';

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

/**
 * Gives a volunteer a grid role: the volunteer must be someone the caller may pick. With an account
 * they hold it at once; without one, an invitation goes by SMS to their record's own mobile (they
 * sign up, then accept it). The answer is the same either way: it never tells whether they have an account.
 */
export async function grantGridRole(deps: { db: Db; sms: SmsSender }, viewer: Viewer, input: { gridId: number; role: Role; volunteerId: number }): Promise<{ role: GridRole; gridId: number }> {
  const role = checkRole(input.role);
  const { granted, invitation } = await deps.db.transaction(async (tx) => {
    const grid = await grantableGrid(tx, viewer, input.gridId, role);
    await assertCanPickVolunteer(tx, viewer, input.volunteerId);
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.volunteerId, input.volunteerId));
    if (account) await grantRole(tx, account.id, role, null, grid.id);
    const [person] = account ? [] : await tx.select({ mobile: volunteers.mobile }).from(volunteers).where(eq(volunteers.id, input.volunteerId));
    const code = newCode('words10');
    if (person) await insertInvitation(tx, { gridId: grid.id, role, mobile: person.mobile, code, invitedBy: viewer.accountId });
    return { granted: { role, gridId: grid.id }, invitation: person ? { mobile: person.mobile, code } : null };
  });
  // Not awaited, so the answer takes as long either way; the sender logs its own failures. Texts
  // to one mobile are capped, so a leader cannot flood a person's phone by granting again and again.
  if (invitation) void textInvitation(deps, invitation);
  return granted;
}

/** Texts at most INVITATION_TEXT_RATE.limit invitations a day to one mobile; the rest are recorded, not sent. */
async function textInvitation(deps: { db: Db; sms: SmsSender }, invitation: { mobile: string; code: string }): Promise<void> {
  try {
    if (!(await consumeRate(deps.db, INVITATION_TEXT_RATE, invitation.mobile)).allowed) return;
    await deps.sms.send(invitation.mobile, { template: 'GRID_ROLE_INVITATION', code: invitation.code, validMinutes: INVITATION_DAYS * 24 * 60 });
  } catch {
    // The sender and the database log their own failures; the grant stands either way.
  }
}

/** Invitation texts one mobile receives at most in a day. */
export const INVITATION_TEXT_RATE: RateRule = { bucket: 'grid-invitation:text', limit: 5, windowSeconds: 86_400 };

/** Takes a granted grid role back; NOT_FOUND when the account holds no such grant on the grid. */
export async function revokeGridRole(db: Db, viewer: Viewer, input: { gridId: number; role: Role; accountId: number }): Promise<boolean> {
  const role = checkRole(input.role);
  return db.transaction(async (tx) => {
    await grantableGrid(tx, viewer, input.gridId, role);
    if (!(await revokeGridGrant(tx, input.accountId, role, input.gridId))) throw new NotFoundError('GridRole');
    return true;
  });
}
