import type { Db, DbOrTx } from '../../platform/db';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { isStaffOf, type Viewer } from '../auth/viewer';
import { findOrganization } from '../organizations/organization.queries';
import { answerAffiliation, findAffiliation, requestsOfVolunteer, waitingRequestsOf, type AffiliationRow } from './affiliation.queries';
import { canRegisterFor } from './volunteer.policy';
import { updateVolunteerStatus } from './volunteer.queries';
import type { AffiliationRequestStatus } from './affiliation.type';

export function requestStatus(row: AffiliationRow): AffiliationRequestStatus {
  if (row.confirmedAt) return 'CONFIRMED';
  return row.declinedAt ? 'DECLINED' : 'AWAITING_CONFIRMATION';
}

/**
 * A request the viewer may see: the person asked, a platform admin, and staff who register for the
 * organization that asked (the request is their own row; correction offices' only to their officers).
 */
export async function visibleRequest(db: DbOrTx, viewer: Viewer | null, id: number): Promise<AffiliationRow | null> {
  const row = viewer && (await findAffiliation(db, id));
  if (!row || row.requestedName == null) return null;
  if (viewer.isPlatformAdmin || viewer.volunteerId === row.volunteerId) return row;
  const org = await findOrganization(db, row.organizationId);
  return org && canRegisterFor(viewer, org) ? row : null;
}

/** Query.myAffiliationRequests: organizations that registered the signed-in volunteer, newest first. */
export async function ownRequests(db: Db, viewer: Viewer, limit: number): Promise<AffiliationRow[]> {
  if (viewer.volunteerId == null) return [];
  return requestsOfVolunteer(db, viewer.volunteerId, limit);
}

/** Organization.registrationRequests: the organization's requests still waiting, for its registrars. */
export async function waitingRequests(db: Db, viewer: Viewer, org: { id: number; path: string; kind: string }, page: { afterId: number | null; limit: number }): Promise<AffiliationRow[]> {
  if (!isStaffOf(viewer, org.path) || !canRegisterFor(viewer, org as never)) return [];
  return waitingRequestsOf(db, org.id, page);
}

/**
 * The person's answer to a request, in their own account. Confirming lets the organization see and
 * manage them like anyone it registered; a staff registration vouches for a person still PENDING
 * from a sign-up, so they become ACTIVE. Only the person may answer: to anyone else the request is
 * NOT_FOUND.
 */
export async function answerRequest(db: Db, viewer: Viewer, id: number, answer: 'CONFIRM' | 'DECLINE'): Promise<AffiliationRow> {
  return db.transaction(async (tx) => {
    const row = await findAffiliation(tx, id);
    if (!row || row.requestedName == null || viewer.volunteerId == null || row.volunteerId !== viewer.volunteerId) throw new NotFoundError('AffiliationRequest');
    const answered = await answerAffiliation(tx, id, answer);
    if (!answered) throw new ConflictError('volunteers.requestAlreadyAnswered', 'ALREADY_ANSWERED');
    if (answer === 'CONFIRM') await updateVolunteerStatus(tx, row.volunteerId, 'ACTIVE', 'PENDING');
    return answered;
  });
}
