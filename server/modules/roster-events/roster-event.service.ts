import { and, eq } from 'drizzle-orm';
import { volunteers, organizations } from '../../../drizzle/tables';
import type { DbOrTx } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { decodeCursor, encodeCursor, pageSize } from '../../platform/pagination';
import type { Viewer } from '../auth/viewer';
import { selectOrganizations } from '../organizations/organization.queries';
import { visibleOrganizationSql } from '../organizations/organization.policy';
import { gridAccess, visibleShiftsByIds } from '../shifts/shift.queries';
import { findVisibleTeam } from '../teams/team.queries';
import { volunteersByIds } from '../volunteers/volunteer.queries';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { selectCommittedEvents, type RosterCursor, type RosterEventFilter } from './roster-event.queries';
import type { RosterEventRow } from './roster-event.type';

export type { RosterEventFilter } from './roster-event.queries';

export const DEFAULT_ROSTER_PAGE = 100;
/** Large enough to read a whole day's log of a busy town in one page. */
export const MAX_ROSTER_PAGE = 5000;

/** Opaque cursor of an event: its place (txid, id) in the log. */
export function rosterCursorOf(event: Pick<RosterEventRow, 'txid' | 'id'>): string {
  return encodeCursor([event.txid, event.id]);
}

export function decodeRosterCursor(after: string | null | undefined, field = 'after'): RosterCursor | null {
  const values = decodeCursor(after, field);
  if (!values) return null;
  const [txid, id] = values;
  if (values.length !== 2 || typeof txid !== 'string' || !/^\d{1,20}$/.test(txid) || typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new BadUserInputError({ key: 'pagination.unknownCursor', params: { field } }, field);
  }
  return { txid, id };
}

/** A viewer with no staff role: may follow only their own assignments by volunteerId. */
function isVolunteerOnly(viewer: Viewer): boolean {
  return !viewer.isPlatformAdmin && viewer.grants.length === 0;
}

/**
 * Checks a decoded filter against the viewer before any event is read: every id one the viewer may
 * see (NOT_FOUND otherwise, as for a missing one), and a volunteer viewer only their own volunteerId
 * (FORBIDDEN). An empty filter is everything the viewer may see (the scope applies regardless).
 * The subscription checks once at subscribe time with it.
 */
export async function checkRosterFilter(db: DbOrTx, viewer: Viewer, filter: RosterEventFilter): Promise<RosterEventFilter> {
  const { shiftId, gridId, teamId, organizationId, volunteerId } = filter;
  if (volunteerId != null) {
    if (isVolunteerOnly(viewer) && volunteerId !== viewer.volunteerId) {
      throw new ForbiddenError('rosterEvents.volunteerOwnOnly');
    }
    const [seen] = await volunteersByIds(db, [volunteerId], visibleVolunteerSql(viewer, volunteers.id));
    if (!seen) throw new NotFoundError('Volunteer');
  }
  if (shiftId != null && (await visibleShiftsByIds(db, viewer, [shiftId])).length === 0) throw new NotFoundError('Shift');
  if (gridId != null && !(await gridAccess(db, viewer, [gridId]))[0]?.visible) throw new NotFoundError('Grid');
  if (teamId != null && !(await findVisibleTeam(db, viewer, teamId))) throw new NotFoundError('Team');
  if (organizationId != null) {
    const [org] = await selectOrganizations(db, and(eq(organizations.id, organizationId), visibleOrganizationSql(viewer))!);
    if (!org) throw new NotFoundError('Organization');
  }
  return filter;
}

/**
 * Reads committed roster events strictly after the cursor, oldest first, scoped to the viewer.
 * `filter` must have passed checkRosterFilter. Reused by the live subscription to replay and to
 * catch up after each notification: a cursor it holds never has an event appear behind it.
 */
export function readRosterEvents(
  db: DbOrTx, viewer: Viewer | null, filter: RosterEventFilter, after: string | null | undefined, limit: number,
): Promise<RosterEventRow[]> {
  return selectCommittedEvents(db, viewer, filter, decodeRosterCursor(after), limit);
}

/** Query.rosterEvents: validates page size and filter, then reads. */
export async function listRosterEvents(
  db: DbOrTx, viewer: Viewer, filter: RosterEventFilter, after: string | null | undefined, first: number | null | undefined,
): Promise<RosterEventRow[]> {
  const limit = pageSize(first ?? DEFAULT_ROSTER_PAGE, MAX_ROSTER_PAGE);
  const cursor = decodeRosterCursor(after);
  await checkRosterFilter(db, viewer, filter);
  return selectCommittedEvents(db, viewer, filter, cursor, limit);
}
