import { randomInt } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { decodeTimeCursor, pageSize, toPage, type Page } from '../../platform/pagination';
import { rangeBounds } from '../../platform/date-range';
import type { Viewer } from '../auth/viewer';
import { canManageGrid } from '../grids/grid.policy';
import { appendRosterEvents } from '../roster-events/roster-event.log';
import {
  cancelOpenAssignments, findShift, gridAccess, insertEligibleTeams, insertRotationShifts, insertShifts, lockShift, markShiftCancelled,
  countAllShifts, pageAllShifts, pageShiftsByRoot, shiftsAt, visibleShiftsByIds, visibleTeamIds, confidentialTeamsAwayFrom,
  type GridAccess, type NewShift, type ShiftCursor, type ShiftListFilter,
} from './shift.queries';
import { checkPeriod, cleanReason, cleanTemplate, rotationPeriods, type CleanTemplate, type Period, type RotationPlan, type ShiftTemplate } from './shift.validation';
import type { DutyType, ShiftRow } from './shift.type';

/** Six random digits a seated volunteer types to check in; only the grid's managers see it. */
function newCheckInCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The grid, if the viewer sees it (else NOT_FOUND) and manages it (else FORBIDDEN). */
async function requireManagedGrid(db: DbOrTx, viewer: Viewer, gridId: number): Promise<GridAccess> {
  const [grid] = await gridAccess(db, viewer, [gridId]);
  if (!grid?.visible) throw new NotFoundError('Grid');
  if (!canManageGrid(viewer, grid.organizationPath)) {
    throw new ForbiddenError('shifts.onlyGridStaffManage');
  }
  return grid;
}

/**
 * Eligible teams must be teams the caller may see (an unseen team is NOT_FOUND like a missing one).
 * A correction team restricts only its own office's posts: on anyone else's grid, staff who cannot
 * see it would find a shift that refuses everyone for a reason they are not shown.
 */
export async function requireEligibleTeams(db: DbOrTx, viewer: Viewer, teamIds: number[], gridId: number, field: string): Promise<void> {
  const visible = await visibleTeamIds(db, viewer, teamIds);
  if (teamIds.some((id) => !visible.has(id))) throw new NotFoundError('Team');
  if ((await confidentialTeamsAwayFrom(db, teamIds, gridId)).length > 0) {
    throw new BadUserInputError('shifts.correctionTeamOwnPostsOnly', field);
  }
}

function shiftValues(viewer: Viewer, template: CleanTemplate, period: Period): NewShift {
  return {
    gridId: template.gridId, title: template.title, duty: template.duty, location: template.location,
    startsAt: period.startsAt, endsAt: period.endsAt, capacity: template.capacity,
    requiredSkills: template.requiredSkills, requiresPartyMember: template.requiresPartyMember,
    checkInCode: newCheckInCode(), createdBy: viewer.accountId,
  };
}

/** Adds eligible teams and a SHIFT_CREATED each to shifts just inserted. */
async function recordCreated(tx: Tx, viewer: Viewer, template: CleanTemplate, created: number[]): Promise<void> {
  await insertEligibleTeams(tx, created, template.eligibleTeamIds);
  await appendRosterEvents(tx, created.map((shiftId) => ({ kind: 'SHIFT_CREATED', shiftId, actorAccountId: viewer.accountId })));
}

export interface ShiftInputValues extends ShiftTemplate {
  startsAt: Date;
  endsAt: Date;
}

export async function createShift(db: Db, viewer: Viewer, input: ShiftInputValues): Promise<ShiftRow> {
  const template = cleanTemplate(input, 'input');
  const period = checkPeriod(input.startsAt, input.endsAt);
  return db.transaction(async (tx) => {
    await requireManagedGrid(tx, viewer, template.gridId);
    await requireEligibleTeams(tx, viewer, template.eligibleTeamIds, template.gridId, 'input.eligibleTeamIds');
    const created = await insertShifts(tx, [shiftValues(viewer, template, period)]);
    await recordCreated(tx, viewer, template, created);
    return (await findShift(tx, created[0]))!;
  });
}

export interface RotationValues extends RotationPlan {
  template: ShiftTemplate;
}

/**
 * Back-to-back shifts covering every day of the rotation, in one transaction. Re-running the same
 * rotation creates nothing new: a shift already there (same grid, title, start) is returned as is.
 */
export async function createShiftRotation(db: Db, viewer: Viewer, input: RotationValues): Promise<ShiftRow[]> {
  const template = cleanTemplate(input.template, 'input.template');
  const periods = rotationPeriods(input);
  return db.transaction(async (tx) => {
    await requireManagedGrid(tx, viewer, template.gridId);
    await requireEligibleTeams(tx, viewer, template.eligibleTeamIds, template.gridId, 'input.template.eligibleTeamIds');
    await recordCreated(tx, viewer, template, await insertRotationShifts(tx, periods.map((p) => shiftValues(viewer, template, p))));
    return shiftsAt(tx, template.gridId, template.title, periods.map((p) => p.startsAt));
  });
}

/**
 * Cancels a shift and every assignment still holding or waiting for a seat on it, with a roster
 * event for each, in one transaction. COMPLETED and NO_SHOW assignments stay as history.
 */
export async function cancelShift(db: Db, viewer: Viewer, id: number, reason: string | null | undefined): Promise<ShiftRow> {
  const cleanedReason = cleanReason(reason);
  return db.transaction(async (tx) => {
    const [visible] = await visibleShiftsByIds(tx, viewer, [id]);
    if (!visible) throw new NotFoundError('Shift');
    await requireManagedGrid(tx, viewer, visible.gridId);
    const shift = await lockShift(tx, id);
    if (!shift) throw new NotFoundError('Shift');
    if (shift.status === 'CANCELLED') throw new ConflictError('shifts.alreadyCancelled', 'ALREADY_CANCELLED');
    const cancelled = await cancelOpenAssignments(tx, id, cleanedReason);
    const row = await markShiftCancelled(tx, id, cleanedReason);
    await appendRosterEvents(tx, [
      ...cancelled.map((assignmentId) => ({ kind: 'CANCELLED' as const, shiftId: id, assignmentId, actorAccountId: viewer.accountId })),
      { kind: 'SHIFT_CANCELLED', shiftId: id, actorAccountId: viewer.accountId },
    ]);
    return row;
  });
}

// ---------------------------------------------------------------- reading

export interface ShiftQuery {
  range?: { from?: string | null; to?: string | null } | null;
  duty?: DutyType | null;
  openSeatsOnly?: boolean | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function shiftCursorOf(row: ShiftRow): (string | number)[] {
  return [row.startsAt.toISOString(), row.id];
}

export function decodeShiftCursor(after: string | null | undefined): ShiftCursor | null {
  return decodeTimeCursor(after);
}

/** `rangeField` names the range argument in errors: 'range' on Grid.shifts, 'filter.range' on Query.shifts. */
export function shiftListFilter(query: ShiftQuery, rangeField = 'range'): ShiftListFilter {
  const { start, end } = rangeBounds(query.range, rangeField);
  return { start, end, duty: query.duty ?? null, openSeatsOnly: query.openSeatsOnly ?? false };
}

/**
 * Query.shifts: visible shifts matching the filter, optionally of one grid's subtree (the grid
 * must be visible). `count: false` skips counting when nobody asks for totalCount (left 0).
 */
export async function listShifts(
  db: Db, viewer: Viewer, gridId: number | null, query: ShiftQuery, args: PageArgs, options: { count: boolean } = { count: true },
): Promise<Page<ShiftRow>> {
  const limit = pageSize(args.first);
  const after = decodeShiftCursor(args.after);
  const filter = shiftListFilter(query, 'filter.range');
  if (gridId == null) {
    const [rows, total] = await Promise.all([
      pageAllShifts(db, viewer, filter, after, limit + 1),
      options.count ? countAllShifts(db, viewer, filter) : 0,
    ]);
    return toPage(rows, limit, total, shiftCursorOf);
  }
  const [grid] = await gridAccess(db, viewer, [gridId]);
  if (!grid?.visible) throw new NotFoundError('Grid');
  const pages = await pageShiftsByRoot(db, viewer, [gridId], filter, after, limit);
  const page = pages.get(gridId) ?? { rows: [], totalCount: 0 };
  return toPage(page.rows, limit, page.totalCount, shiftCursorOf);
}
