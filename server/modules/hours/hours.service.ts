import { and, eq, sql } from 'drizzle-orm';
import { assignments, hourAdjustments } from '../../../drizzle/tables';
import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { rangeBounds } from '../../platform/date-range';
import { seesCorrection, type Viewer } from '../auth/viewer';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import { visibleVolunteerSql } from '../volunteers/volunteer.scope';
import { selectTally, type TallyRowData } from './hours.queries';
import { assertTeamVisible, canAdjustHours, visibleGridPath } from './hours.policy';
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

/** Hours and person-times grouped for reports; only volunteers the viewer may see are counted. */
export async function tally(db: Db, viewer: Viewer, organizations: OrganizationLoaders, request: TallyRequest): Promise<TallyRowData[]> {
  const { start, end } = rangeBounds(request.range, 'input.range');
  let organizationPath: string | undefined;
  if (request.organizationId != null) {
    const org = await organizations.visibleById.load(request.organizationId);
    if (!org || (org.kind === 'CORRECTION_OFFICE' && !seesCorrection(viewer, org.path))) throw new NotFoundError('Organization');
    organizationPath = org.path;
  }
  if (request.teamId != null) await assertTeamVisible(db, viewer, request.teamId);
  const gridPath = request.gridId != null ? await visibleGridPath(db, viewer, request.gridId) : undefined;
  return selectTally(db, viewer, request.groupBy, { start, end, organizationPath, teamId: request.teamId ?? undefined, gridPath }, request.limit);
}

export interface AdjustmentInput {
  volunteerId: number;
  hours: number;
  reason: string;
  assignmentId: number | null;
}

/** Append-only: a correction is a new row, never an edit of an earlier one. */
export async function adjustHours(db: Db, viewer: Viewer, input: AdjustmentInput): Promise<HourAdjustmentRow> {
  // Stored to the hundredth: 0.004 would be kept as 0.00, an adjustment of nothing.
  if (!Number.isFinite(input.hours) || Math.round(Math.abs(input.hours) * 100) === 0 || Math.abs(input.hours) > 24) {
    throw new BadUserInputError('hours must be at least 0.01 and at most 24 either way.', 'hours');
  }
  const reason = input.reason.trim();
  // Line breaks and tabs are text; other control characters (NUL cannot even be stored) are not.
  if (reason.length < 1 || reason.length > 500 || /\p{Cc}/u.test(reason.replace(/[\n\t]/g, ' '))) {
    throw new BadUserInputError('reason must be 1–500 characters with no control characters.', 'reason');
  }
  return db.transaction(async (tx) => {
    const [visible] = await tx.execute(sql`select 1 from volunteers v where v.id = ${input.volunteerId} and ${visibleVolunteerSql(viewer, sql`v.id`)}`);
    if (!visible) throw new NotFoundError('Volunteer');
    if (!canAdjustHours(viewer)) throw new ForbiddenError('Only staff may adjust hours.');
    if (input.assignmentId != null) {
      const [assignment] = await tx.select({ id: assignments.id }).from(assignments)
        .where(and(eq(assignments.id, input.assignmentId), eq(assignments.volunteerId, input.volunteerId)));
      if (!assignment) throw new NotFoundError('Assignment');
    }
    const [row] = await tx.insert(hourAdjustments).values({
      volunteerId: input.volunteerId, hours: input.hours, reason, assignmentId: input.assignmentId, createdBy: viewer.accountId,
    }).returning();
    return row;
  });
}
