import DataLoader from 'dataloader';
import { and, sql } from 'drizzle-orm';
import { organizations } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { selectOrganizations } from './organization.queries';
import { visibleOrganizationSql } from './organization.policy';
import type { OrganizationRow } from './organization.type';

export function createOrganizationLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    /** Organizations the viewer may see; null for the rest. */
    visibleById: new DataLoader<number, OrganizationRow | null>(async (ids) => {
      const rows = await selectOrganizations(db, and(sql`${organizations.id} = any(${sql.param(ids as number[])}::int[])`, visibleOrganizationSql(viewer))!);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Any organization, unscoped: for policy checks inside services, never returned to clients as is. */
    anyById: new DataLoader<number, OrganizationRow | null>(async (ids) => {
      const rows = await selectOrganizations(db, sql`${organizations.id} = any(${sql.param(ids as number[])}::int[])`);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
export type OrganizationLoaders = ReturnType<typeof createOrganizationLoaders>;
