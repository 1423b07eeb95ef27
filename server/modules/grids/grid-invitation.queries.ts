import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { accounts, gridRoleInvitations } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { normalizeCode } from '../../platform/one-time-codes';
import type { GridRole } from '../auth/role.enum';

export interface GridInvitationRow {
  id: number;
  gridId: number;
  role: GridRole;
  mobile: string;
  expiresAt: Date;
  acceptedBy: number | null;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const columns = {
  id: gridRoleInvitations.id, gridId: gridRoleInvitations.gridId, role: sql<GridRole>`${gridRoleInvitations.role}::text`,
  mobile: gridRoleInvitations.mobile, expiresAt: gridRoleInvitations.expiresAt, acceptedBy: gridRoleInvitations.acceptedBy,
  acceptedAt: gridRoleInvitations.acceptedAt, revokedAt: gridRoleInvitations.revokedAt,
};

/** Codes carry ~49 bits and are looked up by hash, so an unsalted SHA-256 is enough to keep them unreadable at rest. */
export function invitationCodeHash(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('base64url');
}

/** An invitation lasts a week: long enough to sign up first, short enough that a lost slip dies. */
export const INVITATION_DAYS = 7;

export async function insertInvitation(tx: DbOrTx, values: { gridId: number; role: GridRole; mobile: string; code: string; invitedBy: number }): Promise<GridInvitationRow> {
  const [row] = await tx.insert(gridRoleInvitations).values({
    gridId: values.gridId, role: values.role, mobile: values.mobile, codeHash: invitationCodeHash(values.code), invitedBy: values.invitedBy,
    expiresAt: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
  }).returning(columns);
  return row;
}

/** A live invitation with this code for the account's own mobile, locked; undefined for any other case alike. */
export async function lockLiveInvitation(tx: DbOrTx, code: string, accountId: number): Promise<GridInvitationRow | undefined> {
  const [row] = await tx.select(columns).from(gridRoleInvitations)
    .innerJoin(accounts, eq(accounts.mobile, gridRoleInvitations.mobile))
    .where(and(eq(gridRoleInvitations.codeHash, invitationCodeHash(code)), eq(accounts.id, accountId),
      isNull(gridRoleInvitations.acceptedAt), isNull(gridRoleInvitations.revokedAt), gt(gridRoleInvitations.expiresAt, sql`now()`)))
    .for('update', { of: gridRoleInvitations });
  return row;
}

export async function findInvitation(tx: DbOrTx, id: number): Promise<GridInvitationRow | undefined> {
  const [row] = await tx.select(columns).from(gridRoleInvitations).where(eq(gridRoleInvitations.id, id));
  return row;
}

export async function markInvitation(tx: DbOrTx, id: number, values: Partial<typeof gridRoleInvitations.$inferInsert>): Promise<GridInvitationRow> {
  const [row] = await tx.update(gridRoleInvitations).set(values).where(eq(gridRoleInvitations.id, id)).returning(columns);
  return row;
}
