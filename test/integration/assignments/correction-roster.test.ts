import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AssignVolunteerDocument, CreateTeamDocument, DeployTeamDocument, SetGridLeaderDocument, ShiftRosterPeopleDocument,
  SignUpForShiftDocument, VolunteerNodeDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid, shanghaiDay } from '../../support/factories/grids';
import { createShift, signInAs } from '../../support/factories/shifts';
import { registerVolunteer, type VolunteerHandle } from '../../support/factories/teams';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let office: OrgHandle;
let coordinator: GraphQLTestClient;
let officer: GraphQLTestClient;
let participant: VolunteerHandle;
let shiftId: string;
let gridId: string;

beforeAll(async () => {
  server = await startTestServer();
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会', city.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', city.id);
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  gridId = (await createGrid(server.admin, village.id, '网格3', 'GRID')).id;
  // Registered by the office only: nothing ties the person to the village but the shift.
  participant = await registerVolunteer(server, office, '施永福');
  const { createTeam } = await officer.ok(CreateTeamDocument, { organizationId: office.id, name: '社区矫正志愿队', kind: 'COMMUNITY_CORRECTION' });
  await officer.ok(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: participant.id });
  await server.admin.ok(DeployTeamDocument, { teamId: createTeam.id, gridId, startsOn: shanghaiDay(-1), endsOn: shanghaiDay(3) });
  shiftId = (await createShift(coordinator, gridId, { title: '夜间卡口', startsAt: new Date(Date.now() + 20 * 3600_000).toISOString() })).id;
  // No public sign-up goes through a correction office; the participant's account is set up directly.
  const self = await signInAs(server, participant);
  await self.ok(SignUpForShiftDocument, { shiftId });
});
afterAll(async () => { await server?.stop(); });

describe('a community-correction participant on a roster', () => {
  it('appears to the post coordinator as an ordinary volunteer: counted, named, masked, with no team or office', async () => {
    const { node } = await coordinator.ok(ShiftRosterPeopleDocument, { id: shiftId });
    if (!node || !('roster' in node)) throw new Error('shift not visible');
    expect(node.filled).toBe(1);
    expect(node.roster).toHaveLength(1);
    const [{ volunteer }] = node.roster;
    expect(volunteer).toMatchObject({ id: participant.id, name: '施永福', registeredBy: null, teams: [] });
    expect(volunteer.mobile).toBe(`${participant.mobile.slice(0, 3)}****${participant.mobile.slice(7)}`);
    const body = JSON.stringify(node);
    expect(body).not.toMatch(/矫正|司法所|COMMUNITY_CORRECTION/);
  });

  it('shows the correction officer, whose team is deployed to the grid, the same person with the correction team', async () => {
    const { node } = await officer.ok(VolunteerNodeDocument, { id: participant.id });
    expect(node).toMatchObject({ id: participant.id, name: '施永福' });
    const roster = await officer.ok(ShiftRosterPeopleDocument, { id: shiftId });
    if (!roster.node || !('roster' in roster.node)) throw new Error('shift not visible to the officer');
    expect(roster.node.roster[0].volunteer.teams.map((m) => m.team.name)).toEqual(['社区矫正志愿队']);
  });

  it('does not let the coordinator pick that person for anything else: another shift, a team, a grid leadership', async () => {
    const other = await createShift(coordinator, gridId, { title: '白班采样', startsAt: new Date(Date.now() + 44 * 3600_000).toISOString() });
    const { createTeam } = await server.admin.ok(CreateTeamDocument, { organizationId: village.id, name: '洋埭村网格服务队', kind: 'GRID_SERVICE' });
    const before = await server.sql`select (select count(*) from assignments)::int as a, (select count(*) from team_memberships)::int as m,
      (select count(*) from grids where leader_volunteer_id is not null)::int as l`;
    expect(await coordinator.codes(AssignVolunteerDocument, { shiftId: other.id, volunteerId: participant.id })).toEqual(['FORBIDDEN']);
    expect(await coordinator.codes(AddTeamMemberDocument, { teamId: createTeam.id, volunteerId: participant.id })).toEqual(['FORBIDDEN']);
    expect(await coordinator.codes(SetGridLeaderDocument, { gridId, volunteerId: participant.id })).toEqual(['FORBIDDEN']);
    const after = await server.sql`select (select count(*) from assignments)::int as a, (select count(*) from team_memberships)::int as m,
      (select count(*) from grids where leader_volunteer_id is not null)::int as l`;
    expect(after).toEqual(before);
  });
});
