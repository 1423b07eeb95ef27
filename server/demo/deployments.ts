import { DeployTeamDocument, SetGridLeaderDocument } from '../../client/sdk';
import { inParallel, inTurn, type DemoClient } from './gql';
import type { GridIds } from './places';
import type { TeamIds } from './teams';
import type { Groups } from './volunteers';
import { addDays } from './dates';
import { HISTORY } from './shifts';

/**
 * 驰援: the 灵源 working group serves 洋埭村 grids 3 and 8 (a period that includes today, like
 * 8 April – 1 May in the report) and helped grid 4 for one day; 蓝天救援队 helps 海尾村, open-ended.
 * Deploying pulls the team into the grid's view and back, so it takes the city coordinator,
 * who is over both 灵源 and 洋埭.
 */
export async function deployTeams(jinjiangCoordinator: DemoClient, grids: GridIds, teams: TeamIds, today: string): Promise<void> {
  const deployments = [
    { teamId: teams.lingyuanGroup, gridId: grids.get('yangdai-3')!, startsOn: addDays(today, -10), endsOn: addDays(today, 13) },
    { teamId: teams.lingyuanGroup, gridId: grids.get('yangdai-8')!, startsOn: addDays(today, -10), endsOn: addDays(today, 13) },
    { teamId: teams.lingyuanGroup, gridId: grids.get('yangdai-4')!, startsOn: addDays(today, HISTORY.grid4Day), endsOn: addDays(today, HISTORY.grid4Day) },
    { teamId: teams.rescue, gridId: grids.get('haiwei')!, startsOn: addDays(today, -3), endsOn: null },
  ];
  await inTurn(deployments, (deployment) => jinjiangCoordinator.request(DeployTeamDocument, deployment));
}

/**
 * Grid leaders (网格长) and per-building responsibility (包栋): 洋埭's own people lead grids 1, 2,
 * 4–7; the 灵源 group leads grids 3 and 8, their 19 squads and the buildings under them — visible
 * to the village admin only because the group is deployed there now.
 */
export async function setLeaders(clients: { yangdaiAdmin: DemoClient; chendaiCoordinator: DemoClient; jinjiangCoordinator: DemoClient }, grids: GridIds, groups: Groups): Promise<void> {
  const lingyuan = groups.lingyuan;
  const yangdai = groups.yangdai.filter((v) => v.partyMember);
  const village: [string, string][] = [];
  for (const n of [1, 2, 4, 5, 6, 7]) village.push([`yangdai-${n}`, yangdai[n].id]);
  village.push(['yangdai-3', lingyuan[1].id], ['yangdai-8', lingyuan[2].id]);
  const squads = [...Array.from({ length: 16 }, (_, i) => `yangdai-3-${i + 1}`), 'yangdai-8-1', 'yangdai-8-2', 'yangdai-8-3'];
  squads.forEach((key, i) => village.push([key, lingyuan[3 + i].id]));
  for (let b = 1; b <= 6; b++) village.push([`building-${b}`, lingyuan[(3 + b * 4) % lingyuan.length].id]);
  village.push(['yangdai-4-2-5', yangdai[8].id], ['yangdai-4-2-7', yangdai[9].id]);
  const lead = (client: DemoClient, leaders: [string, string][]) =>
    inParallel(leaders, ([key, volunteerId]) => client.request(SetGridLeaderDocument, { gridId: grids.get(key)!, volunteerId }));
  await lead(clients.yangdaiAdmin, village);
  await lead(clients.chendaiCoordinator, Array.from({ length: 7 }, (_, i): [string, string] => [`haiwei-${i + 1}`, groups.haiwei[i * 6].id]));
  await lead(clients.jinjiangCoordinator, [['checkpoint', groups.dongshi.find((v) => v.partyMember)!.id]]);
}
