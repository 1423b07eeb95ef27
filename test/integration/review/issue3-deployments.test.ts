import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CreateTeamDocument, DeployTeamDocument, ShiftAttendanceDocument, ShiftListDocument, GridVolunteerDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { twoTownships, type OrgHandle } from '../../support/factories';
import { createGrid, dbId, shanghaiDay } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle, lingyuan: OrgHandle;
let villageCoordinator: GraphQLTestClient, lingyuanCoordinator: GraphQLTestClient;
let slot = 0;

const startsIn = () => new Date(Date.now() + (30 + 6 * ++slot) * 3600_000).toISOString();

beforeAll(async () => {
  server = await startTestServer();
  ({ village, lingyuan, villageCoordinator, lingyuanCoordinator } = await twoTownships(server));
});
afterAll(async () => { await server?.stop(); });

/** A fresh grid with a sub-grid, and a 灵源 working group with one member deployed there over the given days. */
async function deployment(name: string, fromDays: number, toDays: number | null) {
  const grid = (await createGrid(server.admin, village.id, name, 'GRID')).id;
  const sub = (await createGrid(server.admin, village.id, `${name}-1`, 'SUB_GRID', grid)).id;
  const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: lingyuan.id, name: `${name} 工作组`, kind: 'WORKING_GROUP' });
  const member: Person = await registerPerson(server, lingyuan.id, `${name} 组员`);
  await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: member.id });
  const { deployTeam } = await server.admin.ok(DeployTeamDocument, {
    teamId: createTeam.id, gridId: grid, startsOn: shanghaiDay(fromDays), endsOn: toDays == null ? null : shanghaiDay(toDays),
  });
  const shift = await createShift(villageCoordinator, sub, { startsAt: startsIn(), capacity: 2 });
  return { grid, sub, member, deploymentId: deployTeam.id, shift };
}

const seesVolunteer = async (client: GraphQLTestClient, id: string) => (await client.request(GridVolunteerDocument, { id })).data?.node ?? null;

describe('while a deployment runs', () => {
  it("lets the grid's coordinator see the team's members masked and assign them", async () => {
    const { member, shift } = await deployment('网格3', -1, 3);
    const seen = await seesVolunteer(villageCoordinator, member.id);
    expect(seen).toMatchObject({ id: member.id, mobile: `${member.mobile.slice(0, 3)}****${member.mobile.slice(7)}` });
    const { assignVolunteer } = await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id });
    expect(assignVolunteer.status).toBe('ASSIGNED');
  });

  it("shows the grid, its sub-grids and their shifts to the team's organization", async () => {
    const { grid, shift } = await deployment('网格8', 0, 0);
    const { shifts } = await lingyuanCoordinator.ok(ShiftListDocument, { filter: { gridId: grid } });
    expect(shifts.edges.map((e) => e.node.id)).toEqual([shift.id]);
    expect((await lingyuanCoordinator.ok(ShiftAttendanceDocument, { id: shift.id })).node?.__typename).toBe('Shift');
  });
});

describe('before and after a deployment runs', () => {
  for (const [when, from, to] of [['ended yesterday', -5, -1], ['starting tomorrow', 1, 4]] as const) {
    it(`hides the team's members and the grid when the deployment is ${when}`, async () => {
      const { grid, member, shift } = await deployment(`网格 ${when}`, from, to);
      expect(await seesVolunteer(villageCoordinator, member.id)).toBeNull();
      const before = await server.sql`select count(*)::int as n from assignments`;
      expect(await villageCoordinator.codes(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id })).toEqual(['NOT_FOUND']);
      expect(await server.sql`select count(*)::int as n from assignments`).toEqual(before);
      expect(await lingyuanCoordinator.codes(ShiftListDocument, { filter: { gridId: grid } })).toEqual(['NOT_FOUND']);
      expect(await lingyuanCoordinator.codes(ShiftAttendanceDocument, { id: shift.id })).toEqual(['NOT_FOUND']);
    });
  }

  it("stops letting the grid's coordinator assign a member who served there once the deployment has ended", async () => {
    const { member, shift, deploymentId, sub } = await deployment('网格4', -3, null);
    await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: member.id });
    // Time passes: the deployment ended yesterday.
    await server.sql`update deployments set ends_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${dbId(deploymentId)}`;
    const later = await createShift(villageCoordinator, sub, { startsAt: startsIn(), capacity: 2 });
    const before = await server.sql`select count(*)::int as n from assignments`;
    // Still shown on the roster they hold a place on, but no longer theirs to seat anywhere.
    expect(await seesVolunteer(villageCoordinator, member.id)).toMatchObject({ id: member.id });
    expect(await villageCoordinator.codes(AssignVolunteerDocument, { shiftId: later.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);
    expect(await server.sql`select count(*)::int as n from assignments`).toEqual(before);
    // One who never held a place there is simply not found.
    const { member: other, deploymentId: otherDeployment } = await deployment('网格5', -3, null);
    await server.sql`update deployments set ends_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${dbId(otherDeployment)}`;
    expect(await villageCoordinator.codes(AssignVolunteerDocument, { shiftId: later.id, volunteerId: other.id })).toEqual(['NOT_FOUND']);
  });
});
