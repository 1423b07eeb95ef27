import { AdjustHoursDocument } from '../../client/sdk';
import type { DemoClient } from './gql';
import type { ShiftRef, Shifts } from './shifts';
import { DELIVERY_POINTS, HISTORY } from './shifts';
import type { Groups, Volunteer } from './volunteers';
import { plusMinutes } from './dates';
import { assignMany, markNoShow, notSkilled, Pool, record, type Assignment, type Attendance } from './roster-tools';

export interface HistorySummary {
  /** Completed assignments on yesterday's sampling sites and delivery points. */
  yesterday: number;
  /** Completed assignments of the 灵源 group on grid 4. */
  grid4: number;
}

/**
 * Yesterday on 洋埭: three at each sampling site (灵源 people on grids 3 and 8) and at each
 * delivery point, seated, checked in and out after the fact as the site's staff saw it — one
 * arrived late, one never came.
 */
async function yesterday(coordinator: DemoClient, shifts: Shifts, groups: Groups): Promise<number> {
  const pool = new Pool();
  const day = HISTORY.pastDay;
  const seats: { shift: ShiftRef; volunteer: Volunteer }[] = [];
  for (let n = 1; n <= 8; n++) {
    const from = n === 3 || n === 8 ? groups.lingyuan : groups.yangdai;
    const skilled = [1, 2, 5].includes(n);
    const shift = shifts.byKey.get(`sampling:${day}:${n}`)!;
    seats.push(...pool.pick(from, 3, (v) => notSkilled(v) && (!skilled || v.skills.includes('sampling'))).map((volunteer) => ({ shift, volunteer })));
  }
  for (const [n] of DELIVERY_POINTS) {
    const shift = shifts.byKey.get(`delivery:${day}:${n}`)!;
    seats.push(...[...pool.pick(groups.riders, 2), ...pool.pick(groups.yangdai, 1, notSkilled)].map((volunteer) => ({ shift, volunteer })));
  }
  const rows = await assignMany(coordinator, seats, '昨日核酸采样点、物资配送点');
  const absent = rows[3 * 5 + 2]; // grid 6's third: never came
  await markNoShow(coordinator, absent);
  const arrivals: Attendance[] = [];
  const departures: Attendance[] = [];
  rows.forEach((assignment, i) => {
    if (assignment === absent) return;
    const { shift } = seats[i];
    arrivals.push({ assignment, at: plusMinutes(shift.startsAt, i === 4 ? 20 : -15) });
    departures.push({ assignment, at: plusMinutes(shift.endsAt, 10) });
  });
  await record(coordinator, 'checkIn', arrivals, '昨日');
  return completed(await record(coordinator, 'checkOut', departures, '昨日'));
}

/**
 * The 灵源 group's day on grid 4: six of them on both shifts, recorded afterwards by the city
 * coordinator. One stayed on escorting returnees home after the afternoon shift ended; that
 * time, outside the shift, is the one hand adjustment, tied to that afternoon assignment.
 */
async function grid4Day(coordinator: DemoClient, shifts: Shifts, groups: Groups): Promise<number> {
  const people = groups.lingyuan.slice(0, 6);
  const am = shifts.byKey.get('grid4:am')!;
  const pm = shifts.byKey.get('grid4:pm')!;
  const seats = [am, pm].flatMap((shift) => people.map((volunteer) => ({ shift, volunteer })));
  const rows = await assignMany(coordinator, seats, '灵源驰援第4网格');
  await record(coordinator, 'checkIn', rows.map((assignment, i) => ({ assignment, at: plusMinutes(seats[i].shift.startsAt, -10) })), '灵源驰援第4网格');
  const done = await record(coordinator, 'checkOut', rows.map((assignment, i) => ({ assignment, at: plusMinutes(seats[i].shift.endsAt, 15) })), '灵源驰援第4网格');
  await coordinator.request(AdjustHoursDocument, {
    volunteerId: people[0].id, assignmentId: rows[6].id, hours: 1.5,
    reason: '班次结束后继续护送4-2-7集中隔离返家人员至20:30，超出班次的时长（补录）',
  });
  return completed(done);
}

const completed = (rows: Assignment[]) => rows.filter((a) => a.status === 'COMPLETED').length;

/** The past beyond the checkpoint: yesterday's sites (the town coordinator) and the 灵源 day on grid 4 (the city coordinator). */
export async function pastRosters(clients: { chendaiCoordinator: DemoClient; jinjiangCoordinator: DemoClient }, shifts: Shifts, groups: Groups): Promise<HistorySummary> {
  return {
    grid4: await grid4Day(clients.jinjiangCoordinator, shifts, groups),
    yesterday: await yesterday(clients.chendaiCoordinator, shifts, groups),
  };
}
