import { CreateGridDocument, SetZoneDocument, type ZoneLevel } from '../../client/sdk';
import { inParallel, inTurn, type DemoClient } from './gql';
import type { OrgIds, OrgKey } from './organizations';

/** Who creates which grids: the town coordinator the town and villages, the village admin its own grids. */
export type GridActor = 'chendaiCoordinator' | 'yangdaiAdmin' | 'jinjiangCoordinator';

export interface GridSpec {
  key: string;
  name: string;
  level: 'TOWN' | 'VILLAGE' | 'GRID' | 'SUB_GRID' | 'BUILDING';
  parent: string | null;
  org: OrgKey;
  actor: GridActor;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Buildings and firms under per-building responsibility (包栋) in squad 3-1 and squad 8-2. */
const BUILDINGS: [string, string][] = [
  ['yangdai-3-1', '3-1-1 鞋都路12号民房'], ['yangdai-3-1', '3-1-2 鞋都路14号出租楼'],
  ['yangdai-3-1', '3-1-3 福兴鞋材厂宿舍'], ['yangdai-3-1', '3-1-4 洋埭工业区2号厂房'],
  ['yangdai-8-2', '8-2-1 洋埭东路38号出租楼'], ['yangdai-8-2', '8-2-2 宏达鞋业员工宿舍'],
];

/**
 * 陈埭镇 with 洋埭村 (8 grids; grid 3 split into 16 squads and grid 8 into 3 by the 灵源 working
 * group, "格中格"; sub-grids 4-2-5 and 4-2-7 under grid 4), 海尾村 (7 grids) and 江浦社区's
 * 泉商公馆; 东石镇 with the 三乡村 checkpoint on 金东路.
 */
export function gridSpecs(): GridSpec[] {
  const specs: GridSpec[] = [
    { key: 'chendai', name: '陈埭镇', level: 'TOWN', parent: null, org: 'chendai', actor: 'chendaiCoordinator' },
    { key: 'yangdai', name: '洋埭村', level: 'VILLAGE', parent: 'chendai', org: 'yangdai', actor: 'chendaiCoordinator' },
    { key: 'haiwei', name: '海尾村', level: 'VILLAGE', parent: 'chendai', org: 'haiwei', actor: 'chendaiCoordinator' },
    { key: 'jiangpu', name: '江浦社区', level: 'VILLAGE', parent: 'chendai', org: 'jiangpu', actor: 'chendaiCoordinator' },
    { key: 'quanshang', name: '泉商公馆小区', level: 'GRID', parent: 'jiangpu', org: 'quanshang', actor: 'chendaiCoordinator' },
    { key: 'dongshi', name: '东石镇', level: 'TOWN', parent: null, org: 'dongshi', actor: 'jinjiangCoordinator' },
    { key: 'sanxiang', name: '三乡村', level: 'VILLAGE', parent: 'dongshi', org: 'dongshi', actor: 'jinjiangCoordinator' },
    { key: 'checkpoint', name: '三乡村金东路查验服务岗', level: 'GRID', parent: 'sanxiang', org: 'dongshi', actor: 'jinjiangCoordinator' },
  ];
  for (const n of range(8)) specs.push({ key: `yangdai-${n}`, name: `第${n}网格`, level: 'GRID', parent: 'yangdai', org: 'yangdai', actor: 'yangdaiAdmin' });
  for (const n of range(7)) specs.push({ key: `haiwei-${n}`, name: `第${n}网格`, level: 'GRID', parent: 'haiwei', org: 'haiwei', actor: 'chendaiCoordinator' });
  for (const n of range(16)) specs.push(subGrid(3, `3-${n}`));
  for (const n of range(3)) specs.push(subGrid(8, `8-${n}`));
  specs.push(subGrid(4, '4-2-5'), subGrid(4, '4-2-7'));
  BUILDINGS.forEach(([parent, name], i) => specs.push({ key: `building-${i + 1}`, name, level: 'BUILDING', parent, org: 'yangdai', actor: 'yangdaiAdmin' }));
  return specs;
}

function subGrid(grid: number, id: string): GridSpec {
  return { key: `yangdai-${id}`, name: id, level: 'SUB_GRID', parent: `yangdai-${grid}`, org: 'yangdai', actor: 'yangdaiAdmin' };
}

export type GridIds = Map<string, string>;

/** Creates the grids parents first, depth by depth, in the list's order (so ids come out as always). */
export async function createGrids(actors: Record<GridActor, DemoClient>, orgs: OrgIds): Promise<GridIds> {
  const specs = gridSpecs();
  const ids: GridIds = new Map();
  const depth = (spec: GridSpec): number => (spec.parent ? 1 + depth(specs.find((s) => s.key === spec.parent)!) : 0);
  const maxDepth = Math.max(...specs.map(depth));
  for (let d = 0; d <= maxDepth; d++) {
    for (const actor of Object.keys(actors) as GridActor[]) {
      const batch = specs.filter((s) => depth(s) === d && s.actor === actor);
      if (batch.length === 0) continue;
      const created = await inTurn(batch, (s) => actors[actor].request(CreateGridDocument,
        { name: s.name, level: s.level, parentId: s.parent ? ids.get(s.parent) : null, organizationId: orgs[s.org] }));
      batch.forEach((s, i) => ids.set(s.key, created[i].createGrid.id));
    }
  }
  return ids;
}

/**
 * Zone history: 陈埭 was locked down on the 25th (全域封控); 洋埭村 went 封控区 → 管控区 →
 * 防范区 (20 April); 海尾村 is a control zone now; 泉商公馆 is still locked down.
 */
export async function setZones(actors: Record<GridActor, DemoClient>, grids: GridIds): Promise<void> {
  const steps: [GridActor, string, ZoneLevel[]][] = [
    ['chendaiCoordinator', 'chendai', ['LOCKDOWN', 'CONTROL']],
    ['chendaiCoordinator', 'yangdai', ['LOCKDOWN', 'CONTROL', 'PREVENTION']],
    ['chendaiCoordinator', 'haiwei', ['LOCKDOWN', 'CONTROL']],
    ['chendaiCoordinator', 'quanshang', ['LOCKDOWN']],
    ['jinjiangCoordinator', 'dongshi', ['PREVENTION']],
  ];
  for (const n of range(8)) steps.push(['yangdaiAdmin', `yangdai-${n}`, ['LOCKDOWN', 'CONTROL', 'PREVENTION']]);
  for (const n of range(7)) steps.push(['chendaiCoordinator', `haiwei-${n}`, ['LOCKDOWN', 'CONTROL']]);
  // Grids side by side; each grid's zones one after another, so its history reads as it happened.
  await inParallel(steps, ([actor, key, zones]) => inTurn(zones, (zone) => actors[actor].request(SetZoneDocument, { gridId: grids.get(key)!, zone })));
}
