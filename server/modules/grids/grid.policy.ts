import type { Viewer } from '../auth/viewer';
import { isStaffOf, isUnder, seesCorrection, staffPaths } from '../auth/viewer';
import { visibleGridSql } from '../visibility';

export { visibleGridSql };

/**
 * Staff who manage a grid: shifts, zones, leaders and assignments on it. Correction officers
 * manage their office's own posts (a role granted only on correction offices, so nothing else).
 */
export function gridManagerPaths(viewer: Viewer): string[] {
  return staffPaths(viewer, ['ORG_ADMIN', 'COORDINATOR', 'CORRECTION_OFFICER']);
}

/** May the viewer change this grid (zone, leader, children)? Org admins and coordinators above it. */
export function canManageGrid(viewer: Viewer, gridOrgPath: string): boolean {
  return viewer.isPlatformAdmin || isUnder(gridOrgPath, gridManagerPaths(viewer));
}

/**
 * Creating a grid owned by an organization: its managers — but a correction office's own posts
 * are its correction officers' alone, whoever stands above the office.
 */
export function canCreateGridIn(viewer: Viewer, org: { path: string; kind: string }): boolean {
  if (org.kind === 'CORRECTION_OFFICE') return seesCorrection(viewer, org.path);
  return canManageGrid(viewer, org.path);
}

/**
 * Sending a team to a grid pulls the team's people into the grid's view and the grid into the
 * team's, so the caller must manage both sides (e.g. a town coordinator above both); neither side
 * alone may do it.
 */
export function canDeploy(viewer: Viewer, teamOrgPath: string, gridOrgPath: string): boolean {
  return viewer.isPlatformAdmin || (canManageGrid(viewer, teamOrgPath) && canManageGrid(viewer, gridOrgPath));
}

/** Zone history names the staff who changed it: for staff of the grid's organization subtree only. */
export function seesZoneHistory(viewer: Viewer, gridOrgPath: string): boolean {
  return isStaffOf(viewer, gridOrgPath);
}
