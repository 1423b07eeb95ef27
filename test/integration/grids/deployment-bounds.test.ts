import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddTeamMemberDocument, AssignVolunteerDocument, CreateGridDocument, CreateTeamDocument, DeployTeamDocument } from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, twoTownships, type OrgHandle } from '../../support/factories';
import { createGrid, shanghaiDay } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import type { GraphQLTestClient } from '../../support/client';

/*
 * "Deployments reach too far" (Trust first): a deployment lends a team's members to the deployed grid
 * and the grids below it, for the deployment's dates — never to the host organization's other grids,
 * nor to shifts after it ends. And a correction office's posts are its correction officers' alone.
 */
let server: TestServer;
let village: OrgHandle, lingyuan: OrgHandle, city: OrgHandle;
let villageCoordinator: GraphQLTestClient;

beforeAll(async () => {
  server = await startTestServer();
  ({ city, village, lingyuan, villageCoordinator } = await twoTownships(server));
});
afterAll(async () => { await server?.stop(); });

const at = (days: number, hour = 9) => new Date(Date.now() + days * 86_400_000 + hour * 3600_000).toISOString();
const assignments = async () => (await server.sql`select count(*)::int as n from assignments`)[0].n as number;

/** A 灵源 working group with one member, deployed to a fresh grid of the village over the given days. */
async function deployment(name: string, fromDays: number, toDays: number) {
  const grid = (await createGrid(server.admin, village.id, name, 'GRID')).id;
  const sub = (await createGrid(server.admin, village.id, `${name}-1`, 'SUB_GRID', grid)).id;
  const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: lingyuan.id, name: `${name} 工作组`, kind: 'WORKING_GROUP' });
  const member: Person = await registerPerson(server, lingyuan.id, `${name} 组员`);
  await server.admin.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: member.id });
  await server.admin.ok(DeployTeamDocument, { teamId: createTeam.id, gridId: grid, startsOn: shanghaiDay(fromDays), endsOn: shanghaiDay(toDays) });
  return { grid, sub, member };
}

describe('a deployment lends its members', () => {
  it('to the deployed grid and below, never to the host organization\'s other grids', async () => {
    const { sub, member } = await deployment('网格3', -1, 3);
    const elsewhere = (await createGrid(server.admin, village.id, '网格5', 'GRID')).id;
    const onDeployed = await createShift(villageCoordinator, sub, { startsAt: at(1), endsAt: at(1, 13), capacity: 2 });
    const onOther = await createShift(villageCoordinator, elsewhere, { startsAt: at(2), endsAt: at(2, 13), capacity: 2 });
    expect((await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: onDeployed.id, volunteerId: member.id })).assignVolunteer.status).toBe('ASSIGNED');
    const before = await assignments();
    expect(await villageCoordinator.codes(AssignVolunteerDocument, { shiftId: onOther.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);
    expect(await assignments()).toBe(before);
  });

  it('for its dates only: a shift starting after the deployment ends refuses them, though it runs today', async () => {
    const { grid, member } = await deployment('网格8', -1, 1);
    const within = await createShift(villageCoordinator, grid, { startsAt: at(0, 2), endsAt: at(0, 5), capacity: 2 });
    const after = await createShift(villageCoordinator, grid, { startsAt: at(3), endsAt: at(3, 13), capacity: 2 });
    expect((await villageCoordinator.ok(AssignVolunteerDocument, { shiftId: within.id, volunteerId: member.id })).assignVolunteer.status).toBe('ASSIGNED');
    const before = await assignments();
    expect(await villageCoordinator.codes(AssignVolunteerDocument, { shiftId: after.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);
    expect(await assignments()).toBe(before);
  });
});

describe("a correction office's own posts", () => {
  it('are created only by its correction officers, never by staff above the office', async () => {
    const office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', city.id);
    const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
    const grids = async () => (await server.sql`select count(*)::int as n from grids`)[0].n as number;
    const before = await grids();
    for (const role of ['ORG_ADMIN', 'COORDINATOR'] as const) {
      const above = await createStaff(server, role, city.id);
      expect(await above.codes(CreateGridDocument, { name: '公益劳动点', level: 'GRID', organizationId: office.id })).toEqual(['FORBIDDEN']);
    }
    expect(await grids()).toBe(before);
    expect((await officer.ok(CreateGridDocument, { name: '公益劳动点', level: 'GRID', organizationId: office.id })).createGrid.name).toBe('公益劳动点');
  });
});
