import type { Db } from '../../platform/db';
import { BadUserInputError, NotFoundError } from '../../platform/errors';
import { newCode } from '../../platform/one-time-codes';
import { enforceRate, type RateRule } from '../../platform/rate-limit';
import type { Viewer } from '../auth/viewer';
import { grantRole, revokeGridGrant } from '../auth/auth.queries';
import { isMobile } from '../volunteers/volunteer.validation';
import { grantableGrid, isGridRole } from './grid-role.service';
import { findInvitation, insertInvitation, lockLiveInvitation, markInvitation, type GridInvitationRow } from './grid-invitation.queries';
import type { Role } from '../auth/role.enum';

/** Codes an account may try per hour (a code has ~49 bits; this keeps guessing pointless). */
export const ACCEPT_RATE: RateRule = { bucket: 'grid-invitation:account', limit: 10, windowSeconds: 3600 };

export type IssuedInvitation = GridInvitationRow & { code: string };

/**
 * Offers a grid role to whoever holds the mobile: the answer (a code to hand over, its expiry) is
 * the same whether or not the mobile has an account, and nothing is looked up by it — the person
 * signs up if need be, then accepts. Who may: as grantGridRole.
 */
export async function inviteToGridRole(db: Db, viewer: Viewer, input: { gridId: number; role: Role; mobile: string }): Promise<IssuedInvitation> {
  if (!isGridRole(input.role)) throw new BadUserInputError('grids.gridRoleOnly', 'role');
  const role = input.role;
  const mobile = input.mobile.replace(/[\s-]/g, '');
  if (!isMobile(mobile)) throw new BadUserInputError('volunteers.mobileFormat', 'mobile');
  return db.transaction(async (tx) => {
    const grid = await grantableGrid(tx, viewer, input.gridId, role);
    const code = newCode('words10');
    const row = await insertInvitation(tx, { gridId: grid.id, role, mobile, code, invitedBy: viewer.accountId });
    return { ...row, code };
  });
}

/** The signed-in account takes up an invitation made for its own mobile: the role is granted. Any other code is NOT_FOUND alike. */
export async function acceptGridRoleInvitation(db: Db, viewer: Viewer, code: string): Promise<GridInvitationRow> {
  await enforceRate(db, ACCEPT_RATE, String(viewer.accountId));
  return db.transaction(async (tx) => {
    const invitation = await lockLiveInvitation(tx, code, viewer.accountId);
    if (!invitation) throw new NotFoundError('GridRoleInvitation');
    await grantRole(tx, viewer.accountId, invitation.role, null, invitation.gridId);
    return markInvitation(tx, invitation.id, { acceptedBy: viewer.accountId, acceptedAt: new Date() });
  });
}

/** Withdraws an invitation, and the role it granted if it was accepted (who may: as grantGridRole). */
export async function revokeGridRoleInvitation(db: Db, viewer: Viewer, id: number): Promise<GridInvitationRow> {
  return db.transaction(async (tx) => {
    const invitation = await findInvitation(tx, id);
    if (!invitation) throw new NotFoundError('GridRoleInvitation');
    await grantableGrid(tx, viewer, invitation.gridId, invitation.role);
    if (invitation.acceptedBy != null) await revokeGridGrant(tx, invitation.acceptedBy, invitation.role, invitation.gridId);
    return invitation.revokedAt ? invitation : markInvitation(tx, id, { revokedAt: new Date() });
  });
}
