import { sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, staffPaths } from '../auth/viewer';
import { pathsParam } from '../volunteers/volunteer.scope';
import type { OrganizationRow } from '../organizations/organization.type';

/** Org admins and coordinators of the organization (or above) issue its certificates. */
export const ISSUERS = ['ORG_ADMIN', 'COORDINATOR'] as const;

/**
 * May the viewer issue certificates for this organization? A correction office never does: its
 * participants' service is their correction record, kept in the office's monthly reports.
 */
export function canIssueFor(viewer: Viewer, org: Pick<OrganizationRow, 'path' | 'kind'>): boolean {
  return org.kind !== 'CORRECTION_OFFICE' && (viewer.isPlatformAdmin || isStaffOf(viewer, org.path, [...ISSUERS]));
}

/**
 * Certificates and certificate requests the viewer sees, over the row's volunteer column and its
 * organization's path: the volunteer their own; the organization's issuers (or above) all of it;
 * platform admins everything.
 */
function issuedScopeSql(viewer: Viewer, volunteerId: SQL, orgPath: SQL): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  if (viewer.volunteerId != null) clauses.push(sql`${volunteerId} = ${viewer.volunteerId}`);
  const paths = staffPaths(viewer, [...ISSUERS]);
  if (paths.length) clauses.push(sql`${orgPath} <@ ${pathsParam(paths)}`);
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/** Certificates (alias `ce`, issuing organization `co`) the viewer sees. */
export function visibleCertificateSql(viewer: Viewer): SQL {
  return issuedScopeSql(viewer, sql`ce.volunteer_id`, sql`co.path`);
}

/** Certificate requests (alias `cr`, organization `co`): the volunteer's own, and the organization's issuers'. */
export function visibleCertificateRequestSql(viewer: Viewer): SQL {
  return issuedScopeSql(viewer, sql`cr.volunteer_id`, sql`co.path`);
}
