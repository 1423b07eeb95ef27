import { and, eq } from 'drizzle-orm';
import { organizations } from '../../../drizzle/tables';
import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { isStaffOf, type Viewer } from '../auth/viewer';
import { findOrganization, selectOrganizations } from '../organizations/organization.queries';
import { visibleOrganizationSql } from '../organizations/organization.policy';
import type { OrganizationRow } from '../organizations/organization.type';

/**
 * Sets the most seated hours a volunteer may hold in any rolling 24 hours on the organization's
 * shifts (1–24, one decimal). Existing seats stay; the limit applies to seats taken from now on.
 */
export async function setRestLimit(db: Db, viewer: Viewer, input: { organizationId: number; hours: number }): Promise<OrganizationRow> {
  const hours = input.hours;
  if (!Number.isFinite(hours) || hours < 1 || hours > 24 || Math.abs(hours * 10 - Math.round(hours * 10)) > 1e-9) {
    throw new BadUserInputError('assignments.restLimitHours', 'hours');
  }
  return db.transaction(async (tx) => {
    const [org] = await selectOrganizations(tx, and(eq(organizations.id, input.organizationId), visibleOrganizationSql(viewer))!);
    if (!org) throw new NotFoundError('Organization');
    if (!isStaffOf(viewer, org.path, ['ORG_ADMIN'])) throw new ForbiddenError('assignments.restLimitOnlyAdmin');
    await tx.update(organizations).set({ restLimitHours: Math.round(hours * 10) / 10 }).where(eq(organizations.id, org.id));
    return (await findOrganization(tx, org.id))!;
  });
}
