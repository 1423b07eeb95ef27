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
 * Certificates (alias `ce`, issuing organization `co`) the viewer sees: the volunteer their own;
 * staff of the issuing organization or above its; platform admins all.
 */
export function visibleCertificateSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  if (viewer.volunteerId != null) clauses.push(sql`ce.volunteer_id = ${viewer.volunteerId}`);
  const paths = staffPaths(viewer, [...ISSUERS]);
  if (paths.length) clauses.push(sql`co.path <@ ${pathsParam(paths)}`);
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/** Certificate requests (alias `cr`, organization `co`): the volunteer's own, and the organization's issuers'. */
export function visibleCertificateRequestSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const clauses: SQL[] = [];
  if (viewer.volunteerId != null) clauses.push(sql`cr.volunteer_id = ${viewer.volunteerId}`);
  const paths = staffPaths(viewer, [...ISSUERS]);
  if (paths.length) clauses.push(sql`co.path <@ ${pathsParam(paths)}`);
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}
