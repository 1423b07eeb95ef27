import { eq, sql, type SQL } from 'drizzle-orm';
import { organizations } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import type { OrganizationKind } from './organization-kind.enum';
import type { OrganizationRow } from './organization.type';

const columns = {
  id: organizations.id, name: organizations.name, kind: organizations.kind, parentId: organizations.parentId,
  path: sql<string>`${organizations.path}::text`.as('path'), restLimitHours: organizations.restLimitHours, createdAt: organizations.createdAt,
};

export async function selectOrganizations(db: DbOrTx, where: SQL, limit?: number): Promise<OrganizationRow[]> {
  const query = db.select(columns).from(organizations).where(where).orderBy(organizations.path);
  return limit === undefined ? query : query.limit(limit);
}

export async function findOrganization(db: DbOrTx, id: number): Promise<OrganizationRow | undefined> {
  const [row] = await selectOrganizations(db, eq(organizations.id, id));
  return row;
}

export async function insertOrganization(db: DbOrTx, values: { name: string; kind: OrganizationKind; parentId: number | null }): Promise<OrganizationRow> {
  const [{ id }] = await db.insert(organizations).values(values).returning({ id: organizations.id });
  return (await findOrganization(db, id))!;
}
