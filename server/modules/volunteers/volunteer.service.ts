import { and, eq, sql } from 'drizzle-orm';
import { organizations, volunteers } from '../../../drizzle/tables';
import type { Db, DbOrTx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { decodeCursor, isIdValue, pageSize, toPage, type Page } from '../../platform/pagination';
import { seesCorrection, type Viewer } from '../auth/viewer';
import { selectOrganizations } from '../organizations/organization.queries';
import { visibleOrganizationSql } from '../organizations/organization.policy';
import type { OrganizationRow } from '../organizations/organization.type';
import { visibleTeamIdSql } from '../teams/team.policy';
import { managedAffiliationSql, managesVolunteerSql, volunteerListSql, type VolunteerFilter } from './volunteer.policy';
import { MAX_SKILLS, normalizeSkills } from './volunteer.validation';
import { setAffiliationStatus } from './affiliation.queries';
import { countVolunteers, selectVolunteers, teamExistsFor, updateVolunteerStatus, volunteersByIds } from './volunteer.queries';
import { visibleVolunteerSql } from './volunteer.scope';
import type { VolunteerRow, VolunteerStatus } from './volunteer.type';

export async function visibleOrganization(db: DbOrTx, viewer: Viewer | null, id: number): Promise<OrganizationRow | null> {
  const [org] = await selectOrganizations(db, and(eq(organizations.id, id), visibleOrganizationSql(viewer))!);
  return org ?? null;
}

/** `after` as this module hands it out: [last volunteer id]. */
export function afterId(after: string | null | undefined): number | null {
  const values = decodeCursor(after);
  if (values == null) return null;
  // Ids are PostgreSQL integers: anything outside that range would fail in SQL, not as bad input.
  if (values.length !== 1 || !isIdValue(values[0])) throw new BadUserInputError({ key: 'pagination.unknownCursor', params: { field: 'after' } }, 'after');
  return values[0];
}

export interface VolunteerListArgs {
  organizationId: number | null;
  teamId: number | null;
  status: VolunteerStatus | null;
  search: string | null;
  first: number | null | undefined;
  after: string | null | undefined;
  skills?: string[] | null;
  partyMember?: boolean | null;
  /** Both or neither: volunteers with no seat overlapping [freeFrom, freeTo). */
  freeFrom?: Date | null;
  freeTo?: Date | null;
}

/** The narrowing filters of a volunteer list, checked: bad ones are BAD_USER_INPUT naming the argument. */
function narrowingFilters(args: VolunteerListArgs): Pick<VolunteerFilter, 'skills' | 'partyMember' | 'free'> {
  const skills = args.skills == null ? null : normalizeSkills(args.skills);
  if (args.skills != null && (skills == null || skills.length > MAX_SKILLS)) throw new BadUserInputError({ key: 'volunteers.skillsFormat', params: { max: MAX_SKILLS } }, 'skills');
  if ((args.freeFrom == null) !== (args.freeTo == null)) throw new BadUserInputError('volunteers.freeRangeIncomplete', args.freeFrom == null ? 'freeFrom' : 'freeTo');
  if (args.freeFrom && args.freeTo && args.freeTo <= args.freeFrom) throw new BadUserInputError('volunteers.freeRangeReversed', 'freeTo');
  return { skills: skills?.length ? skills : undefined, partyMember: args.partyMember, free: args.freeFrom && args.freeTo ? { from: args.freeFrom, to: args.freeTo } : undefined };
}

/** Query.volunteers: the viewer's scope narrowed by the filters, paged by id. */
export async function listVolunteers(db: Db, viewer: Viewer, args: VolunteerListArgs): Promise<Page<VolunteerRow>> {
  const limit = pageSize(args.first);
  const after = afterId(args.after);
  if (args.search != null && args.search.length > 100) throw new BadUserInputError({ key: 'volunteers.searchTooLong', params: { max: 100 } }, 'search');
  // PostgreSQL text cannot hold NUL, and no name or mobile holds a control character.
  if (args.search != null && /\p{Cc}/u.test(args.search.trim())) throw new BadUserInputError('volunteers.searchControlCharacters', 'search');
  const narrowing = narrowingFilters(args);
  let organizationPath;
  if (args.organizationId != null) {
    const org = await visibleOrganization(db, viewer, args.organizationId);
    // A correction office's volunteers are its confidential participants: no such list exists for others.
    if (!org || (org.kind === 'CORRECTION_OFFICE' && !seesCorrection(viewer, org.path))) throw new NotFoundError('Organization');
    organizationPath = sql`${org.path}::ltree`;
  }
  if (args.teamId != null) {
    // The teams module's rule: a correction team exists only for those who may see correction there.
    if (!(await teamExistsFor(db, visibleTeamIdSql(viewer, sql`${args.teamId}::int`)))) throw new NotFoundError('Team');
  }
  const where = volunteerListSql(viewer, { organizationPath, teamId: args.teamId ?? undefined, status: args.status, search: args.search, ...narrowing });
  const [rows, total] = await Promise.all([selectVolunteers(db, where, { afterId: after, limit: limit + 1 }), countVolunteers(db, where)]);
  return toPage(rows, limit, total, (row) => [row.id]);
}

/**
 * The volunteer, for a status change by the viewer: NOT_FOUND when out of scope, FORBIDDEN
 * when visible but the viewer manages none of the organizations they are affiliated with.
 */
export async function managedVolunteer(tx: DbOrTx, viewer: Viewer, id: number): Promise<VolunteerRow> {
  const [row] = await volunteersByIds(tx, [id], visibleVolunteerSql(viewer, volunteers.id));
  if (!row) throw new NotFoundError('Volunteer');
  const [managed] = await volunteersByIds(tx, [id], managesVolunteerSql(viewer));
  if (!managed) throw new ForbiddenError('volunteers.onlyTheirOrganizationsStaff');
  return row;
}

/**
 * Approving a sign-up: the viewer's organizations that hold the person PENDING take them (their
 * affiliations become ACTIVE), and a person still PENDING platform-wide becomes ACTIVE. Conditional
 * updates: of two approvals racing, the second finds nothing PENDING and answers CONFLICT.
 */
export async function approveVolunteer(db: Db, viewer: Viewer, id: number): Promise<VolunteerRow> {
  return db.transaction(async (tx) => {
    await managedVolunteer(tx, viewer, id);
    const taken = await setAffiliationStatus(tx, id, (org) => managedAffiliationSql(viewer, org), 'ACTIVE', 'PENDING');
    const activated = await updateVolunteerStatus(tx, id, 'ACTIVE', 'PENDING');
    if (!taken && !activated) throw new ConflictError('volunteers.approveOnlyPending', 'NOT_PENDING');
    return (await volunteersByIds(tx, [id]))[0];
  });
}

/**
 * An organization's decision (suspend, archive, reinstate) is about its own affiliation: it applies
 * to the affiliations the viewer manages and leaves the person as they are everywhere else. Only a
 * platform admin changes the person's status platform-wide.
 */
export async function setVolunteerStatus(db: Db, viewer: Viewer, id: number, status: VolunteerStatus): Promise<VolunteerRow> {
  if (status === 'PENDING') throw new BadUserInputError('volunteers.noBackToPending', 'status');
  return db.transaction(async (tx) => {
    const row = await managedVolunteer(tx, viewer, id);
    if (viewer.isPlatformAdmin) return row.status === status ? row : (await updateVolunteerStatus(tx, id, status))!;
    await setAffiliationStatus(tx, id, (org) => managedAffiliationSql(viewer, org), status);
    return row;
  });
}
