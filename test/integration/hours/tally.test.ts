import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AdjustHoursDocument, AssignVolunteerDocument, CheckInDocument, CheckOutDocument, CreateTeamDocument,
  GridHoursDocument, RemoveTeamMemberDocument, TallyDocument, TeamHoursDocument, VolunteerHoursDocument,
} from '../../../client/generated/graphql';
import { startTestServer, type TestServer } from '../../support/harness';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { createGrid } from '../../support/factories/grids';
import { createShift, registerPerson, type Person } from '../../support/factories/shifts';
import { shanghaiDate } from '../../../server/platform/date-range';
import type { GraphQLTestClient } from '../../support/client';

let server: TestServer;
let village: OrgHandle;
let office: OrgHandle;
let coordinator: GraphQLTestClient;
let officer: GraphQLTestClient;
let gridId: string;
let subGridId: string;
let participant: Person;
let resident: Person;
let neighbour: Person;
let correctionTeamId: string;
let serviceTeamId: string;
const today = shanghaiDate(new Date());

/** Seats a person on a shift that started `hoursAgo` and credits them `hours` through check-in and check-out. */
async function complete(person: Person, grid: string, duty: 'CHECKPOINT' | 'NUCLEIC_ACID_SAMPLING', hoursAgo: number, hours: number) {
  const start = new Date(Date.now() - hoursAgo * 3600_000);
  const shift = await createShift(coordinator, grid, { duty, capacity: 5, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 6 * 3600_000).toISOString() });
  const { assignVolunteer } = await coordinator.ok(AssignVolunteerDocument, { shiftId: shift.id, volunteerId: person.id });
  await coordinator.ok(CheckInDocument, { assignmentId: assignVolunteer.id, at: start.toISOString() });
  await coordinator.ok(CheckOutDocument, { assignmentId: assignVolunteer.id, at: new Date(start.getTime() + hours * 3600_000).toISOString() });
  return assignVolunteer.id;
}

beforeAll(async () => {
  server = await startTestServer();
  village = await createOrg(server, 'COMMUNITY', '洋埭村委会');
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所');
  coordinator = await createStaff(server, 'COORDINATOR', village.id);
  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  gridId = (await createGrid(server.admin, village.id, '洋埭村', 'VILLAGE')).id;
  subGridId = (await createGrid(server.admin, village.id, '网格3', 'GRID', gridId)).id;
  participant = await registerPerson(server, office.id, '蔡志强');
  await registerPerson(server, village.id, '蔡志强').catch(() => undefined);
  resident = await registerPerson(server, village.id, '林秀英');
  neighbour = await registerPerson(server, village.id, '黄建国');
  // The participant also serves with the village, so the village coordinator may seat them.
  await server.sql`insert into volunteer_affiliations (volunteer_id, organization_id, confirmed_at) select ${participant.dbId}, id, now() from organizations where name = '洋埭村委会' on conflict do nothing`;
  correctionTeamId = (await server.admin.ok(CreateTeamDocument, { organizationId: office.id, name: '社区矫正志愿队', kind: 'COMMUNITY_CORRECTION' })).createTeam.id;
  serviceTeamId = (await server.admin.ok(CreateTeamDocument, { organizationId: village.id, name: '洋埭村网格服务队', kind: 'GRID_SERVICE' })).createTeam.id;
  await server.admin.ok(AddTeamMemberDocument, { teamId: correctionTeamId, volunteerId: participant.id });
  await server.admin.ok(AddTeamMemberDocument, { teamId: serviceTeamId, volunteerId: resident.id });
  await server.admin.ok(AddTeamMemberDocument, { teamId: serviceTeamId, volunteerId: participant.id });
  await complete(participant, subGridId, 'NUCLEIC_ACID_SAMPLING', 3, 2);
  await complete(resident, subGridId, 'NUCLEIC_ACID_SAMPLING', 3, 1.5);
  await complete(neighbour, gridId, 'CHECKPOINT', 2, 1);
});
afterAll(async () => { await server?.stop(); });

describe('tally', () => {
  it('groups hours, person-times and distinct volunteers by volunteer', async () => {
    const { tally } = await server.admin.ok(TallyDocument, { input: { groupBy: 'VOLUNTEER' } });
    expect(tally).toEqual([
      { key: participant.id, label: '蔡志强', hours: 2, personTimes: 1, volunteers: 1 },
      { key: resident.id, label: '林秀英', hours: 1.5, personTimes: 1, volunteers: 1 },
      { key: neighbour.id, label: '黄建国', hours: 1, personTimes: 1, volunteers: 1 },
    ]);
  });

  it('groups by duty, by day and by grid, with a grid filter covering the grids below it', async () => {
    const byDuty = (await coordinator.ok(TallyDocument, { input: { groupBy: 'DUTY' } })).tally;
    expect(byDuty.map((r) => [r.key, r.hours, r.personTimes])).toEqual([['NUCLEIC_ACID_SAMPLING', 3.5, 2], ['CHECKPOINT', 1, 1]]);
    const byGrid = (await coordinator.ok(TallyDocument, { input: { groupBy: 'GRID', gridId } })).tally;
    expect(byGrid.map((r) => [r.label, r.hours])).toEqual([['网格3', 3.5], ['洋埭村', 1]]);
    const onlySub = (await coordinator.ok(TallyDocument, { input: { groupBy: 'DAY', gridId: subGridId } })).tally;
    expect(onlySub.reduce((sum, r) => sum + r.hours, 0)).toBe(3.5);
    const nextYear = `${Number(today.slice(0, 4)) + 1}-01-01`;
    expect((await coordinator.ok(TallyDocument, { input: { groupBy: 'DAY', range: { from: nextYear } } })).tally).toEqual([]);
  });

  it('never names a correction team or office to a viewer outside that office, while the officer sees both', async () => {
    const byTeam = (await coordinator.ok(TallyDocument, { input: { groupBy: 'TEAM' } })).tally;
    expect(byTeam.map((r) => r.label)).toEqual(['洋埭村网格服务队']);
    const byOrg = (await coordinator.ok(TallyDocument, { input: { groupBy: 'ORGANIZATION' } })).tally;
    expect(byOrg.map((r) => r.label)).toEqual(['洋埭村委会']);
    expect(await coordinator.codes(TallyDocument, { input: { groupBy: 'VOLUNTEER', teamId: correctionTeamId } })).toEqual(['NOT_FOUND']);
    expect(await coordinator.codes(TallyDocument, { input: { groupBy: 'VOLUNTEER', organizationId: office.id } })).toEqual(['NOT_FOUND']);
    const officerTeams = (await officer.ok(TallyDocument, { input: { groupBy: 'TEAM', teamId: correctionTeamId } })).tally;
    expect(officerTeams).toEqual([{ key: correctionTeamId, label: '社区矫正志愿队', hours: 2, personTimes: 1, volunteers: 1 }]);
  });

  it('gives Volunteer.hours, Team.hours and Grid.hours (grid and below) for a range', async () => {
    const range = { from: today, to: today };
    const volunteer = await coordinator.ok(VolunteerHoursDocument, { id: resident.id, range });
    expect(volunteer.node).toMatchObject({ hours: { hours: 1.5, personTimes: 1, volunteers: 1 } });
    const team = await coordinator.ok(TeamHoursDocument, { id: serviceTeamId });
    expect(team.node).toMatchObject({ hours: { hours: 3.5, personTimes: 2, volunteers: 2 } });
    const grid = await coordinator.ok(GridHoursDocument, { id: gridId });
    expect(grid.node).toMatchObject({ hours: { hours: 4.5, personTimes: 3, volunteers: 3 } });
  });
});

describe('team hours of a membership entered after the fact', () => {
  it('credits the team with service since a backdated joinedAt, and refuses a join in the future or before the last leave', async () => {
    const team = (await server.admin.ok(CreateTeamDocument, { organizationId: village.id, name: '洋埭村卡口队', kind: 'GRID_SERVICE' })).createTeam.id;
    const hoursOf = async () => {
      const { node } = await coordinator.ok(TeamHoursDocument, { id: team });
      return node && 'hours' in node ? node.hours.hours : null;
    };
    const joinedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const { addTeamMember } = await server.admin.ok(AddTeamMemberDocument, { teamId: team, volunteerId: neighbour.id, joinedAt });
    expect(addTeamMember.joinedAt).toBe(joinedAt);
    // The neighbour's checkpoint hour began two hours ago: inside the membership now.
    expect(await hoursOf()).toBe(1);
    await server.admin.ok(RemoveTeamMemberDocument, { teamId: team, volunteerId: neighbour.id });
    const before = await server.sql`select count(*)::int as n from team_memberships`;
    for (const at of [new Date(Date.now() + 3600_000), new Date(Date.now() - 4 * 3600_000)]) {
      const result = await server.admin.request(AddTeamMemberDocument, { teamId: team, volunteerId: neighbour.id, joinedAt: at.toISOString() });
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'joinedAt']]);
    }
    expect(await server.sql`select count(*)::int as n from team_memberships`).toEqual(before);
  });
});

describe('adjustHours', () => {
  it('appends a correction that counts in the tally without touching earlier records', async () => {
    const before = await server.sql`select id, hours from assignments order by id`;
    const { adjustHours } = await coordinator.ok(AdjustHoursDocument, { volunteerId: resident.id, hours: -0.5, reason: '重复登记' });
    expect(adjustHours).toMatchObject({ hours: -0.5, reason: '重复登记', volunteer: { name: '林秀英' }, assignment: null });
    expect(await server.sql`select id, hours from assignments order by id`).toEqual(before);
    const volunteer = await coordinator.ok(VolunteerHoursDocument, { id: resident.id });
    expect(volunteer.node).toMatchObject({ hours: { hours: 1, personTimes: 1 } });
  });

  it('rejects zero hours, an empty reason and an unseen volunteer, writing nothing', async () => {
    const [{ n: before }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    const zero = await coordinator.request(AdjustHoursDocument, { volunteerId: resident.id, hours: 0, reason: 'x' });
    expect(zero.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    const blank = await coordinator.request(AdjustHoursDocument, { volunteerId: resident.id, hours: 1, reason: '  ' });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const other = await createOrg(server, 'COMMUNITY', '海尾村委会');
    const outsider = await createStaff(server, 'COORDINATOR', other.id);
    expect(await outsider.codes(AdjustHoursDocument, { volunteerId: resident.id, hours: 1, reason: 'x' })).toEqual(['NOT_FOUND']);
    const [{ n: after }] = await server.sql`select count(*)::int as n from hour_adjustments`;
    expect(after).toBe(before);
  });
});
