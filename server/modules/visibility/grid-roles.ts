import { sql, type SQL } from 'drizzle-orm';
import { gridRolePaths, holdsGridRole, isStaffOf, type Viewer } from '../auth/viewer';
import { pathsParam } from './subject';

/**
 * Grid roles (网格员, 网格长) in the rules: a grant covers one grid and every grid below it, never
 * its organization. What it opens is named rule by rule (grids, volunteers who serve them, teams
 * sent there, households, service requests); every other rule ignores it.
 */

/** Organization roles whose holders look after a grid's residents (households, requests). */
export const RESIDENT_STAFF = ['ORG_ADMIN', 'COORDINATOR'] as const;

/**
 * Who looks after a grid's residents: platform admins, admins and coordinators of the grid's
 * organization (or above it), and grid workers and leaders of the grid (or a grid above it). They
 * record households and requests, read households, dispatch. Never a correction office's posts.
 */
export function looksAfterResidents(viewer: Viewer, grid: { path: string; organizationPath: string; organizationKind?: string }): boolean {
  if (viewer.isPlatformAdmin) return true;
  if (grid.organizationKind === 'CORRECTION_OFFICE') return false;
  return isStaffOf(viewer, grid.organizationPath, [...RESIDENT_STAFF]) || holdsGridRole(viewer, grid.path);
}

/** `looksAfterResidents` as SQL over a grid's path and its organization's path and kind (the caller's expressions). */
export function looksAfterResidentsSql(viewer: Viewer, grid: { path: SQL; orgPath: SQL; orgKind: SQL }): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  const staff = viewer.grants.filter((g) => (RESIDENT_STAFF as readonly string[]).includes(g.role)).map((g) => g.path);
  if (staff.length) clauses.push(sql`${grid.orgPath} <@ ${pathsParam(staff)}`);
  const gridPaths = gridRolePaths(viewer);
  if (gridPaths.length) clauses.push(sql`${grid.path} <@ ${pathsParam(gridPaths)}`);
  if (clauses.length === 0) return sql`false`;
  return sql`(${grid.orgKind} <> 'CORRECTION_OFFICE' and (${sql.join(clauses, sql` or `)}))`;
}

/**
 * A household's contact number in full: platform admins, admins of the grid's organization (or
 * above), and the grid's workers and leaders, who call residents. Anyone else who may see the
 * household (a coordinator, the volunteer on its way) reads it masked like a mobile.
 */
export function readsResidentContact(viewer: Viewer, grid: { path: string; organizationPath: string }): boolean {
  return viewer.isPlatformAdmin || isStaffOf(viewer, grid.organizationPath, ['ORG_ADMIN']) || holdsGridRole(viewer, grid.path);
}
