import type { Viewer } from '../auth/viewer';
import { isUnder } from '../auth/viewer';
import { gridManagerPaths } from '../grids/grid.policy';
import type { ShiftRow } from '../shifts/shift.type';
import type { VolunteerRow } from '../volunteers/volunteer.type';
import type { Message, MessageKey } from '../../platform/i18n';

/** Grid managers (org admins and coordinators over the shift's grid's organization) and platform admins. */
export function canManageRoster(viewer: Viewer, shiftOrgPath: string): boolean {
  return viewer.isPlatformAdmin || isUnder(shiftOrgPath, gridManagerPaths(viewer));
}

export function isOwnAssignment(viewer: Viewer, assignment: { volunteerId: number }): boolean {
  return viewer.volunteerId != null && viewer.volunteerId === assignment.volunteerId;
}

/** Check-in opens an hour before the start. */
export const CHECK_IN_OPENS_MS = 3600_000;

/**
 * Why the volunteer may not take (or wait for) this shift, or null. Team membership is checked
 * in SQL by the caller; these are the rules over the two rows.
 */
export function ineligibility(shift: ShiftRow, volunteer: VolunteerRow, standsHere: boolean): Message | null {
  if (volunteer.status !== 'ACTIVE' || !standsHere) return 'assignments.volunteerNotActiveHere';
  const missing = shift.requiredSkills.filter((skill) => !volunteer.skills.includes(skill));
  if (missing.length) return { key: 'assignments.lacksSkills', params: { skills: missing.join(', ') } };
  return null;
}

/** A shift takes assignments until it ends (stand-ins join running shifts), never once cancelled. */
export function closedReason(shift: ShiftRow, now: Date): MessageKey | null {
  if (shift.status === 'CANCELLED') return 'shifts.cancelled';
  if (shift.endsAt.getTime() <= now.getTime()) return 'shifts.ended';
  return null;
}

/**
 * One answer for an overlapping seat and the rest limit alike, naming neither the other seat nor
 * the hours: the seat that blocks may be one the asker cannot see (another organization's post, a
 * correction office's), and telling the reasons apart would tell a hidden seat from any other.
 */
export const UNAVAILABLE = { message: 'assignments.volunteerUnavailable', reason: 'UNAVAILABLE' } as const satisfies { message: MessageKey; reason: string };

/** Is the seat rest limit (hours in any rolling 24 hours) exceeded by `peakHours`? */
export function exceedsRestLimit(peakHours: number, restLimitHours: number): boolean {
  return peakHours > Number(restLimitHours) + 1e-9;
}
