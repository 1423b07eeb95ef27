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
import { legacyCursorPosition, selectVisibleEvents, tickOfPosition, tickRosterLog, type RosterEventFilter } from './roster-event.queries';
import type { RosterEventRow } from './roster-event.type';

export type { RosterEventFilter } from './roster-event.queries';

export const DEFAULT_ROSTER_PAGE = 100;
/** Large enough to read a whole day's log of a busy town in one page. */
export const MAX_ROSTER_PAGE = 5000;

/** Opaque cursor of an event: the tick that placed it and its position in the log. */
export function rosterCursorOf(event: Pick<RosterEventRow, 'tick' | 'position'>): string {
  return encodeCursor([event.tick, event.position]);
}

function notOurs(field: string): BadUserInputError {
  return new BadUserInputError({ key: 'pagination.unknownCursor', params: { field } }, field);
}

/**
 * The log position a cursor stands at (null: from the start). A cursor is checked against the log
 * (its tick must be the one that placed its position), so a forged one is BAD_USER_INPUT instead
 * of silently skipping events. A cursor given out before ticks (txid, id) keeps working when it
 * names an event of the first tick; any other is refused with reason CURSOR_EXPIRED, telling the
 * client to read `rosterEvents` again from the start.
 */
export async function resolveRosterCursor(db: DbOrTx, after: string | null | undefined, field = 'after'): Promise<number | null> {
  const values = decodeCursor(after, field);
  if (!values) return null;
  const [first, second] = values;
  if (values.length !== 2 || !Number.isSafeInteger(second) || (second as number) < 0) throw notOurs(field);
  if (typeof first === 'string') {
    if (!/^\d{1,20}$/.test(first)) throw notOurs(field);
    const position = await legacyCursorPosition(db, first, second as number);
    if (position == null) {
      throw new BadUserInputError({ key: 'rosterEvents.cursorExpired', params: { field } }, field, 'CURSOR_EXPIRED');
    }
    return position;
  }
  if (!Number.isSafeInteger(first) || (first as number) < 1 || (second as number) < 1) throw notOurs(field);
  if ((await tickOfPosition(db, second as number)) !== first) throw notOurs(field);
  return second as number;
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
 * Query.rosterEvents: validates page size, cursor and filter, takes a tick so that every change
 * committed before this call is in the log (read your own writes), then reads one page.
 */
export async function listRosterEvents(
  db: DbOrTx, viewer: Viewer, filter: RosterEventFilter, after: string | null | undefined, first: number | null | undefined,
): Promise<RosterEventRow[]> {
  const limit = pageSize(first ?? DEFAULT_ROSTER_PAGE, MAX_ROSTER_PAGE);
  const position = await resolveRosterCursor(db, after);
  await checkRosterFilter(db, viewer, filter);
  if (limit === 0) return [];
  await tickRosterLog(db);
  return selectVisibleEvents(db, viewer, filter, { after: position ?? 0, limit });
}
