import { AssignmentNodeDocument } from '../../client/sdk';
import type { DemoClient } from './gql';
import type { ShiftRef, Shifts } from './shifts';
import type { Groups, Volunteer } from './volunteers';
import { vanguardOrder } from './teams';
import { plusMinutes } from './dates';
import { assign, assignMany, attend, cancel, markNoShow, record, type Assignment, type Attendance } from './roster-tools';

/** What the checkpoint's rosters hold once seated, for the load message. */
export interface CheckpointSummary {
  pastShifts: number;
  completed: number;
  seatedAhead: number;
}

/** Rotation indexes (from the first shift, three days ago) of the past shifts with a story. */
const NO_SHOW = 6; // day -2, 12:00–18:00: one of the crew never came; a vanguard member off duty stood in
const LATE = 9; // day -1, 06:00–12:00: one arrived 35 minutes late
const LEFT_EARLY = 10; // day -1, 12:00–18:00: one was relieved 90 minutes before the end

/**
 * The rotation's crews: six crews of three from the vanguard (Party member first), crew i % 6 on
 * shift i, so each crew serves six hours in every 36 — inside the rest limit (12 seated hours in
 * any 24) with room for one extra seat. Past shifts are seated, checked in and out with the times
 * they happened; the shift running now has two on duty and one not yet in; the next seven are
 * seated, the first of them with a waitlist that a cancellation promotes.
 */
export async function checkpointRosters(coordinator: DemoClient, shifts: Shifts, groups: Groups): Promise<CheckpointSummary> {
  const vanguard = vanguardOrder(groups.dongshi);
  const crewOf = (i: number): Volunteer[] => [0, 1, 2].map((k) => vanguard[(3 * i + k) % vanguard.length]);
  const rotation = shifts.checkpoint;
  const now = Date.now();
  const running = rotation.findIndex((s) => s.startsAt.getTime() <= now && s.endsAt.getTime() > now);
  if (running < LEFT_EARLY + 1) throw new Error('demo: the checkpoint rotation does not reach back far enough');
  const seatedShifts = rotation.slice(0, running + 8);
  const rows = await assignMany(coordinator, seatedShifts.flatMap((shift, i) => crewOf(i).map((volunteer) => ({ shift, volunteer }))), '三乡村查验服务岗');
  const crews = seatedShifts.map((_, i) => rows.slice(3 * i, 3 * i + 3));

  // The no-show is a non-Party member, so the post keeps its Party member; the stand-in comes from
  // the crew three shifts away, whose seats 18 hours either side leave exactly 12 hours in a day.
  const absent = crews[NO_SHOW][2];
  await markNoShow(coordinator, absent);
  const [standIn] = await assign(coordinator, rotation[NO_SHOW], crewOf(NO_SHOW + 3).slice(0, 1), '三乡村查验服务岗（顶班）');

  const arrivals: Attendance[] = [];
  const departures: Attendance[] = [];
  for (let i = 0; i < running; i++) {
    const shift = rotation[i];
    crews[i].forEach((assignment, k) => {
      if (assignment === absent) return;
      arrivals.push({ assignment, at: plusMinutes(shift.startsAt, i === LATE && k === 1 ? 35 : -10) });
      departures.push({ assignment, at: plusMinutes(shift.endsAt, i === LEFT_EARLY && k === 2 ? -90 : 5) });
    });
  }
  arrivals.push({ assignment: standIn, at: plusMinutes(rotation[NO_SHOW].startsAt, 50) });
  departures.push({ assignment: standIn, at: plusMinutes(rotation[NO_SHOW].endsAt, 5) });
  // On the shift running now, two are on duty; the third has not arrived yet.
  crews[running].slice(0, 2).forEach((assignment) => arrivals.push({ assignment, at: plusMinutes(rotation[running].startsAt, -5) }));
  await record(coordinator, 'checkIn', arrivals, '三乡村查验服务岗');
  const done = await record(coordinator, 'checkOut', departures, '三乡村查验服务岗');

  await waitlistAndPromote(coordinator, rotation[running + 1], crews[running + 1], crewOf(running + 4)[0]);
  await surge(coordinator, shifts.byKey.get('now:surge')!, crewOf(running + 3).slice(0, 2));
  return { pastShifts: running, completed: done.filter((a) => a.status === 'COMPLETED').length, seatedAhead: 7 };
}

/** The next shift is full; one more waits, and takes the seat when a crew member asks for leave. */
async function waitlistAndPromote(coordinator: DemoClient, shift: ShiftRef, crew: Assignment[], waiting: Volunteer): Promise<void> {
  const [queued] = await assign(coordinator, shift, [waiting], '三乡村查验服务岗（候补）');
  if (queued.status !== 'WAITLISTED') throw new Error(`demo: expected a waitlist on the next checkpoint shift, got ${queued.status}`);
  await cancel(coordinator, crew[2], '家中老人就医，请假');
  const { node } = await coordinator.request(AssignmentNodeDocument, { id: queued.id });
  const status = node && 'status' in node ? node.status : null;
  if (status !== 'ASSIGNED') throw new Error(`demo: the cancellation on the next checkpoint shift promoted nobody (the waiting assignment is ${status})`);
}

/**
 * Two of the crew three shifts away (off duty for 12 hours either side) took the peak-hour
 * antigen post around now and have checked out: today's hours for the vanguard team.
 */
async function surge(coordinator: DemoClient, shift: ShiftRef, people: Volunteer[]): Promise<void> {
  const seated = await assign(coordinator, shift, people, '金东路抗原快检加强岗');
  await attend(coordinator, 'checkIn', seated, plusMinutes(shift.startsAt, 5), '金东路抗原快检加强岗');
  await attend(coordinator, 'checkOut', seated, plusMinutes(new Date(), -1), '金东路抗原快检加强岗');
}
