import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { pgErrorCode } from '../../platform/pg-codes';
import type { Viewer } from '../auth/viewer';
import { candidateIds, teamFit, volunteerFit, type Fit } from './dispatch.queries';
import { appendRequestEvent } from './request.events';
import { managedRequest } from './request.service';
import { insertRun, lockRequest, periodOf, requestGrid, selectRequests } from './request.queries';
import { assertCanManageRequests } from './request.policy';
import type { ServiceRequestRow, ServiceRunRow } from './request.type';

export interface DispatchTarget {
  volunteerId?: number | null;
  teamId?: number | null;
  exclusive?: boolean;
}

/** A lost race or an overlap PostgreSQL refused, as CONFLICT: the request is held, or the runner is busy. */
function asConflict(error: unknown): never {
  const code = pgErrorCode(error);
  if (code === '23505') throw new ConflictError('requests.taken', 'REQUEST_TAKEN');
  if (code === '23P01') throw new ConflictError('requests.volunteerUnavailable', 'UNAVAILABLE');
  throw error;
}

/** The dispatch filters, each with its own reason, checked in the order a coordinator would fix them. */
function assertFits(fit: Fit | undefined): void {
  if (!fit?.pickable) throw new NotFoundError('Volunteer');
  if (!fit.active) throw new ConflictError('requests.volunteerNotActive', 'VOLUNTEER_NOT_ACTIVE');
  if (!fit.serves) throw new ConflictError('requests.volunteerNotServing', 'NOT_SERVING_GRID');
  if (!fit.skilled) throw new ConflictError('requests.missingSkill', 'MISSING_SKILL');
  // One answer for a seat and a run, as for shifts: a seat the dispatcher cannot see is not told apart.
  if (!fit.free) throw new ConflictError('requests.volunteerUnavailable', 'UNAVAILABLE');
}

function assertOpen(request: ServiceRequestRow): void {
  if (request.status !== 'OPEN') throw new ConflictError('requests.notOpen', 'REQUEST_NOT_OPEN');
}

async function runFor(tx: Tx, viewer: Viewer, request: ServiceRequestRow, target: DispatchTarget): Promise<ServiceRunRow> {
  const exclusive = request.exclusive || !!target.exclusive;
  if (target.volunteerId != null) {
    assertFits(await volunteerFit(tx, viewer, request.id, target.volunteerId, exclusive));
  } else {
    const team = await teamFit(tx, viewer, request.gridId, target.teamId!);
    if (!team?.visible) throw new NotFoundError('Team');
    if (!team.serves) throw new ConflictError('requests.teamNotServing', 'NOT_SERVING_GRID');
  }
  const run = await insertRun(tx, {
    requestId: request.id, volunteerId: target.volunteerId ?? null, teamId: target.teamId ?? null, exclusive,
    period: periodOf(request.startsAt, request.endsAt), assignedBy: viewer.accountId,
  }).catch(asConflict);
  await appendRequestEvent(tx, { kind: 'REQUEST_ASSIGNED', requestId: request.id, runId: run.id, actorAccountId: viewer.accountId });
  return run;
}

function checkTarget(target: DispatchTarget): void {
  if ((target.volunteerId == null) === (target.teamId == null)) throw new BadUserInputError('requests.oneTarget', 'target');
}

/** A coordinator or grid worker sends an open request to a volunteer or team who serves its grid. */
export async function dispatchRequest(db: Db, viewer: Viewer, requestId: number, target: DispatchTarget): Promise<ServiceRunRow> {
  checkTarget(target);
  return db.transaction(async (tx) => {
    const request = await managedRequest(tx, viewer, requestId);
    assertOpen(request);
    return runFor(tx, viewer, request, target);
  }).catch(asConflict);
}

/** A building's open requests of a day (the `limit` most urgent), to one volunteer or team, in one transaction (all or none). */
export async function dispatchBuilding(db: Db, viewer: Viewer, buildingId: number, day: string, target: DispatchTarget, limit: number): Promise<ServiceRunRow[]> {
  checkTarget(target);
  return db.transaction(async (tx) => {
    // The building first: whether an unseen building has open requests is not told by the answer.
    const building = await requestGrid(tx, viewer, buildingId);
    if (!building?.visible) throw new NotFoundError('Grid');
    assertCanManageRequests(viewer, building);
    const open = await selectRequests(tx, sql`service_requests.grid_id = ${buildingId} and service_requests.planned_for = ${day}::date and service_requests.status = 'OPEN'`, limit);
    const runs: ServiceRunRow[] = [];
    for (const { id } of open) {
      const request = await managedRequest(tx, viewer, id);
      if (request.status === 'OPEN') runs.push(await runFor(tx, viewer, request, target));
    }
    return runs;
  }).catch(asConflict);
}

/**
 * A volunteer takes an open request of a grid they serve. The request row is locked first, so of
 * two claimers the second sees it held (CONFLICT); the unique index on active runs is the last word.
 */
export async function claimRequest(db: Db, viewer: Viewer, requestId: number): Promise<ServiceRunRow> {
  const volunteerId = viewer.volunteerId;
  if (volunteerId == null) throw new ForbiddenError('requests.claimOnlyVolunteers');
  return db.transaction(async (tx) => {
    // Outside the grids they serve a request does not exist for them, whatever its state: asked
    // before the lock, so a stranger neither waits on nor holds it, and a hidden id costs what a missing one does.
    if (!(await volunteerFit(tx, viewer, requestId, volunteerId, false))?.serves) throw new NotFoundError('ServiceRequest');
    const request = await lockRequest(tx, requestId);
    const fit = request && (await volunteerFit(tx, viewer, requestId, volunteerId, request.exclusive));
    if (!request || !fit?.serves) throw new NotFoundError('ServiceRequest');
    if (request.status !== 'OPEN') throw new ConflictError('requests.notOpen', 'REQUEST_TAKEN');
    assertFits({ ...fit, pickable: true });
    const run = await insertRun(tx, {
      requestId, volunteerId, exclusive: request.exclusive, claimed: true, assignedBy: viewer.accountId,
      period: periodOf(request.startsAt, request.endsAt),
    }).catch(asConflict);
    await appendRequestEvent(tx, { kind: 'REQUEST_CLAIMED', requestId, runId: run.id, actorAccountId: viewer.accountId });
    return run;
  }).catch(asConflict);
}

/** Volunteers the viewer could send on the request now (serving, skilled, free). */
export async function dispatchCandidates(db: Db, viewer: Viewer, requestId: number, limit: number): Promise<number[]> {
  return db.transaction(async (tx) => {
    await managedRequest(tx, viewer, requestId);
    return candidateIds(tx, viewer, requestId, limit);
  });
}
