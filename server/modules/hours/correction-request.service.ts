import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { rangeBounds, shanghaiDate, shanghaiMidnight } from '../../platform/date-range';
import { decodeTimeCursor, pageSize, toPage, type Page } from '../../platform/pagination';
import type { Viewer } from '../auth/viewer';
import { volunteerStanding } from './adjustment.queries';
import { appendAdjustment, checkAdjustmentHours, cleanReason } from './hours.service';
import {
  decideRequest, insertRequest, listVisibleRequests, lockVisibleRequest, pendingCount, recordedHours,
} from './correction-request.queries';
import type { CorrectionRequestRow, CorrectionStatus } from './correction-request.type';

/** Open requests one volunteer may have at a time. */
export const MAX_PENDING_REQUESTS = 20;
/** The longest period one request may cover. */
export const MAX_PERIOD_DAYS = 366;

export interface CorrectionRequestInput {
  assignmentId: number | null;
  period: { from?: string | null; to?: string | null } | null;
  hours: number;
  reason: string;
}

/** Exactly one of an assignment or a closed, past period of at most a year. */
function cleanSubject(input: CorrectionRequestInput): { assignmentId: number | null; periodFrom: string | null; periodTo: string | null; days: number } {
  if ((input.assignmentId == null) === (input.period == null)) {
    throw new BadUserInputError('corrections.assignmentOrPeriod', 'input.period');
  }
  if (input.assignmentId != null) return { assignmentId: input.assignmentId, periodFrom: null, periodTo: null, days: 1 };
  const { from, to } = input.period!;
  if (!from || !to) throw new BadUserInputError('periods.needBothEnds', 'input.period');
  rangeBounds({ from, to }, 'input.period');
  if (to > shanghaiDate(new Date())) throw new BadUserInputError('periods.notInFuture', 'input.period.to');
  const days = (shanghaiMidnight(to).getTime() - shanghaiMidnight(from).getTime()) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) throw new BadUserInputError({ key: 'periods.atMostDays', params: { days: MAX_PERIOD_DAYS } }, 'input.period');
  return { assignmentId: null, periodFrom: from, periodTo: to, days };
}

/** A volunteer asks for a correction of their own record. */
export async function requestHoursCorrection(db: Db, viewer: Viewer, input: CorrectionRequestInput): Promise<CorrectionRequestRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('corrections.onlyVolunteersAsk');
  const subject = cleanSubject(input);
  const claimed = input.hours;
  if (!Number.isFinite(claimed) || claimed < 0 || claimed > subject.days * 24) {
    throw new BadUserInputError({ key: 'corrections.hoursRange', params: { max: subject.days * 24 } }, 'input.hours');
  }
  const reason = cleanReason(input.reason, 'input.reason');
  return db.transaction(async (tx) => {
    if (subject.assignmentId != null) {
      const [own] = await tx.execute(sql`select 1 from assignments where id = ${subject.assignmentId} and volunteer_id = ${volunteerId}
        and status in ('COMPLETED', 'NO_SHOW') for update`);
      if (!own) throw new NotFoundError('Assignment');
    }
    // Counted under the volunteer's row lock, so two racing requests cannot both pass the cap.
    await tx.execute(sql`select 1 from volunteers where id = ${volunteerId} for update`);
    if ((await pendingCount(tx, volunteerId)) >= MAX_PENDING_REQUESTS) {
      throw new ConflictError({ key: 'corrections.tooManyPending', params: { max: MAX_PENDING_REQUESTS } }, 'TOO_MANY_PENDING');
    }
    return insertRequest(tx, {
      volunteerId, assignmentId: subject.assignmentId, periodFrom: subject.periodFrom, periodTo: subject.periodTo,
      claimedHours: Math.round(claimed * 100) / 100, reason, createdBy: viewer.accountId,
    });
  });
}

/** Locks a pending request the viewer may decide: NOT_FOUND when unseen, CONFLICT once decided. */
async function lockPending(tx: Tx, viewer: Viewer, id: number): Promise<CorrectionRequestRow> {
  const request = await lockVisibleRequest(tx, viewer, id);
  if (!request) throw new NotFoundError('HoursCorrectionRequest');
  if (request.volunteerId === viewer.volunteerId && !viewer.isPlatformAdmin) {
    throw new ForbiddenError('corrections.notOwnDecision');
  }
  if (request.status !== 'PENDING') throw new ConflictError({ key: 'requests.alreadyDecided', params: { status: request.status } }, 'DECIDED');
  return request;
}

/**
 * Grants a request by appending an adjustment tied to it: `hours` when the approver gives it, else
 * the claimed hours less what is recorded (as the approver sees it). Under the request's row lock,
 * so two approvals cannot both append (a unique index on the adjustment's request backs it).
 */
export async function approveHoursCorrection(db: Db, viewer: Viewer, input: { id: number; hours: number | null; note: string | null }): Promise<CorrectionRequestRow> {
  const note = input.note == null ? null : cleanReason(input.note, 'note');
  return db.transaction(async (tx) => {
    const request = await lockPending(tx, viewer, input.id);
    const recorded = (await recordedHours(tx, viewer, [request.id])).get(request.id) ?? 0;
    const difference = input.hours ?? Math.round((request.claimedHours - recorded) * 100) / 100;
    const hours = checkAdjustmentHours(difference, 'hours');
    await appendAdjustment(tx, viewer, {
      volunteerId: request.volunteerId, hours, assignmentId: request.assignmentId,
      reason: note ?? `更正申请 #${request.id}：${request.reason}`.slice(0, 500),
    }, request.id);
    return decideRequest(tx, request.id, { status: 'APPROVED', decidedBy: viewer.accountId, note });
  });
}

/** Refuses a request, saying why; nothing is appended. */
export async function rejectHoursCorrection(db: Db, viewer: Viewer, input: { id: number; reason: string }): Promise<CorrectionRequestRow> {
  const reason = cleanReason(input.reason);
  return db.transaction(async (tx) => {
    const request = await lockPending(tx, viewer, input.id);
    // Deciding is for those who could grant it: the same standing adjustHours asks for.
    if (!(await volunteerStanding(tx, viewer, request.volunteerId)).manages) {
      throw new ForbiddenError('corrections.onlyCarersDecide');
    }
    return decideRequest(tx, request.id, { status: 'REJECTED', decidedBy: viewer.accountId, note: reason });
  });
}

export async function listHoursCorrections(
  db: DbOrTx, viewer: Viewer, query: { status: CorrectionStatus | null; volunteerId: number | null; first: number | null; after: string | null },
): Promise<Page<CorrectionRequestRow>> {
  const limit = pageSize(query.first, 200);
  const after = decodeTimeCursor(query.after);
  const { rows, totalCount } = await listVisibleRequests(db, viewer, {
    status: query.status, volunteerId: query.volunteerId, after: after && { createdAt: after.startsAt, id: after.id }, limit,
  });
  return toPage(rows, limit, totalCount, (row) => [row.createdAt.toISOString(), row.id]);
}
