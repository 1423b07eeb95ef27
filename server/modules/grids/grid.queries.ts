import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, grids, organizations, zoneChanges } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { rankInParent, unranked } from '../../platform/list-caps';
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

export async function selectGrids(db: DbOrTx, where: SQL | undefined, limit?: number): Promise<GridRecord[]> {
  const query = db.select(columns).from(g).innerJoin(go, eq(go.id, g.organizationId)).where(where).orderBy(g.id);
  return limit === undefined ? query : query.limit(limit);
}

/** The children of several grids in creation order, at most `cap` per parent. */
export async function selectChildGrids(db: DbOrTx, where: SQL, cap: number): Promise<GridRecord[]> {
  const ranked = db.select({ ...columns, rank: rankInParent(g.parentId, g.id) }).from(g)
    .innerJoin(go, eq(go.id, g.organizationId)).where(where).as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.id));
}

/**
 * "These grids and every grid below them", each subtree in tree order (parents before children,
 * siblings by id: the path's ids as an integer array) and cut at `cap`; `ancestor` says whose.
 */
export async function selectSubtrees(
  db: DbOrTx, ancestorPaths: readonly string[], where: SQL, cap: number,
): Promise<(GridRecord & { ancestor: string })[]> {
  const ancestor = sql<string>`k.path::text`;
  const ranked = db.select({
    ...columns, ancestor: ancestor.as('ancestor'),
    rank: rankInParent(ancestor, sql`string_to_array(${g.path}::text, '.')::int[]`),
  }).from(g).innerJoin(go, eq(go.id, g.organizationId))
    .innerJoin(sql`unnest(${sql.param(ancestorPaths as string[])}::ltree[]) as k(path)`, sql`${g.path} <@ k.path`)
    .where(where).as('ranked');
  return unranked(await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.ancestor, ranked.rank));
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

/** Zone histories of several grids, oldest first, with the changer's display name; at most `cap` per grid. */
export async function selectZoneChanges(db: DbOrTx, gridIds: readonly number[], cap: number): Promise<ZoneChangeRow[]> {
  const ranked = db
    .select({
      id: zoneChanges.id, gridId: zoneChanges.gridId, zone: zoneChanges.zone, changedAt: zoneChanges.changedAt, changedBy: accounts.displayName,
      rank: rankInParent(zoneChanges.gridId, zoneChanges.changedAt, zoneChanges.id),
    })
    .from(zoneChanges)
    .leftJoin(accounts, eq(accounts.id, zoneChanges.changedBy))
    .where(sql`${zoneChanges.gridId} = any(${sql.param(gridIds as number[])}::int[])`).as('ranked');
  const rows = await db.select().from(ranked).where(sql`${ranked.rank} <= ${cap}`).orderBy(ranked.changedAt, ranked.id);
  return rows.map(({ gridId, zone, changedAt, changedBy }) => ({ gridId, zone, changedAt, changedBy }));
}

/** The 17:00 collection deadline of the reports, where no grid above sets another. */
export const DEFAULT_REQUEST_CUTOFF = '17:00';

/**
 * Each grid's request cut-off as HH:MM: its own, else the nearest grid above it that sets one
 * (the ancestors are the ids on its path), else 17:00.
 */
export async function effectiveCutoffs(db: DbOrTx, gridIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.execute<{ id: number; cutoff: string }>(sql`
    select g.id, coalesce((select to_char(a.request_cutoff, 'HH24:MI') from grids a
      where a.id = any(string_to_array(g.path::text, '.')::int[]) and a.request_cutoff is not null
      order by nlevel(a.path) desc limit 1), ${DEFAULT_REQUEST_CUTOFF}) as cutoff
      from grids g where g.id = any(${sql.param(gridIds as number[])}::int[])`);
  return new Map(rows.map((r) => [r.id, r.cutoff]));
}

export async function setRequestCutoff(db: DbOrTx, gridId: number, cutoff: string | null): Promise<void> {
  await db.update(grids).set({ requestCutoff: cutoff }).where(eq(grids.id, gridId));
}
