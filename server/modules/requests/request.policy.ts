import type { Viewer } from '../auth/viewer';
import { looksAfterResidents } from '../visibility';
import { BadUserInputError, ForbiddenError } from '../../platform/errors';
import type { ServiceRunRow } from './request.type';

interface GridOfRecord {
  gridPath: string;
  organizationPath: string;
  organizationKind?: string;
}

const grid = (r: GridOfRecord) => ({ path: r.gridPath, organizationPath: r.organizationPath, organizationKind: r.organizationKind });

/**
 * Those who look after a grid's residents record its households and requests, dispatch and cancel
 * them, and confirm a run for a resident: platform admins, admins and coordinators of the grid's
 * organization (or above), and the grid's workers and leaders.
 */
export function canManageRequests(viewer: Viewer, record: GridOfRecord): boolean {
  return looksAfterResidents(viewer, grid(record));
}

export function assertCanManageRequests(viewer: Viewer, record: GridOfRecord): void {
  if (!canManageRequests(viewer, record)) {
    throw new ForbiddenError('requests.onlyResidentStaff');
  }
}

/** The volunteer who set out on the run (or was sent on it). */
export function isRunner(viewer: Viewer, run: ServiceRunRow): boolean {
  return viewer.volunteerId != null && run.volunteerId === viewer.volunteerId;
}

/** HH:MM (24:00 allowed as an end) as minutes after midnight. */
export function minutesOf(value: string, field: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value.trim());
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || minutes > 24 * 60) throw new BadUserInputError({ key: 'requests.timeOfDayFormat', params: { field } }, field);
  return minutes;
}
