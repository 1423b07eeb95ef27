import { sql, type SQL } from 'drizzle-orm';
import { organizations } from '../../../drizzle/tables';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, staffPaths } from '../auth/viewer';
import { pathsParam } from '../volunteers/volunteer.scope';
import type { OrganizationRow } from './organization.type';

/**
 * Organizations a viewer sees: staff see their subtrees; a volunteer sees the organizations
 * they are affiliated with, except correction offices (that affiliation is confidential).
 */
export function visibleOrganizationSql(viewer: Viewer | null): SQL {
  if (!viewer) return sql`false`;
  if (viewer.isPlatformAdmin) return sql`true`;
  const paths = staffPaths(viewer);
  const staff = paths.length ? sql`${organizations.path} <@ ${pathsParam(paths)}` : sql`false`;
  const own = viewer.volunteerId != null
    ? sql`(${organizations.kind} <> 'CORRECTION_OFFICE' and exists (select 1 from volunteer_affiliations a
          where a.organization_id = ${organizations.id} and a.volunteer_id = ${viewer.volunteerId}))`
    : sql`false`;
  return sql`(${staff} or ${own})`;
}

/** Creating an organization: platform admins anywhere, org admins below their own. */
export function canCreateOrganization(viewer: Viewer, parent: OrganizationRow | null): boolean {
  if (viewer.isPlatformAdmin) return true;
  return parent != null && isStaffOf(viewer, parent.path, ['ORG_ADMIN']);
}

export function canAdminister(viewer: Viewer, org: OrganizationRow): boolean {
  return isStaffOf(viewer, org.path, ['ORG_ADMIN']);
}

/** Any staff role on the organization or an ancestor. */
export function isStaff(viewer: Viewer, org: OrganizationRow): boolean {
  return isStaffOf(viewer, org.path);
}
