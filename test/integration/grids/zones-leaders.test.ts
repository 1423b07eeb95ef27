import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridDocument, GridZoneHistoryDocument, SetGridLeaderDocument, SetZoneDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { buildChendaiTree, dbId, insertVolunteer, volunteerClient, type ChendaiTree } from '../../support/factories/grids';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let town: OrgHandle, village: OrgHandle, lingyuan: OrgHandle, chamber: OrgHandle;
let villageCoordinator: GraphQLTestClient & { mobile: string }, outsider: GraphQLTestClient;
let tree: ChendaiTree;

const zoneRows = async (gridId: string) =>
  server.sql`select zone, changed_by from zone_changes where grid_id = ${dbId(gridId)} order by id`;
const leaderOf = async (gridId: string) =>
  (await server.sql`select leader_volunteer_id from grids where id = ${dbId(gridId)}`)[0].leader_volunteer_id as number | null;

beforeAll(async () => {
  server = await startTestServer();
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇', city.id);
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', city.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  const townCoordinator = await createStaff(server, 'COORDINATOR', town.id);
  villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', lingyuan.id);
  tree = await buildChendaiTree(townCoordinator, town.id, village.id);
});
afterAll(async () => { await server?.stop(); });

describe('setZone', () => {
  it('records 封控区 → 管控区 → 防范区 with who and when, and Grid.zone is the latest', async () => {
    const started = Date.now();
    for (const zone of ['LOCKDOWN', 'CONTROL', 'PREVENTION'] as const) {
      const { setZone } = await villageCoordinator.ok(SetZoneDocument, { gridId: tree.village, zone });
      expect(setZone.zone).toBe(zone);
    }
    const { node } = await villageCoordinator.ok(GridZoneHistoryDocument, { id: tree.village });
    if (!node || !('zoneHistory' in node)) throw new Error('grid not returned');
    expect(node.zone).toBe('PREVENTION');
    expect(node.zoneHistory.map((c) => c.zone)).toEqual(['LOCKDOWN', 'CONTROL', 'PREVENTION']);
    for (const change of node.zoneHistory) {
      expect(change.changedBy).toBe(`COORDINATOR ${villageCoordinator.mobile}`);
      expect(new Date(change.changedAt).getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(new Date(change.changedAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const [account] = await server.sql`select id from accounts where mobile = ${villageCoordinator.mobile}`;
    expect((await zoneRows(tree.village)).map((r) => r.changed_by)).toEqual([account.id, account.id, account.id]);
  });

  it('treats setting the same zone again as a no-op that records nothing', async () => {
    await villageCoordinator.ok(SetZoneDocument, { gridId: tree.grids[5], zone: 'CONTROL' });
    const { setZone } = await villageCoordinator.ok(SetZoneDocument, { gridId: tree.grids[5], zone: 'CONTROL' });
    expect(setZone.zone).toBe('CONTROL');
    expect(setZone.zoneHistory.map((c) => c.zone)).toEqual(['CONTROL']);
    expect((await zoneRows(tree.grids[5])).length).toBe(1);
  });

  it("refuses another organization's staff with NOT_FOUND and a grid's volunteer with FORBIDDEN, changing nothing", async () => {
    const resident = await volunteerClient(server, await insertVolunteer(server, chamber.id, { homeGridId: tree.grids[6] }));
    expect(await outsider.codes(SetZoneDocument, { gridId: tree.grids[6], zone: 'LOCKDOWN' })).toEqual(['NOT_FOUND']);
    expect(await resident.codes(SetZoneDocument, { gridId: tree.grids[6], zone: 'LOCKDOWN' })).toEqual(['FORBIDDEN']);
    const [grid] = await server.sql`select zone from grids where id = ${dbId(tree.grids[6])}`;
    expect(grid.zone).toBe('NORMAL');
    expect(await zoneRows(tree.grids[6])).toEqual([]);
  });

  it('shows the zone to everyone who sees the grid but the history only to staff', async () => {
    await villageCoordinator.ok(SetZoneDocument, { gridId: tree.grids[7], zone: 'LOCKDOWN' });
    const resident = await volunteerClient(server, await insertVolunteer(server, chamber.id, { homeGridId: tree.grids[7] }));
    const { node } = await resident.ok(GridZoneHistoryDocument, { id: tree.grids[7] });
    expect(node).toMatchObject({ zone: 'LOCKDOWN', zoneHistory: [] });
    expect((await server.admin.ok(GridZoneHistoryDocument, { id: tree.grids[7] })).node).toMatchObject({ zoneHistory: [{ zone: 'LOCKDOWN' }] });
  });
});

describe('setGridLeader', () => {
  it('names an active volunteer the coordinator can see as grid leader, and clears it', async () => {
    const leader = await insertVolunteer(server, village.id, { name: '网格长 林' });
    const { setGridLeader } = await villageCoordinator.ok(SetGridLeaderDocument, { gridId: tree.grids[3], volunteerId: leader.id });
    expect(setGridLeader.leader).toEqual({ id: leader.id, name: '网格长 林' });
    expect(await leaderOf(tree.grids[3])).toBe(leader.dbId);
    const cleared = await villageCoordinator.ok(SetGridLeaderDocument, { gridId: tree.grids[3], volunteerId: null });
    expect(cleared.setGridLeader.leader).toBeNull();
    expect(await leaderOf(tree.grids[3])).toBeNull();
  });

  it('answers NOT_FOUND for a volunteer the coordinator cannot see and CONFLICT for one not ACTIVE, changing nothing', async () => {
    const current = await insertVolunteer(server, village.id);
    await villageCoordinator.ok(SetGridLeaderDocument, { gridId: tree.grids[2], volunteerId: current.id });
    const stranger = await insertVolunteer(server, chamber.id);
    expect(await villageCoordinator.codes(SetGridLeaderDocument, { gridId: tree.grids[2], volunteerId: stranger.id })).toEqual(['NOT_FOUND']);
    for (const status of ['PENDING', 'SUSPENDED', 'ARCHIVED']) {
      const inactive = await insertVolunteer(server, village.id, { status });
      expect(await villageCoordinator.codes(SetGridLeaderDocument, { gridId: tree.grids[2], volunteerId: inactive.id })).toEqual(['CONFLICT']);
    }
    expect(await leaderOf(tree.grids[2])).toBe(current.dbId);
  });

  it("refuses staff of another organization with NOT_FOUND, changing nothing", async () => {
    const own = await insertVolunteer(server, lingyuan.id);
    expect(await outsider.codes(SetGridLeaderDocument, { gridId: tree.grids[4], volunteerId: own.id })).toEqual(['NOT_FOUND']);
    expect(await leaderOf(tree.grids[4])).toBeNull();
  });

  it('shows the leader only to viewers who may see that volunteer', async () => {
    const leader = await insertVolunteer(server, village.id);
    await villageCoordinator.ok(SetGridLeaderDocument, { gridId: tree.grids[8], volunteerId: leader.id });
    const resident = await volunteerClient(server, await insertVolunteer(server, chamber.id, { homeGridId: tree.grids[8] }));
    expect((await resident.ok(GridDocument, { id: tree.grids[8] })).node).toMatchObject({ id: tree.grids[8], leader: null });
    expect((await villageCoordinator.ok(GridDocument, { id: tree.grids[8] })).node).toMatchObject({ leader: { id: leader.id } });
    const self = await volunteerClient(server, leader);
    expect((await self.ok(GridDocument, { id: tree.grids[8] })).node).toMatchObject({ leader: { id: leader.id } });
  });
});
