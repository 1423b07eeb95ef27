import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, grids, organizations, zoneChanges } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { visibleGridSql } from './grid.policy';
import type { GridLevel, GridRow, ZoneChangeRow, ZoneLevel } from './grid.type';

/** A grid with its owning organization's path, which every access check needs. */
export type GridRecord = GridRow & { organizationPath: string };

/** Aliases used by every grid read, so scope conditions can name them. */
export const g = alias(grids, 'g');
export const go = alias(organizations, 'go');

const columns = {
  id: g.id, name: g.name, level: g.level, parentId: g.parentId, organizationId: g.organizationId,
  path: sql<string>`${g.path}::text`.as('path'), zone: g.zone, leaderVolunteerId: g.leaderVolunteerId,
  createdAt: g.createdAt, organizationPath: sql<string>`${go.path}::text`.as('organization_path'),
};

export async function selectGrids(db: DbOrTx, where: SQL | undefined): Promise<GridRecord[]> {
  return db.select(columns).from(g).innerJoin(go, eq(go.id, g.organizationId)).where(where).orderBy(g.id);
}

export function gridVisibleWhere(viewer: Viewer | null): SQL {
  return visibleGridSql(viewer, g.path, go.path);
}

export function gridIdIn(ids: readonly number[]): SQL {
  return sql`${g.id} = any(${sql.param(ids as number[])}::int[])`;
}

export function parentIdIn(ids: readonly number[]): SQL {
  return sql`${g.parentId} = any(${sql.param(ids as number[])}::int[])`;
}

/** Visible grids with no parent, or whose parent the viewer cannot see (a village coordinator's top). */
export function topLevelWhere(viewer: Viewer | null): SQL {
  const parentVisible = visibleGridSql(viewer, sql`p.path`, sql`po.path`);
  return and(gridVisibleWhere(viewer), sql`(${g.parentId} is null or not exists (select 1 from grids p
    join organizations po on po.id = p.organization_id where p.id = ${g.parentId} and ${parentVisible}))`)!;
}

/** "These grids and every grid below them": one GiST-indexed condition at any depth. */
export function subtreeWhere(ancestorPaths: readonly string[]): SQL {
  return sql`${g.path} <@ ${sql.param(ancestorPaths as string[])}::ltree[]`;
}

export async function findGrid(db: DbOrTx, id: number, viewer: Viewer | null): Promise<GridRecord | undefined> {
  const [row] = await selectGrids(db, and(eq(g.id, id), gridVisibleWhere(viewer)));
  return row;
}

export async function insertGrid(
  db: DbOrTx, values: { name: string; level: GridLevel; parentId: number | null; organizationId: number },
): Promise<number> {
  const [{ id }] = await db.insert(grids).values(values).returning({ id: grids.id });
  return id;
}

/** Changes the zone only if it differs; true when it changed (the caller then records it). */
export async function changeZone(db: DbOrTx, gridId: number, zone: ZoneLevel): Promise<boolean> {
  const rows = await db.update(grids).set({ zone }).where(and(eq(grids.id, gridId), ne(grids.zone, zone))).returning({ id: grids.id });
  return rows.length > 0;
}

export async function insertZoneChange(db: DbOrTx, values: { gridId: number; zone: ZoneLevel; changedBy: number }): Promise<void> {
  await db.insert(zoneChanges).values(values);
}

export async function setLeader(db: DbOrTx, gridId: number, volunteerId: number | null): Promise<void> {
  await db.update(grids).set({ leaderVolunteerId: volunteerId }).where(eq(grids.id, gridId));
}

/** Zone histories of several grids, oldest first, with the changer's display name. */
export async function selectZoneChanges(db: DbOrTx, gridIds: readonly number[]): Promise<ZoneChangeRow[]> {
  return db
    .select({ gridId: zoneChanges.gridId, zone: zoneChanges.zone, changedAt: zoneChanges.changedAt, changedBy: accounts.displayName })
    .from(zoneChanges)
    .leftJoin(accounts, eq(accounts.id, zoneChanges.changedBy))
    .where(sql`${zoneChanges.gridId} = any(${sql.param(gridIds as number[])}::int[])`)
    .orderBy(zoneChanges.changedAt, zoneChanges.id);
}
