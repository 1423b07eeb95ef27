import { sql, type SQL } from 'drizzle-orm';
import { volunteers } from '../../../drizzle/tables';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, seesCorrection, staffPaths } from '../auth/viewer';
import type { OrganizationRow } from '../organizations/organization.type';
import { correctionVisibleSql, pathsParam, visibleVolunteerSql } from './volunteer.scope';
import type { VolunteerStatus } from './volunteer.type';

/** Roles that register, approve and suspend an organization's volunteers. */
export const VOLUNTEER_MANAGERS = ['ORG_ADMIN', 'COORDINATOR'] as const;

/**
 * Plaintext mobile and ID number: platform admins, the person themself, and admins of the
 * organization that registered them (`authorityPath`, see VolunteerLoaders.registrar: null when
 * that is a correction office the viewer may not know about). Everyone else, including a
 * signed-out caller, sees the masked form.
 */
export function seesPersonalData(viewer: Viewer | null, volunteerId: number, authorityPath: string | null): boolean {
  if (!viewer) return false;
  if (viewer.isPlatformAdmin || viewer.volunteerId === volunteerId) return true;
  return authorityPath != null && isStaffOf(viewer, authorityPath, ['ORG_ADMIN']);
}

/**
 * Admins and coordinators of the organization. A correction office registers only participants,
 * whom only its correction officers (and the platform admin) may know: nobody else registers there.
 */
export function canRegisterFor(viewer: Viewer, org: OrganizationRow): boolean {
  if (org.kind === 'CORRECTION_OFFICE') return seesCorrection(viewer, org.path);
  return isStaffOf(viewer, org.path, [...VOLUNTEER_MANAGERS]);
}

/** An affiliation row (aliases a, o) the viewer may know about: correction offices are confidential. */
function affiliationKnownSql(viewer: Viewer): SQL {
  return correctionVisibleSql(viewer, sql`o.path`, sql`o.kind = 'CORRECTION_OFFICE'`);
}

/** Volunteers affiliated with the organization at `orgPath` (an ltree, or an ltree[] of several) or below, as far as the viewer may know. */
export function affiliatedUnderSql(viewer: Viewer, orgPath: SQL): SQL {
  return sql`exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
    where a.volunteer_id = ${volunteers.id} and o.path <@ ${orgPath} and ${affiliationKnownSql(viewer)})`;
}

/**
 * An affiliation (aliases a, o) through which the viewer looks after the volunteer: managers of an
 * organization they may know the affiliation with, and a correction office's officers for its
 * participants (approve, suspend, archive).
 */
export function managedAffiliationSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const paths = staffPaths(viewer, [...VOLUNTEER_MANAGERS]);
  const officers = staffPaths(viewer, ['CORRECTION_OFFICER']);
  const managed = paths.length ? sql`(o.path <@ ${pathsParam(paths)} and ${affiliationKnownSql(viewer)})` : sql`false`;
  const supervised = officers.length ? sql`(o.kind = 'CORRECTION_OFFICE' and o.path <@ ${pathsParam(officers)})` : sql`false`;
  return sql`(${managed} or ${supervised})`;
}

/** Staff who may approve or suspend this volunteer: they look after one of the volunteer's affiliations. */
export function managesVolunteerSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  return sql`exists (select 1 from volunteer_affiliations a join organizations o on o.id = a.organization_id
    where a.volunteer_id = ${volunteers.id} and ${managedAffiliationSql(viewer)})`;
}

/**
 * Whose full mobile number the viewer knows, as SQL: the same rule as seesPersonalData over the
 * same registrar as VolunteerLoaders.registrar (admins of the registering organization, unless it
 * is a correction office the viewer may not know about), so a number shown in full can be
 * searched in full, and a masked one cannot.
 */
function plaintextMobileSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const self = viewer.volunteerId != null ? sql`${volunteers.id} = ${viewer.volunteerId}` : sql`false`;
  const admin = staffPaths(viewer, ['ORG_ADMIN']);
  if (admin.length === 0) return self;
  const known = correctionVisibleSql(viewer, sql`ro.path`, sql`ro.kind = 'CORRECTION_OFFICE'`);
  return sql`(${self} or exists (select 1 from organizations ro
    where ro.id = ${volunteers.registeredBy} and ro.path <@ ${pathsParam(admin)} and ${known}))`;
}

/** LIKE pattern matching the text literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Name contains the text (case-insensitive, pg_trgm index) or, for digits, the mobile ends with
 * them. Up to four digits is what a masked number shows anyway; a longer suffix matches only
 * numbers the viewer may read in full, so masked digits cannot be recovered by searching.
 */
function searchSql(viewer: Viewer, search: string): SQL {
  const byName = sql`${volunteers.name} ilike ${`%${likeLiteral(search)}%`}`;
  if (!/^\d{1,11}$/.test(search)) return byName;
  const suffix = sql`${volunteers.mobile} like ${`%${search}`}`;
  const byMobile = search.length <= 4 ? suffix : sql`(${suffix} and ${plaintextMobileSql(viewer)})`;
  return sql`(${byName} or ${byMobile})`;
}

export interface VolunteerFilter {
  /** ltree path (as SQL) of an organization whose subtree the volunteers are affiliated with. */
  organizationPath?: SQL;
  teamId?: number;
  status?: VolunteerStatus | null;
  search?: string | null;
}

/** The scope plus the list filters, as one condition over the volunteers table. */
export function volunteerListSql(viewer: Viewer, filter: VolunteerFilter): SQL {
  const parts: SQL[] = [visibleVolunteerSql(viewer, volunteers.id)];
  if (filter.organizationPath) parts.push(affiliatedUnderSql(viewer, filter.organizationPath));
  if (filter.teamId != null) {
    parts.push(sql`exists (select 1 from team_memberships tm where tm.volunteer_id = ${volunteers.id}
      and tm.team_id = ${filter.teamId} and tm.left_at is null)`);
  }
  if (filter.status) parts.push(sql`${volunteers.status} = ${filter.status}`);
  const search = filter.search?.trim();
  if (search) parts.push(searchSql(viewer, search));
  return sql.join(parts.map((p) => sql`(${p})`), sql` and `);
}
