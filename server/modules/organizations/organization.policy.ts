import type { Viewer } from '../auth/viewer';
import { isStaffOf } from '../auth/viewer';
import { visibleOrganizationSql } from '../visibility';
import type { OrganizationRow } from './organization.type';

export { visibleOrganizationSql };

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
