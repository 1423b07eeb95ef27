import type { GridRole, Role } from './role.enum';

export interface OrgGrant {
  role: Exclude<Role, 'PLATFORM_ADMIN' | 'VOLUNTEER' | GridRole>;
  organizationId: number;
  /** ltree path of the organization: the grant covers it and everything below. */
  path: string;
}

/**
 * A role over one grid and every grid below it (网格员, 网格长): never over its organization, so
 * no organization-wide rule (staffPaths) counts it. Only the rules that name grid grants do.
 */
export interface GridGrant {
  role: GridRole;
  gridId: number;
  /** ltree path of the grid: the grant covers it and everything below. */
  path: string;
  /** ltree path of the grid's organization. */
  organizationPath: string;
}

/** Who is asking. Loaded fresh for every request, so revoked roles stop working at once. */
export interface Viewer {
  accountId: number;
  volunteerId: number | null;
  isPlatformAdmin: boolean;
  grants: OrgGrant[];
  /** Grid roles: granted ones, and GRID_LEADER over every grid the account's volunteer leads. */
  gridGrants: GridGrant[];
  /** The account's current token version: a token naming another (logged out, password changed) is refused. */
  tokenVersion: number;
}

export function staffPaths(viewer: Viewer, roles?: OrgGrant['role'][]): string[] {
  return viewer.grants.filter((g) => !roles || roles.includes(g.role)).map((g) => g.path);
}

/** Grid paths the viewer holds a grid role over (of the given roles). */
export function gridRolePaths(viewer: Viewer, roles?: GridRole[]): string[] {
  return viewer.gridGrants.filter((g) => !roles || roles.includes(g.role)).map((g) => g.path);
}

/** Paths under which the viewer may see community-correction teams and affiliations. */
export function correctionPaths(viewer: Viewer): string[] {
  return staffPaths(viewer, ['CORRECTION_OFFICER']);
}

export function isUnder(path: string, ancestors: string[]): boolean {
  return ancestors.some((a) => path === a || path.startsWith(a + '.'));
}

export function isStaffOf(viewer: Viewer, orgPath: string, roles?: OrgGrant['role'][]): boolean {
  return viewer.isPlatformAdmin || isUnder(orgPath, staffPaths(viewer, roles));
}

/** Does the viewer hold a grid role (of the given roles) over this grid? */
export function holdsGridRole(viewer: Viewer, gridPath: string, roles?: GridRole[]): boolean {
  return isUnder(gridPath, gridRolePaths(viewer, roles));
}

/** May the viewer know that something owned by this organization is correction-related? */
export function seesCorrection(viewer: Viewer | null, orgPath: string): boolean {
  return !!viewer && (viewer.isPlatformAdmin || isUnder(orgPath, correctionPaths(viewer)));
}
