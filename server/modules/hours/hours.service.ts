import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { rangeBounds } from '../../platform/date-range';
import { seesCorrection, type Viewer } from '../auth/viewer';
import { visibleGridSql } from '../grids/grid.policy';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import { visibleTeamIdSql } from '../teams/team.policy';
import { assignmentOpenTo, insertAdjustment, recordingOrganizations, volunteerStanding } from './adjustment.queries';
import { selectTally, type TallyRowData } from './hours.queries';
import type { HourAdjustmentRow, TallyGroupBy } from './hours.type';

export interface TallyRequest {
  groupBy: TallyGroupBy;
  range: { from?: string | null; to?: string | null } | null;
  organizationId: number | null;
  teamId: number | null;
  gridId: number | null;
  /** At most this many groups (those with the most hours). */
  limit?: number;
}

/** The filters of a tally, resolved and scope-checked: NOT_FOUND for anything the viewer may not see. */
export async function resolveTallyFilter(db: DbOrTx, viewer: Viewer, organizations: OrganizationLoaders, request: Omit<TallyRequest, 'groupBy'>) {
  rangeBounds(request.range, 'input.range');
  let organizationPath: string | undefined;
  if (request.organizationId != null) {
    const org = await organizations.visibleById.load(request.organizationId);
    if (!org || (org.kind === 'CORRECTION_OFFICE' && !seesCorrection(viewer, org.path))) throw new NotFoundError('Organization');
    organizationPath = org.path;
  }
  if (request.teamId != null) {
    const [team] = await db.execute<{ visible: boolean }>(sql`select ${visibleTeamIdSql(viewer, sql`${request.teamId}::int`)} as visible`);
    if (!team?.visible) throw new NotFoundError('Team');
  }
  const gridPath = request.gridId != null ? await visibleGridPath(db, viewer, request.gridId) : undefined;
  return {
    from: request.range?.from ?? null, to: request.range?.to ?? null,
    organizationPath, teamId: request.teamId ?? undefined, gridPath,
  };
}

/** The grid's ltree path when the viewer may see it. */
async function visibleGridPath(db: DbOrTx, viewer: Viewer, gridId: number): Promise<string> {
  const [grid] = await db.execute<{ path: string }>(sql`
    select g.path::text as path from grids g join organizations o on o.id = g.organization_id
     where g.id = ${gridId} and ${visibleGridSql(viewer, sql`g.path`, sql`o.path`)}`);
  if (!grid) throw new NotFoundError('Grid');
  return grid.path;
}

/** Hours and person-times grouped for reports: every total is the sum of the credits the viewer may open. */
export async function tally(db: Db, viewer: Viewer, organizations: OrganizationLoaders, request: TallyRequest): Promise<TallyRowData[]> {
  const filter = await resolveTallyFilter(db, viewer, organizations, request);
  return selectTally(db, viewer, request.groupBy, filter, request.limit);
}

export interface AdjustmentInput {
  volunteerId: number;
  hours: number;
  reason: string;
  assignmentId: number | null;
  /** The organization it is recorded for; by default the one through which the viewer looks after the volunteer. */
  organizationId?: number | null;
}

/** Stored to the hundredth: 0.004 would be kept as 0.00, an adjustment of nothing. */
export function checkAdjustmentHours(hours: number, field = 'hours'): number {
  if (!Number.isFinite(hours) || Math.round(Math.abs(hours) * 100) === 0 || Math.abs(hours) > 24) {
    throw new BadUserInputError({ key: 'hours.adjustmentRange', params: { field } }, field);
  }
  return Math.round(hours * 100) / 100;
}

/** Free text of 1–500 characters; line breaks and tabs are text, other control characters are not. */
export function cleanReason(text: string, field = 'reason'): string {
  const reason = text.trim();
  if (reason.length < 1 || [...reason].length > 500 || /\p{Cc}/u.test(reason.replace(/[\n\t]/g, ' '))) {
    throw new BadUserInputError({ key: 'text.lengthAndControls', params: { field, max: 500 } }, field);
  }
  return reason;
}

/** Append-only: a correction is a new row, never an edit of an earlier one. */
export async function adjustHours(db: Db, viewer: Viewer, input: AdjustmentInput): Promise<HourAdjustmentRow> {
  const hours = checkAdjustmentHours(input.hours);
  const reason = cleanReason(input.reason);
  return db.transaction((tx) => appendAdjustment(tx, viewer, { ...input, hours, reason }, null));
}

/**
 * Who may adjust: staff who look after the volunteer (org admins and coordinators over one of the
 * person's organizations they may know of; a correction office's officers for its participants),
 * never someone who sees the person only on a roster, and never the person themself. The
 * assignment, when given, must be one the viewer may open: otherwise NOT_FOUND, as for a missing one.
 */
export async function appendAdjustment(tx: Tx, viewer: Viewer, input: AdjustmentInput, correctionRequestId: number | null): Promise<HourAdjustmentRow> {
  const standing = await volunteerStanding(tx, viewer, input.volunteerId);
  if (!standing.visible) throw new NotFoundError('Volunteer');
  if (input.assignmentId != null && !(await assignmentOpenTo(tx, viewer, input.assignmentId, input.volunteerId))) throw new NotFoundError('Assignment');
  if (!standing.manages) throw new ForbiddenError('hours.onlyCarersAdjust');
  if (viewer.volunteerId === input.volunteerId && !viewer.isPlatformAdmin) {
    throw new ForbiddenError('hours.notOwnAdjustment');
  }
  const candidates = await recordingOrganizations(tx, viewer, input.volunteerId);
  if (input.organizationId != null && !candidates.includes(input.organizationId)) throw new NotFoundError('Organization');
  return insertAdjustment(tx, {
    volunteerId: input.volunteerId, hours: input.hours, reason: input.reason, assignmentId: input.assignmentId,
    createdBy: viewer.accountId, organizationId: input.organizationId ?? candidates[0] ?? null, correctionRequestId,
  });
}
