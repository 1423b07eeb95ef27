import { SignUpForShiftDocument } from '../../client/sdk';
import type { DemoClient } from './gql';
import type { ShiftRef, Shifts } from './shifts';
import { DELIVERY_POINTS } from './shifts';
import type { Groups } from './volunteers';
import { plusMinutes } from './dates';
import { assign, attend, cancel, has, markNoShow, notSkilled, Pool } from './roster-tools';

/** Who is still to come: shifts that have not ended (with a margin, so none ends while the demo runs). */
const open = (shift: ShiftRef | undefined): shift is ShiftRef => !!shift && shift.endsAt.getTime() > Date.now() + 2 * 60_000;

/** Shifts running now: completed hours, people on duty, a no-show replaced by a stand-in, someone not checked in yet. */
async function runningRosters(coordinator: DemoClient, shifts: Shifts, groups: Groups, pool: Pool): Promise<void> {
  const delivery = shifts.byKey.get('now:delivery')!;
  const [done1, done2, onDuty, absent] = await assign(coordinator, delivery, pool.pick(groups.lingyuan, 4), '第8网格物资配送');
  await attend(coordinator, 'checkIn', [done1, done2], plusMinutes(delivery.startsAt, 10));
  await attend(coordinator, 'checkIn', [onDuty], plusMinutes(delivery.startsAt, 15));
  await attend(coordinator, 'checkOut', [done1, done2], plusMinutes(new Date(), -10));
  await markNoShow(coordinator, absent);
  await assign(coordinator, delivery, pool.pick(groups.lingyuan, 1), '第8网格物资配送（顶班）');

  const door = shifts.byKey.get('now:door')!;
  const doorCrew = await assign(coordinator, door, pool.pick(groups.lingyuan, 6), '第3网格入户核酸采样');
  await attend(coordinator, 'checkIn', doorCrew.slice(0, 4), plusMinutes(door.startsAt, 5));

  // The correction participant who also volunteers in 洋埭村 keeps order at a sampling site; his hours go on his record.
  const site = shifts.byKey.get('now:sampling')!;
  const participant = groups.correction[0];
  const siteCrew = await assign(coordinator, site, [participant, ...pool.pick(groups.yangdai, 2, notSkilled)], '第6网格采样点');
  await attend(coordinator, 'checkIn', siteCrew, plusMinutes(site.startsAt, 5));
  await attend(coordinator, 'checkOut', siteCrew.slice(0, 1), plusMinutes(new Date(), -5));
}

/**
 * Tomorrow's sampling sites: grid 1 is full with a waitlist, and a cancellation promotes the
 * first in line; grids 3 and 8 are staffed by the deployed 灵源 group; grid 5 keeps a seat for
 * the volunteer who signs up herself.
 */
async function samplingRosters(coordinator: DemoClient, shifts: Shifts, groups: Groups, pool: Pool): Promise<void> {
  for (let n = 1; n <= 8; n++) {
    const shift = shifts.byKey.get(`sampling:1:${n}`)!;
    const skilled = [1, 2, 5].includes(n);
    const from = n === 3 || n === 8 ? groups.lingyuan : groups.yangdai;
    const count = n === 1 ? 6 : n === 5 ? 3 : 4;
    const crew = await assign(coordinator, shift, pool.pick(from, count, (v) => notSkilled(v) && (!skilled || v.skills.includes('sampling'))), `第${n}网格核酸采样点`);
    if (n === 1) {
      await cancel(coordinator, crew[1], '发热，居家健康监测');
    }
  }
  // The day after: the first four grids half staffed, so there are open seats to fill.
  const later = new Pool();
  for (let n = 1; n <= 4; n++) {
    const skilled = [1, 2].includes(n);
    await assign(coordinator, shifts.byKey.get(`sampling:2:${n}`)!, later.pick(groups.yangdai, 2, (v) => notSkilled(v) && (!skilled || v.skills.includes('sampling'))), `第${n}网格核酸采样点（后天）`);
  }
  await assign(coordinator, shifts.byKey.get('mobile:1')!, pool.pick(groups.lingyuan, 3, has('e-bike')), '流动采样点');
}

/** Delivery points (grid service team and riders), 泉商公馆's lobby, and the hotline (psychology). */
async function serviceRosters(coordinator: DemoClient, shifts: Shifts, groups: Groups, pool: Pool): Promise<void> {
  for (const [i, [n]] of DELIVERY_POINTS.entries()) {
    const crew = [...pool.pick(groups.riders, 2), ...pool.pick(groups.yangdai, 2, notSkilled)];
    await assign(coordinator, shifts.byKey.get(`delivery:1:${n}`)!, crew, `物资配送点 ${i + 1}`);
  }
  await assign(coordinator, shifts.byKey.get('quanshang:1')!, pool.pick(groups.quanshang, 3), '泉商公馆');
  const counsellors = [...groups.yangdai, ...groups.haiwei].filter(has('psychology'));
  for (const day of [0, 1]) {
    const shift = shifts.byKey.get(`hotline:${day}`);
    if (open(shift)) await assign(coordinator, shift, pool.pick(counsellors, 2), '心理援助热线');
  }
}

/** The demo volunteer's own seats: tomorrow's sampling on her home grid, a delivery the day after. */
export const SELF_SIGN_UPS = ['sampling:1:5', `delivery:2:${DELIVERY_POINTS[1][0]}`];

/** The demo volunteer takes her seats herself. */
export async function selfSignUps(volunteer: DemoClient, shifts: Shifts): Promise<void> {
  for (const key of SELF_SIGN_UPS) {
    await volunteer.request(SignUpForShiftDocument, { shiftId: shifts.byKey.get(key)!.id });
  }
}

/** Today and the days ahead, except the demo volunteer's own sign-ups (the load's last step). */
export async function fillRosters(coordinator: DemoClient, shifts: Shifts, groups: Groups): Promise<void> {
  const pool = new Pool();
  await runningRosters(coordinator, shifts, groups, pool);
  await samplingRosters(coordinator, shifts, groups, pool);
  await serviceRosters(coordinator, shifts, groups, pool);
}
