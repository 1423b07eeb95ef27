import { useCallback, useEffect, useRef, useState } from 'react';
import { ConsoleGridDayDocument, type ConsoleGridDayQuery } from '../../api/sdk';
import { useSession } from '../../api/session';
import { isNotFound } from '../../api/errors';

export type DayShift = ConsoleGridDayQuery['shifts']['edges'][number]['node'];
export type RosterLine = DayShift['roster'][number];
export interface Day { gridName: string; shifts: DayShift[] }

/** A grid's shifts of one date with their rosters; `reload` coalesces bursts (a rotation's events) into one read. */
export function useGridDay(gridId: string, date: string, onError: (error: unknown) => void) {
  const { run } = useSession();
  const [day, setDay] = useState<Day | null | undefined>(undefined);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);

  const read = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await run(ConsoleGridDayDocument, { id: gridId, filter: { gridId, range: { from: date, to: date } } });
      if (mine !== generation.current) return;
      if (!data.node || !('name' in data.node)) return setDay(null);
      setDay({ gridName: data.node.name, shifts: data.shifts.edges.map((edge) => edge.node) });
    } catch (error) {
      if (mine !== generation.current) return;
      if (isNotFound(error)) setDay(null);
      else onError(error);
    }
  }, [run, gridId, date, onError]);

  useEffect(() => { setDay(undefined); void read(); }, [read]);
  const reload = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => { pending.current = null; void read(); }, 50);
  }, [read]);
  useEffect(() => () => { if (pending.current) clearTimeout(pending.current); }, []);
  return { day, reload, readNow: read };
}

/** Seats filled, empty, checked in and waiting, as the roster says. */
export function seatCounts(shift: DayShift) {
  const checkedIn = shift.roster.filter((line) => line.status === 'CHECKED_IN' || line.status === 'COMPLETED').length;
  return { filled: shift.filled, empty: Math.max(0, shift.capacity - shift.filled), checkedIn, waitlisted: shift.waitlisted };
}

/** Posts: shifts at the same place (location, else title) share a row of the timeline. */
export function postsOf(shifts: DayShift[]): { post: string; shifts: DayShift[] }[] {
  const posts = new Map<string, DayShift[]>();
  for (const shift of [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const post = shift.location?.trim() || shift.title;
    posts.set(post, [...(posts.get(post) ?? []), shift]);
  }
  return [...posts].map(([post, list]) => ({ post, shifts: list }));
}
