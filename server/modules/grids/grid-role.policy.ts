import { holdsGridRole, isStaffOf, type Viewer } from '../auth/viewer';
import type { GridRole } from '../auth/role.enum';

/**
 * Who may give (and take back) a grid role over a grid: platform admins and admins of the grid's
 * organization (or above) for both roles; the grid's leaders may also name its grid workers.
 */
export function canGrantGridRole(viewer: Viewer, role: GridRole, grid: { path: string; organizationPath: string }): boolean {
  if (isStaffOf(viewer, grid.organizationPath, ['ORG_ADMIN'])) return true;
  return role === 'GRID_WORKER' && holdsGridRole(viewer, grid.path, ['GRID_LEADER']);
}
