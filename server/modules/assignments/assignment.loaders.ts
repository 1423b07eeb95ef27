import DataLoader from 'dataloader';
import type { DbOrTx } from '../../platform/db';
import type { Viewer } from '../auth/viewer';
import { SHIFT_ROSTER, type AssignmentRow } from './assignment.type';
import { visibleAssignmentsByIds } from './assignment.queries';
import { pageVolunteerAssignments, rosterOf, waitlistCounts, waitlistPositions, type VolunteerAssignmentsKey, type VolunteerAssignmentsPage } from './roster.queries';

/**
 * Volunteer.assignments for many volunteers: one pair of statements per distinct set of
 * arguments (usually one), whatever the number of volunteers.
 */
async function loadVolunteerPages(db: DbOrTx, viewer: Viewer | null, keys: readonly VolunteerAssignmentsKey[]): Promise<VolunteerAssignmentsPage[]> {
  const groups = new Map<string, VolunteerAssignmentsKey[]>();
  for (const key of keys) {
    const args = JSON.stringify([key.start, key.end, key.after, key.limit]);
    groups.set(args, [...(groups.get(args) ?? []), key]);
  }
  const results = new Map<VolunteerAssignmentsKey, VolunteerAssignmentsPage>();
  await Promise.all([...groups.values()].map(async (group) => {
    const pages = await pageVolunteerAssignments(db, viewer, group.map((k) => k.volunteerId), group[0]);
    for (const key of group) results.set(key, pages.get(key.volunteerId) ?? { rows: [], totalCount: 0 });
  }));
  return keys.map((key) => results.get(key)!);
}

export function createAssignmentLoaders(db: DbOrTx, viewer: Viewer | null) {
  return {
    /** Assignments on a visible shift of a visible volunteer; null for the rest. */
    visibleById: new DataLoader<number, AssignmentRow | null>(async (ids) => {
      const byId = new Map((await visibleAssignmentsByIds(db, viewer, ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    /** Shift.roster: the non-cancelled assignments of visible volunteers, seated first, then the waitlist in order. */
    rosterByShift: new DataLoader<number, AssignmentRow[]>(async (shiftIds) => {
      const rows = await rosterOf(db, viewer, shiftIds, SHIFT_ROSTER.max);
      const byShift = new Map<number, AssignmentRow[]>(shiftIds.map((id) => [id, []]));
      for (const row of rows) byShift.get(row.shiftId)?.push(row);
      return shiftIds.map((id) => byShift.get(id)!);
    }),

    /** Shift.waitlisted: everyone waiting, like `filled` counts every seat. */
    waitlistedByShift: new DataLoader<number, number>(async (shiftIds) => {
      const counts = await waitlistCounts(db, shiftIds);
      return shiftIds.map((id) => counts.get(id) ?? 0);
    }),

    /** 1-based waitlist positions of each shift's waiting assignments, by assignment id. */
    waitlistPositions: new DataLoader<number, Map<number, number>>(async (shiftIds) => {
      const positions = await waitlistPositions(db, shiftIds);
      return shiftIds.map((id) => positions.get(id) ?? new Map());
    }),

    volunteerPages: new DataLoader<VolunteerAssignmentsKey, VolunteerAssignmentsPage, string>(
      (keys) => loadVolunteerPages(db, viewer, keys),
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
  };
}
export type AssignmentLoaders = ReturnType<typeof createAssignmentLoaders>;
