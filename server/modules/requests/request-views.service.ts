import type { Db } from '../../platform/db';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { shanghaiDate } from '../../platform/date-range';
import { assertCanManageRequests } from './request.policy';
import { requestGrid } from './request.queries';
import { openRequestsOf, requestTallies, runIdsOfDay } from './request-views.queries';
import { TALLY_DAYS, type RequestBuilding, type RequestDayTally } from './request.type';

/** A grid the viewer sees (NOT_FOUND otherwise). */
async function seenGrid(db: Db, viewer: Viewer, gridId: number) {
  const grid = await requestGrid(db, viewer, gridId);
  if (!grid?.visible) throw new NotFoundError('Grid');
  return grid;
}

/** The open requests of a grid's subtree for a day, grouped by building in queue order. */
export async function requestQueue(db: Db, viewer: Viewer, gridId: number, day: string, limit: number): Promise<RequestBuilding[]> {
  await seenGrid(db, viewer, gridId);
  const groups = new Map<number, RequestBuilding>();
  for (const request of await openRequestsOf(db, viewer, gridId, day, limit)) {
    const group = groups.get(request.gridId) ?? { buildingId: request.gridId, requests: [] };
    group.requests.push(request);
    groups.set(request.gridId, group);
  }
  return [...groups.values()];
}

/** The viewer's own runs for a day (today by default, Asia/Shanghai). */
export async function myRuns(db: Db, viewer: Viewer, day: string | null, limit: number): Promise<number[]> {
  if (viewer.volunteerId == null) throw new ForbiddenError('requests.runsOnlyVolunteers');
  return runIdsOfDay(db, viewer.volunteerId, day ?? shanghaiDate(new Date()), limit);
}

/** Numbers per day of a grid's subtree, for those who look after its residents. */
export async function requestNumbers(db: Db, viewer: Viewer, gridId: number, from: string, to: string): Promise<RequestDayTally[]> {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(days >= 0)) throw new BadUserInputError('requests.rangeOrder', 'to');
  if (days >= TALLY_DAYS.max) throw new BadUserInputError({ key: 'requests.rangeTooLong', params: { days: TALLY_DAYS.max } }, 'to');
  const grid = await seenGrid(db, viewer, gridId);
  assertCanManageRequests(viewer, grid);
  return requestTallies(db, viewer, gridId, from, to);
}
