import { CreateShiftDocument, CreateShiftRotationDocument, type DutyType, type ShiftInput } from '../../client/sdk';
import { inTurn, type DemoClient } from './gql';
import type { GridIds } from './places';
import type { TeamIds } from './teams';
import { addDays, shanghaiTime, startOfHour } from './dates';

export interface ShiftRef {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * How far the demo reaches back (days from today, Asia/Shanghai): the checkpoint rotation starts
 * three days ago and runs two weeks ahead; the 灵源 group spent one day on grid 4 five days ago.
 */
export const HISTORY = { checkpointFrom: -3, checkpointDays: 17, grid4Day: -5, pastDay: -1 } as const;

/**
 * Shifts by key (`sampling:<day>:<grid>`, `delivery:<day>:<point>`, `grid4:am`, `now:door` …,
 * day -1 being yesterday) plus the checkpoint rotation in order.
 */
export interface Shifts {
  byKey: Map<string, ShiftRef>;
  checkpoint: ShiftRef[];
}

type Actor = 'chendaiCoordinator' | 'jinjiangCoordinator';

interface Planned {
  key: string;
  actor: Actor;
  input: ShiftInput;
}

const HOUR = 3_600_000;
const toRef = (s: { id: string; startsAt: string; endsAt: string }): ShiftRef => ({ id: s.id, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) });

/** Sampling sites per 洋埭 grid; grids 1, 2 and 5 take only trained samplers. */
const SAMPLING_SITES = ['村委会广场', '洋埭小学门口', '第3网格鞋都路口（灵源工作组）', '洋埭老人会', '洋埭菜市场', '洋埭工业区篮球场', '洋埭宫庙前埕', '洋埭东路停车场（灵源工作组）'];
const SKILLED_SAMPLING = new Set([1, 2, 5]);

/** Three supermarkets opened as delivery points, on grids 2, 5 and 7. */
export const DELIVERY_POINTS: [number, string][] = [[2, '福满多生活超市'], [5, '惠佳购物广场'], [7, '鑫源便利超市']];

function shiftInput(gridId: string, title: string, duty: DutyType, location: string, startsAt: Date, endsAt: Date, capacity: number, extra: Partial<ShiftInput> = {}): ShiftInput {
  return { title, duty, gridId, location, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), capacity, ...extra };
}

/** A morning sampling site on each 洋埭 grid and an afternoon at each delivery point, on one day. */
function siteShifts(grids: GridIds, teams: TeamIds, today: string, day: number): Planned[] {
  const planned: Planned[] = [];
  const at = (hhmm: string) => shanghaiTime(addDays(today, day), hhmm);
  SAMPLING_SITES.forEach((site, i) => {
    const n = i + 1;
    planned.push({ key: `sampling:${day}:${n}`, actor: 'chendaiCoordinator', input: shiftInput(grids.get(`yangdai-${n}`)!, `第${n}网格核酸采样点`,
      'NUCLEIC_ACID_SAMPLING', `洋埭村${site}`, at('08:00'), at('12:00'), 4, { requiredSkills: SKILLED_SAMPLING.has(n) ? ['sampling'] : [] }) });
  });
  // Orders collected by grid workers before 17:00 arrive the next day; 30- and 50-yuan packages.
  for (const [n, shop] of DELIVERY_POINTS) {
    planned.push({ key: `delivery:${day}:${n}`, actor: 'chendaiCoordinator', input: shiftInput(grids.get(`yangdai-${n}`)!, `${shop}物资配送点`,
      'SUPPLY_DELIVERY', `洋埭村${shop}（30元、50元生活物资套餐）`, at('14:00'), at('18:00'), 6,
      { eligibleTeamIds: [teams.yangdaiService, teams.riders] }) });
  }
  return planned;
}

/**
 * The 灵源 group's day on grid 4 (4-2-5 and 4-2-7): fetching residents back from central
 * quarantine and door-to-door sampling in the morning, handing out supplies in the afternoon.
 * Created by the city coordinator, who is over both 灵源 and 洋埭.
 */
function grid4Shifts(grids: GridIds, today: string): Planned[] {
  const at = (hhmm: string) => shanghaiTime(addDays(today, HISTORY.grid4Day), hhmm);
  return [
    { key: 'grid4:am', actor: 'jinjiangCoordinator', input: shiftInput(grids.get('yangdai-4-2-5')!, '第4网格4-2-5接回集中隔离返家人员、入户核酸采样（灵源驰援）',
      'DOOR_TO_DOOR', '洋埭村第4网格4-2-5小组', at('08:00'), at('13:00'), 6) },
    { key: 'grid4:pm', actor: 'jinjiangCoordinator', input: shiftInput(grids.get('yangdai-4-2-7')!, '第4网格4-2-7生活物资发放（灵源驰援）',
      'SUPPLY_DELIVERY', '洋埭村第4网格4-2-7小组', at('14:00'), at('19:00'), 6) },
  ];
}

/** Day posts for the next three days (sampling sites, mobile sampling, delivery points, 泉商公馆 deliveries, the hotline) and yesterday's sites. */
function dayShifts(grids: GridIds, teams: TeamIds, today: string): Planned[] {
  const planned: Planned[] = [...siteShifts(grids, teams, today, HISTORY.pastDay)];
  const at = (day: number, hhmm: string) => shanghaiTime(addDays(today, day), hhmm);
  for (const day of [1, 2, 3]) {
    planned.push(...siteShifts(grids, teams, today, day));
    // After 洋埭 became a prevention zone: sampling tables carried on e-bikes (流动采样点).
    planned.push({ key: `mobile:${day}`, actor: 'chendaiCoordinator', input: shiftInput(grids.get('yangdai-3')!, '第3网格流动采样点（小牛电动车）',
      'NUCLEIC_ACID_SAMPLING', '洋埭村第3网格，沿3-1至3-16小组巡回', at(day, '15:00'), at(day, '18:00'), 3,
      { requiredSkills: ['e-bike'], eligibleTeamIds: [teams.lingyuanGroup] }) });
    planned.push({ key: `quanshang:${day}`, actor: 'chendaiCoordinator', input: shiftInput(grids.get('quanshang')!, '泉商公馆物资分拣送货上门',
      'SUPPLY_DELIVERY', '泉商公馆小区大堂（按楼栋分拣）', at(day, '09:00'), at(day, '12:00'), 4) });
  }
  for (const day of [0, 1, 2]) {
    planned.push({ key: `hotline:${day}`, actor: 'chendaiCoordinator', input: shiftInput(grids.get('chendai')!, '陈埭镇疫情防控心理援助热线',
      'HOTLINE', '陈埭镇防控指挥部热线室', at(day, '19:00'), at(day, '22:00'), 2, { requiredSkills: ['psychology'] }) });
  }
  return planned;
}

/**
 * Posts running right now, timed around the current hour so the live roster has people on
 * duty, people done for the day, a no-show and someone not yet checked in.
 */
function runningShifts(grids: GridIds, teams: TeamIds, now: Date): Planned[] {
  const hour = startOfHour(now).getTime();
  const span = (from: number, to: number): [Date, Date] => [new Date(hour + from * HOUR), new Date(hour + to * HOUR)];
  return [
    { key: 'now:delivery', actor: 'chendaiCoordinator', input: shiftInput(grids.get('yangdai-8')!, '第8网格生活物资挨家挨户配送', 'SUPPLY_DELIVERY',
      '洋埭东路物资集散点', ...span(-4, 2), 4) },
    { key: 'now:door', actor: 'chendaiCoordinator', input: shiftInput(grids.get('yangdai-3')!, '第3网格入户核酸采样（行动不便、居家人员）', 'DOOR_TO_DOOR',
      '洋埭村第3网格3-1至3-16小组', ...span(-1, 3), 8) },
    { key: 'now:sampling', actor: 'chendaiCoordinator', input: shiftInput(grids.get('yangdai-6')!, '第6网格核酸采样点秩序维护', 'NUCLEIC_ACID_SAMPLING',
      '洋埭工业区篮球场', ...span(-2, 2), 5) },
    // Extra antigen testing at the checkpoint through the traffic peak, staffed by the vanguard off their rotation.
    { key: 'now:surge', actor: 'jinjiangCoordinator', input: shiftInput(grids.get('checkpoint')!, '金东路抗原快检加强岗（车流高峰）', 'CHECKPOINT',
      '东石镇三乡村金东路红绿灯口', ...span(-2, 1), 2, { eligibleTeamIds: [teams.dongshiVanguard] }) },
  ];
}

/**
 * The 东石 三乡村 checkpoint: 24 hours in four shifts from three days ago to two weeks ahead, each
 * a Party-member demonstration post (党员示范岗) for the vanguard team, three to a shift.
 */
async function checkpointRotation(jinjiangCoordinator: DemoClient, grids: GridIds, teams: TeamIds, today: string): Promise<ShiftRef[]> {
  const startDate = addDays(today, HISTORY.checkpointFrom);
  const midnight = shanghaiTime(startDate, '00:00');
  const template = shiftInput(grids.get('checkpoint')!, '三乡村查验服务岗（党员示范岗）', 'CHECKPOINT',
    '东石镇三乡村金东路红绿灯口：查验健康码、行程码、48小时核酸，15分钟抗原现采现测', midnight, new Date(midnight.getTime() + 6 * HOUR), 3,
    { requiresPartyMember: true, eligibleTeamIds: [teams.dongshiVanguard] });
  const { createShiftRotation } = await jinjiangCoordinator.request(CreateShiftRotationDocument,
    { input: { template, startDate, days: HISTORY.checkpointDays, shiftsPerDay: 4, dayStartsAt: '00:00' } });
  return createShiftRotation.map(toRef).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export async function createShifts(clients: Record<Actor, DemoClient>, grids: GridIds, teams: TeamIds, today: string, now: Date): Promise<Shifts> {
  const checkpoint = await checkpointRotation(clients.jinjiangCoordinator, grids, teams, today);
  const planned = [...grid4Shifts(grids, today), ...dayShifts(grids, teams, today), ...runningShifts(grids, teams, now)];
  const byKey = new Map<string, ShiftRef>();
  for (const actor of Object.keys(clients) as Actor[]) {
    const mine = planned.filter((p) => p.actor === actor);
    if (mine.length === 0) continue;
    const created = await inTurn(mine, (p) => clients[actor].request(CreateShiftDocument, { input: p.input }));
    mine.forEach((p, i) => byKey.set(p.key, toRef(created[i].createShift)));
  }
  return { byKey, checkpoint };
}
