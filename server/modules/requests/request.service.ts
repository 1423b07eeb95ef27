import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { serviceRequests } from '../../../drizzle/tables';
import type { Db, Tx } from '../../platform/db';
import { BadUserInputError, ConflictError, NotFoundError } from '../../platform/errors';
import type { Viewer } from '../auth/viewer';
import { effectiveCutoffs, DEFAULT_REQUEST_CUTOFF } from '../grids/grid.queries';
import { appendRequestEvent } from './request.events';
import { collectionTime, plannedDay, windowOn } from './request-plan';
import { assertCanManageRequests } from './request.policy';
import { isRequestVisible, lockRequest, periodOf, requestGrid, visibleHouseholdsByIds } from './request.queries';
import type { ServiceRequestKind, Urgency } from './request.enums';
import type { ServiceRequestRow } from './request.type';

export interface NewServiceRequest {
  householdId: number;
  kind: ServiceRequestKind;
  urgency?: Urgency;
  details?: string | null;
  items?: string[];
  packagePrice?: number | null;
  paid?: boolean;
  people?: number;
  requiredSkills?: string[];
  windowFrom?: string | null;
  windowTo?: string | null;
  exclusive?: boolean;
  collectedAt?: Date | null;
}

function cleanList(values: string[] | undefined, field: string, max: number): string[] {
  const clean = [...new Set((values ?? []).map((v) => v.normalize('NFKC').trim()).filter(Boolean))];
  if (clean.length > max || clean.some((v) => v.length > 100)) throw new BadUserInputError({ key: 'requests.listTooLong', params: { field, max } }, field);
  return clean;
}

function checkRequest(input: NewServiceRequest) {
  const people = input.people ?? 1;
  if (!Number.isInteger(people) || people < 1 || people > 50) throw new BadUserInputError('requests.peopleRange', 'input.people');
  const price = input.packagePrice;
  if (price != null && !(price >= 0 && price <= 100000)) throw new BadUserInputError('requests.priceRange', 'input.packagePrice');
  const details = input.details?.normalize('NFKC').trim() || null;
  if (details && details.length > 1000) throw new BadUserInputError('requests.detailsTooLong', 'input.details');
  return {
    people, packagePrice: price ?? null, details, paid: input.paid ?? false, exclusive: input.exclusive ?? false,
    items: cleanList(input.items, 'input.items', 50), requiredSkills: cleanList(input.requiredSkills, 'input.requiredSkills', 10),
  };
}

/**
 * Records a resident's need: planned by the household's grid's cut-off (17:00 unless set), with a
 * six-digit hand-over code the resident keeps. Those who look after the grid's residents only.
 */
export async function recordServiceRequest(db: Db, viewer: Viewer, input: NewServiceRequest): Promise<number> {
  const values = checkRequest(input);
  const urgency = input.urgency ?? 'ROUTINE';
  const collectedAt = collectionTime(input.collectedAt);
  return db.transaction(async (tx) => {
    const [household] = await visibleHouseholdsByIds(tx, viewer, [input.householdId]);
    if (!household) throw new NotFoundError('Household');
    const grid = (await requestGrid(tx, viewer, household.gridId))!;
    assertCanManageRequests(viewer, grid);
    const cutoff = (await effectiveCutoffs(tx, [grid.id])).get(grid.id) ?? DEFAULT_REQUEST_CUTOFF;
    const day = plannedDay(collectedAt, cutoff, urgency);
    const window = windowOn(day, input.windowFrom ?? undefined, input.windowTo ?? undefined);
    const [row] = await tx.insert(serviceRequests).values({
      ...values, householdId: household.id, gridId: grid.id, kind: input.kind, urgency, plannedFor: day,
      period: periodOf(window.start, window.end),
      handoverCode: String(randomInt(0, 1_000_000)).padStart(6, '0'), collectedAt, createdBy: viewer.accountId,
    }).returning({ id: serviceRequests.id });
    await appendRequestEvent(tx, { kind: 'REQUEST_RECORDED', requestId: row.id, actorAccountId: viewer.accountId });
    return row.id;
  });
}

/** A request the viewer looks after, locked; NOT_FOUND when they may not see it at all. */
export async function managedRequest(tx: Tx, viewer: Viewer, id: number): Promise<ServiceRequestRow> {
  // Visibility first: a hidden request is neither locked nor read, so it costs what a missing one does.
  const request = (await isRequestVisible(tx, viewer, id)) ? await lockRequest(tx, id) : undefined;
  if (!request) throw new NotFoundError('ServiceRequest');
  assertCanManageRequests(viewer, request);
  return request;
}

/** Takes an OPEN request off the queue for good, with a reason. */
export async function cancelServiceRequest(db: Db, viewer: Viewer, id: number, reason: string): Promise<number> {
  const why = reason.normalize('NFKC').trim();
  if (!why || why.length > 200) throw new BadUserInputError('requests.cancelReason', 'reason');
  return db.transaction(async (tx) => {
    const request = await managedRequest(tx, viewer, id);
    if (request.status !== 'OPEN') throw new ConflictError('requests.cancelOnlyOpen', 'REQUEST_NOT_OPEN');
    await tx.update(serviceRequests).set({ status: 'CANCELLED', cancelReason: why, updatedAt: new Date() }).where(eq(serviceRequests.id, id));
    await appendRequestEvent(tx, { kind: 'REQUEST_CANCELLED', requestId: id, actorAccountId: viewer.accountId });
    return id;
  });
}
