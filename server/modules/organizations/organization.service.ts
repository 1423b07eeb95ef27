import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { findOrganization, insertOrganization, selectOrganizations } from './organization.queries';
import { canCreateOrganization, isStaff, visibleOrganizationSql } from './organization.policy';
import type { OrganizationKind } from './organization-kind.enum';
import type { OrganizationRow } from './organization.type';

export function cleanName(value: string, field = 'name', max = 100): string {
  const name = value.trim();
  if (name.length < 1 || name.length > max || /[\p{Cc}]/u.test(name)) {
    throw new BadUserInputError({ key: 'text.lengthAndControls', params: { field, max } }, field);
  }
  return name;
}

/** The organizations the viewer may see, in tree order, at most `limit`. */
export async function listOrganizations(db: Db, viewer: Viewer, limit: number): Promise<OrganizationRow[]> {
  return selectOrganizations(db, visibleOrganizationSql(viewer), limit);
}

export async function createOrganization(
  db: Db, viewer: Viewer, input: { name: string; kind: OrganizationKind; parentId: number | null },
): Promise<OrganizationRow> {
  const name = cleanName(input.name);
  return db.transaction(async (tx) => {
    const parent = input.parentId == null ? null : (await findOrganization(tx, input.parentId)) ?? null;
    if (input.parentId != null && !parent) throw new NotFoundError('Organization');
    if (!canCreateOrganization(viewer, parent)) {
      if (parent && !isStaff(viewer, parent)) throw new NotFoundError('Organization');
      throw new ForbiddenError('organizations.onlyAdminsCreate');
    }
    return insertOrganization(tx, { name, kind: input.kind, parentId: input.parentId });
  });
}
