import { and, eq, sql } from 'drizzle-orm';
import { accounts, organizations, roleGrants } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Role } from './role.enum';

export type AccountRow = typeof accounts.$inferSelect;

export async function findAccountByMobile(db: DbOrTx, mobile: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.mobile, mobile));
  return row;
}

export async function findAccount(db: DbOrTx, id: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export async function findAccounts(db: DbOrTx, ids: readonly number[]): Promise<AccountRow[]> {
  return db.select().from(accounts).where(sql`${accounts.id} = any(${sql.param(ids as number[])}::int[])`);
}

export interface GrantRow {
  accountId: number;
  role: Role;
  organizationId: number | null;
  path: string | null;
}

export async function grantsOf(db: DbOrTx, accountIds: readonly number[]): Promise<GrantRow[]> {
  return db
    .select({ accountId: roleGrants.accountId, role: roleGrants.role, organizationId: roleGrants.organizationId, path: sql<string | null>`${organizations.path}::text` })
    .from(roleGrants)
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .where(sql`${roleGrants.accountId} = any(${sql.param(accountIds as number[])}::int[])`)
    .orderBy(roleGrants.id);
}

export async function insertAccount(db: DbOrTx, values: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [row] = await db.insert(accounts).values(values).returning();
  return row;
}

export async function grantRole(db: DbOrTx, accountId: number, role: Role, organizationId: number | null): Promise<void> {
  await db.insert(roleGrants).values({ accountId, role, organizationId }).onConflictDoNothing();
}

export async function hasGrant(db: DbOrTx, accountId: number, role: Role, organizationId: number | null): Promise<boolean> {
  const rows = await db.select({ id: roleGrants.id }).from(roleGrants).where(and(
    eq(roleGrants.accountId, accountId), eq(roleGrants.role, role),
    organizationId == null ? sql`${roleGrants.organizationId} is null` : eq(roleGrants.organizationId, organizationId),
  ));
  return rows.length > 0;
}

/** A new password ends every session: tokens naming the old version are refused. */
export async function setPasswordHash(db: DbOrTx, accountId: number, passwordHash: string): Promise<AccountRow> {
  const [row] = await db.update(accounts).set({ passwordHash, tokenVersion: sql`${accounts.tokenVersion} + 1` })
    .where(eq(accounts.id, accountId)).returning();
  return row;
}

/** Logout: every token issued to the account so far stops working. */
export async function bumpTokenVersion(db: DbOrTx, accountId: number): Promise<void> {
  await db.update(accounts).set({ tokenVersion: sql`${accounts.tokenVersion} + 1` }).where(eq(accounts.id, accountId));
}

/** The oldest platform admin's account id, or null when there is none. */
export async function firstPlatformAdminId(db: DbOrTx): Promise<number | null> {
  const [row] = await db.select({ accountId: roleGrants.accountId }).from(roleGrants)
    .where(eq(roleGrants.role, 'PLATFORM_ADMIN')).orderBy(roleGrants.id).limit(1);
  return row?.accountId ?? null;
}
