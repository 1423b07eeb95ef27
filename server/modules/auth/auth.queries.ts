import { and, eq, sql } from 'drizzle-orm';
import { accounts, grids, organizations, roleGrants } from '../../../drizzle/tables';
import { alias } from 'drizzle-orm/pg-core';
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
  /** A grid role's grid; null for every other role. */
  gridId: number | null;
  /** The organization's path; for a grid role, the path of the grid's organization (whose admins look after it). */
  path: string | null;
}

const gg = alias(grids, 'grant_grid');
const ggo = alias(organizations, 'grant_grid_org');

export async function grantsOf(db: DbOrTx, accountIds: readonly number[]): Promise<GrantRow[]> {
  return db
    .select({
      accountId: roleGrants.accountId, role: roleGrants.role, organizationId: roleGrants.organizationId, gridId: roleGrants.gridId,
      path: sql<string | null>`coalesce(${organizations.path}, ${ggo.path})::text`,
    })
    .from(roleGrants)
    .leftJoin(organizations, eq(organizations.id, roleGrants.organizationId))
    .leftJoin(gg, eq(gg.id, roleGrants.gridId))
    .leftJoin(ggo, eq(ggo.id, gg.organizationId))
    .where(sql`${roleGrants.accountId} = any(${sql.param(accountIds as number[])}::int[])`)
    .orderBy(roleGrants.id);
}

export interface GridGrantRow {
  accountId: number;
  role: 'GRID_WORKER' | 'GRID_LEADER';
  gridId: number;
  path: string;
  organizationPath: string;
  /** Held as the grid's named leader (setGridLeader) rather than granted. */
  asLeader: boolean;
}

/**
 * The grid roles of accounts: granted ones, and GRID_LEADER over each grid whose leader is the
 * account's volunteer (so naming a leader and the leader's rights never disagree).
 */
export async function gridGrantsOf(db: DbOrTx, accountIds: readonly number[]): Promise<GridGrantRow[]> {
  const rows = await db.execute<{ account_id: number; role: GridGrantRow['role']; grid_id: number; path: string; org_path: string; as_leader: boolean }>(sql`
    select r.account_id, r.role::text as role, g.id as grid_id, g.path::text as path, o.path::text as org_path, false as as_leader
      from role_grants r join grids g on g.id = r.grid_id join organizations o on o.id = g.organization_id
     where r.account_id = any(${sql.param(accountIds as number[])}::int[])
    union all
    select a.id, 'GRID_LEADER', g.id, g.path::text, o.path::text, true
      from accounts a join grids g on g.leader_volunteer_id = a.volunteer_id join organizations o on o.id = g.organization_id
     where a.id = any(${sql.param(accountIds as number[])}::int[])
     order by 1, 3, 2`);
  return rows.map((r) => ({ accountId: r.account_id, role: r.role, gridId: r.grid_id, path: r.path, organizationPath: r.org_path, asLeader: r.as_leader }));
}

export async function insertAccount(db: DbOrTx, values: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [row] = await db.insert(accounts).values(values).returning();
  return row;
}

export async function grantRole(db: DbOrTx, accountId: number, role: Role, organizationId: number | null, gridId: number | null = null): Promise<void> {
  await db.insert(roleGrants).values({ accountId, role, organizationId, gridId }).onConflictDoNothing();
}

/** Removes a grid role; true when there was one. */
export async function revokeGridGrant(db: DbOrTx, accountId: number, role: Role, gridId: number): Promise<boolean> {
  const rows = await db.delete(roleGrants)
    .where(and(eq(roleGrants.accountId, accountId), eq(roleGrants.role, role), eq(roleGrants.gridId, gridId)))
    .returning({ id: roleGrants.id });
  return rows.length > 0;
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
