import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { volunteers } from '../../../drizzle/tables';
import type { Viewer } from '../auth/viewer';
import { isStaffOf, seesCorrection, staffPaths } from '../auth/viewer';
import type { OrganizationRow } from '../organizations/organization.type';
import { col, correctionVisibleSql, existsFor, pathsParam, valueFor, visibleVolunteerSql } from '../visibility';
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

/** The organization an affiliation is with, as SQL expressions of the caller's query. */
export interface AffiliationOrg {
  path: SQL | AnyColumn;
  kind: SQL | AnyColumn;
}

/** An affiliation the viewer may know about: one with a correction office is confidential. */
export function affiliationKnownSql(viewer: Viewer, org: AffiliationOrg): SQL {
  return correctionVisibleSql(viewer, org.path, sql`${org.kind} = 'CORRECTION_OFFICE'`);
}

const V = col('vp', 'id');

/** Volunteers affiliated (confirmed) with the organization at `orgPath` (an ltree, or an ltree[] of several) or below, as far as the viewer may know. */
export function affiliatedUnderSql(viewer: Viewer, orgPath: SQL): SQL {
  return existsFor('vp', { id: volunteers.id, under: orgPath }, sql`exists (select 1 from volunteer_affiliations vp_a join organizations vp_o on vp_o.id = vp_a.organization_id
    where vp_a.volunteer_id = ${V} and vp_a.confirmed_at is not null and vp_o.path <@ vp.under
      and ${affiliationKnownSql(viewer, { path: sql`vp_o.path`, kind: sql`vp_o.kind` })})`);
}

/**
 * An affiliation through which the viewer looks after the volunteer: managers of an organization
 * they may know the affiliation with, and a correction office's officers for its participants
 * (approve, suspend, archive). Over the affiliation's organization, as the caller's expressions.
 */
export function managedAffiliationSql(viewer: Viewer, org: AffiliationOrg): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const paths = staffPaths(viewer, [...VOLUNTEER_MANAGERS]);
  const officers = staffPaths(viewer, ['CORRECTION_OFFICER']);
  const managed = paths.length ? sql`(${org.path} <@ ${pathsParam(paths)} and ${affiliationKnownSql(viewer, org)})` : sql`false`;
  const supervised = officers.length ? sql`(${org.kind} = 'CORRECTION_OFFICE' and ${org.path} <@ ${pathsParam(officers)})` : sql`false`;
  return sql`(${managed} or ${supervised})`;
}

/** Staff who may approve or suspend this volunteer: they look after one of the volunteer's (confirmed) affiliations. */
export function managesVolunteerSql(viewer: Viewer): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  return existsFor('vp', { id: volunteers.id }, sql`exists (select 1 from volunteer_affiliations vp_a join organizations vp_o on vp_o.id = vp_a.organization_id
    where vp_a.volunteer_id = ${V} and vp_a.confirmed_at is not null and ${managedAffiliationSql(viewer, { path: sql`vp_o.path`, kind: sql`vp_o.kind` })})`);
}

/**
 * The status the viewer sees: a platform-wide SUSPENDED or ARCHIVED (a platform admin's decision)
 * wins; otherwise staff see their own organizations' standing of the person (the best of the
 * affiliations they manage, ACTIVE first), and everyone else — the person, platform admins, staff
 * who see them only on a roster or through a team — the person's own status.
 */
export function effectiveStatusSql(viewer: Viewer | null, volunteerId: SQL | AnyColumn, platformStatus: SQL | AnyColumn): SQL {
  if (!viewer || viewer.isPlatformAdmin || (staffPaths(viewer).length === 0)) return sql`${platformStatus}`;
  return valueFor('vp', { id: volunteerId, status: platformStatus }, sql`case when vp.status in ('SUSPENDED', 'ARCHIVED') then vp.status
    else coalesce((select vp_a.status from volunteer_affiliations vp_a join organizations vp_o on vp_o.id = vp_a.organization_id
      where vp_a.volunteer_id = ${V} and vp_a.confirmed_at is not null and ${managedAffiliationSql(viewer, { path: sql`vp_o.path`, kind: sql`vp_o.kind` })}
      order by array_position(array['ACTIVE', 'PENDING', 'SUSPENDED', 'ARCHIVED']::volunteer_status[], vp_a.status) limit 1), vp.status) end`);
}

/**
 * Whose full mobile number the viewer knows, as SQL: the same rule as seesPersonalData over the
 * same registrar as VolunteerLoaders.registrar (admins of the registering organization, unless it
 * is a correction office the viewer may not know about), so a number shown in full can be
 * searched in full, and a masked one cannot.
 */
export function plaintextMobileSql(
  viewer: Viewer, subject: { id: SQL | AnyColumn; registeredBy: SQL | AnyColumn } = { id: volunteers.id, registeredBy: volunteers.registeredBy },
): SQL {
  if (viewer.isPlatformAdmin) return sql`true`;
  const self = viewer.volunteerId != null ? sql`${subject.id} = ${viewer.volunteerId}` : sql`false`;
  const admin = staffPaths(viewer, ['ORG_ADMIN']);
  if (admin.length === 0) return self;
  const known = correctionVisibleSql(viewer, sql`vp_ro.path`, sql`vp_ro.kind = 'CORRECTION_OFFICE'`);
  return sql`(${self} or ${existsFor('vp', { registrar: subject.registeredBy }, sql`exists (select 1 from organizations vp_ro
    where vp_ro.id = vp.registrar and vp_ro.path <@ ${pathsParam(admin)} and ${known})`)})`;
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
  /** Every one of these skills. */
  skills?: string[];
  partyMember?: boolean | null;
  /** No seat (assigned, checked in, completed) overlapping [from, to): the assignments module's overlap rule. */
  free?: { from: Date; to: Date };
}

/** The scope plus the list filters, as one condition over the volunteers table. */
export function volunteerListSql(viewer: Viewer, filter: VolunteerFilter): SQL {
  const parts: SQL[] = [visibleVolunteerSql(viewer, volunteers.id)];
  if (filter.organizationPath) parts.push(affiliatedUnderSql(viewer, filter.organizationPath));
  if (filter.teamId != null) {
    parts.push(sql`exists (select 1 from team_memberships tm where tm.volunteer_id = ${volunteers.id}
      and tm.team_id = ${filter.teamId} and tm.left_at is null)`);
  }
  if (filter.status) parts.push(sql`${effectiveStatusSql(viewer, volunteers.id, volunteers.status)} = ${filter.status}`);
  const search = filter.search?.trim();
  if (search) parts.push(searchSql(viewer, search));
  if (filter.skills) parts.push(sql`${volunteers.skills} @> ${sql.param(filter.skills)}::text[]`);
  if (filter.partyMember != null) parts.push(sql`${volunteers.partyMember} = ${filter.partyMember}`);
  if (filter.free) {
    parts.push(sql`not exists (select 1 from assignments vf where vf.volunteer_id = ${volunteers.id}
      and vf.status in ('ASSIGNED', 'CHECKED_IN', 'COMPLETED') and vf.period && tstzrange(${filter.free.from.toISOString()}, ${filter.free.to.toISOString()}, '[)'))`);
  }
  return sql.join(parts.map((p) => sql`(${p})`), sql` and `);
}
