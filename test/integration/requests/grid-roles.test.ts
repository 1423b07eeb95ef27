import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelServiceRequestDocument, ConfirmServiceRunDocument, DispatchBuildingDocument, GrantGridRoleDocument, GridHouseholdsDocument,
  MyServiceRunsDocument, RecordHouseholdDocument, RecordServiceRequestDocument, ReleaseServiceRunDocument, SetGridLeaderDocument,
  SetGridRequestCutoffDocument, StartServiceRunDocument, DispatchServiceRequestDocument,
} from '../../../client/generated/graphql';
import { createOrg, createStaff } from '../../support/factories';
import { createGrid, insertMembership, insertTeam, insertVolunteer, nodeOrNull, volunteerClient } from '../../support/factories/grids';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let coordinator: GraphQLTestClient;
let outsider: GraphQLTestClient;
let village: { id: string };
let grid4: string;
let grid5: string;
let subGrid: string;
let building: string;

async function volunteer(name?: string) {
  const v = await insertVolunteer(server, village.id, { name });
  return { ...v, client: await volunteerClient(server, v) };
}

let addressNo = 0;
const householdIn = (client: GraphQLTestClient, gridId: string) =>
  client.request(RecordHouseholdDocument, { input: { gridId, address: `${++addressNo}号`, contactPhone: '13800001111', needs: ['DISABLED'] } });

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  outsider = await createStaff(server, 'COORDINATOR', (await createOrg(server, 'COMMUNITY')).id);
  grid4 = (await createGrid(coordinator, village.id, '网格4', 'GRID')).id;
  grid5 = (await createGrid(coordinator, village.id, '网格5', 'GRID')).id;
  subGrid = (await createGrid(coordinator, village.id, '4-2', 'SUB_GRID', grid4)).id;
  const subSub = (await createGrid(coordinator, village.id, '4-2-5', 'SUB_GRID', subGrid)).id;
  building = (await createGrid(coordinator, village.id, '4-2-5 二号楼', 'BUILDING', subSub)).id;
});

afterAll(async () => {
  await server?.stop();
});

describe('grid roles', () => {
  it("gives a grid's named leader the grid's work over its whole subtree and nothing beside it", async () => {
    const leader = await volunteer('网格长陈');
    expect((await householdIn(leader.client, building)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await coordinator.ok(SetGridLeaderDocument, { gridId: grid4, volunteerId: leader.id });
    const recorded = await householdIn(leader.client, building);
    expect(recorded.errors).toBeUndefined();
    await leader.client.ok(SetGridRequestCutoffDocument, { gridId: subGrid, cutoff: '16:00' });
    expect((await householdIn(leader.client, grid5)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A leader names grid workers, but not other leaders.
    const worker = await volunteer('网格员黄');
    await leader.client.ok(GrantGridRoleDocument, { gridId: subGrid, role: 'GRID_WORKER', volunteerId: worker.id });
    expect(await worker.client.codes(GrantGridRoleDocument, { gridId: subGrid, role: 'GRID_LEADER', volunteerId: worker.id })).toEqual(['FORBIDDEN']);
    expect(await leader.client.codes(GrantGridRoleDocument, { gridId: subGrid, role: 'GRID_LEADER', volunteerId: worker.id })).toEqual(['FORBIDDEN']);
    const households = await nodeOrNull(worker.client, GridHouseholdsDocument, { id: subGrid }) as { households: { contactPhone: string }[] };
    expect(households.households).toEqual([expect.objectContaining({ contactPhone: '13800001111' })]);
    // A grid worker of 4-2 has nothing to do with grid 5.
    expect((await householdIn(worker.client, grid5)).errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it("shows another organization's staff neither the grid's households nor a way to record one", async () => {
    expect(await nodeOrNull(outsider, GridHouseholdsDocument, { id: subGrid })).toBeNull();
    expect((await householdIn(outsider, building)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const plain = await volunteer();
    const seen = await nodeOrNull(plain.client, GridHouseholdsDocument, { id: subGrid }) as { households: unknown[] } | null;
    expect(seen?.households ?? []).toEqual([]);
  });
});

describe('a building batch to a team', () => {
  it('sends the day to a team, lets a member set out, and closes on the resident’s confirmation', async () => {
    const { recordHousehold } = await coordinator.ok(RecordHouseholdDocument, { input: { gridId: building, address: '3单元101', needs: ['UNDER_QUARANTINE'] } });
    const input = { householdId: recordHousehold.id, kind: 'RUBBISH_COLLECTION' as const, urgency: 'EMERGENCY' as const, windowFrom: '00:00', windowTo: '24:00' };
    const first = (await coordinator.ok(RecordServiceRequestDocument, { input })).recordServiceRequest;
    const second = (await coordinator.ok(RecordServiceRequestDocument, { input: { ...input, kind: 'HOME_SAMPLING' } })).recordServiceRequest;
    const team = await insertTeam(server, village.id, '党员突击队');
    const member = await volunteer();
    await insertMembership(server, team.id, member.id);

    // A grid worker of 4-2 sees the village's team (it serves the grid's organization) and sends it the building's day.
    const worker = await volunteer('网格员郑');
    await server.admin.ok(GrantGridRoleDocument, { gridId: subGrid, role: 'GRID_WORKER', volunteerId: worker.id });
    const { dispatchBuilding } = await worker.client.ok(DispatchBuildingDocument, { gridId: building, day: first.plannedFor, target: { teamId: team.id } });
    expect(dispatchBuilding.map((r) => r.request.id).sort()).toEqual([first.id, second.id].sort());
    const { myServiceRuns } = await member.client.ok(MyServiceRunsDocument, {});
    expect(myServiceRuns.map((r) => r.id).sort()).toEqual(dispatchBuilding.map((r) => r.id).sort());
    // Handed to the team, nobody reads the household yet; the member who sets out does.
    expect(myServiceRuns.every((r) => r.request.household === null)).toBe(true);
    const run = dispatchBuilding.find((r) => r.request.id === first.id)!;
    const { startServiceRun } = await member.client.ok(StartServiceRunDocument, { id: run.id });
    expect(startServiceRun.volunteer?.id).toBe(member.id);
    const { confirmServiceRun } = await worker.client.ok(ConfirmServiceRunDocument, { id: run.id });
    expect(confirmServiceRun).toMatchObject({ status: 'DONE', proof: 'RESIDENT_CONFIRMATION' });

    // A held request is released before it is cancelled.
    const other = dispatchBuilding.find((r) => r.request.id === second.id)!;
    const held = await coordinator.request(CancelServiceRequestDocument, { id: second.id, reason: '居民已解除隔离' });
    expect(held.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_NOT_OPEN' });
    await member.client.ok(ReleaseServiceRunDocument, { id: other.id });
    const { cancelServiceRequest } = await coordinator.ok(CancelServiceRequestDocument, { id: second.id, reason: '居民已解除隔离' });
    expect(cancelServiceRequest.status).toBe('CANCELLED');
    expect(await coordinator.codes(DispatchServiceRequestDocument, { id: second.id, target: { volunteerId: member.id } })).toEqual(['CONFLICT']);
  });
});
