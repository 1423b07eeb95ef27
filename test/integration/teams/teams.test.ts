import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, CreateTeamDocument, OrganizationTeamsDocument, RemoveTeamMemberDocument, TeamDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import {
  addMember, createTeam, dbId, insertDeployment, insertGrid, nodeOf, registerVolunteer, signInAsVolunteer,
  type TeamHandle, type VolunteerHandle,
} from '../../support/factories/teams';
import type { GraphQLTestClient } from '../../support/client';
import { startTestServer, type TestServer } from '../../support/harness';

let server: TestServer;
let hengan: OrgHandle;
let henganParty: OrgHandle;
let anhaiChamber: OrgHandle;
let lingyuan: OrgHandle;
let yangdai: OrgHandle;
let xintangOffice: OrgHandle;
let blueSky: OrgHandle;

beforeAll(async () => {
  server = await startTestServer();
  const jinjiang = await createOrg(server, 'GOVERNMENT', '晋江市');
  hengan = await createOrg(server, 'ENTERPRISE', '恒安集团');
  henganParty = await createOrg(server, 'PARTY_ORGANIZATION', '恒安集团党委', hengan.id);
  anhaiChamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  lingyuan = await createOrg(server, 'GOVERNMENT', '灵源街道', jinjiang.id);
  const chendai = await createOrg(server, 'GOVERNMENT', '陈埭镇', jinjiang.id);
  yangdai = await createOrg(server, 'COMMUNITY', '洋埭村', chendai.id);
  const xintang = await createOrg(server, 'GOVERNMENT', '新塘街道', jinjiang.id);
  xintangOffice = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', xintang.id);
  blueSky = await createOrg(server, 'SOCIAL_ORGANIZATION', '晋江蓝天救援队');
});
afterAll(async () => { await server?.stop(); });

const teamRows = (orgId: string) => server.sql`select name, kind from teams where organization_id = ${dbId(orgId)} order by name`;

describe('createTeam', () => {
  it('creates a team of every kind in the organization it belongs to', async () => {
    const partyAdmin = await createStaff(server, 'ORG_ADMIN', henganParty.id);
    const chamberAdmin = await createStaff(server, 'ORG_ADMIN', anhaiChamber.id);
    const lingyuanAdmin = await createStaff(server, 'ORG_ADMIN', lingyuan.id);
    const villageAdmin = await createStaff(server, 'ORG_ADMIN', yangdai.id);
    const officer = await createStaff(server, 'CORRECTION_OFFICER', xintangOffice.id);
    const rescueAdmin = await createStaff(server, 'ORG_ADMIN', blueSky.id);
    const made: [GraphQLTestClient, OrgHandle, string, TeamHandle['kind']][] = [
      [partyAdmin, henganParty, '恒安集团第一党支部', 'PARTY_BRANCH'],
      [chamberAdmin, anhaiChamber, '安海商会抗疫志愿队', 'CHAMBER_OF_COMMERCE'],
      [lingyuanAdmin, lingyuan, '灵源街道驰援洋埭工作组', 'WORKING_GROUP'],
      [lingyuanAdmin, lingyuan, '灵源驰援工作组临时党支部', 'PARTY_BRANCH'],
      [officer, xintangOffice, '新塘司法所社区矫正志愿服务队', 'COMMUNITY_CORRECTION'],
      [rescueAdmin, blueSky, 'Blue Sky Rescue', 'RESCUE'],
      [villageAdmin, yangdai, '洋埭村网格服务队', 'GRID_SERVICE'],
      [villageAdmin, yangdai, '洋埭村灭鼠队', 'OTHER'],
    ];
    for (const [client, org, name, kind] of made) {
      const { createTeam: team } = await client.ok(CreateTeamDocument, { organizationId: org.id, name, kind });
      expect(team).toMatchObject({ name, kind, organization: { id: org.id, name: org.name } });
      const node = await nodeOf(client, TeamDocument, { id: team.id });
      expect(node).toMatchObject({ id: team.id, name, kind, members: [] });
    }
    const kinds = (await server.sql`select distinct kind from teams`).map((r) => r.kind).sort();
    expect(kinds).toEqual(['CHAMBER_OF_COMMERCE', 'COMMUNITY_CORRECTION', 'GRID_SERVICE', 'OTHER', 'PARTY_BRANCH', 'RESCUE', 'WORKING_GROUP']);
  });

  it('lets an admin of a parent organization create teams in the organizations below it', async () => {
    const groupAdmin = await createStaff(server, 'ORG_ADMIN', hengan.id);
    const { createTeam: team } = await groupAdmin.ok(CreateTeamDocument, { organizationId: henganParty.id, name: '恒安集团第二党支部', kind: 'PARTY_BRANCH' });
    expect(team.organization.id).toBe(henganParty.id);
  });

  it('trims the name and refuses an empty or over-long one without writing anything', async () => {
    const { createTeam: team } = await server.admin.ok(CreateTeamDocument, { organizationId: blueSky.id, name: '  蓝天救援队水上分队  ', kind: 'RESCUE' });
    expect(team.name).toBe('蓝天救援队水上分队');
    const before = await teamRows(blueSky.id);
    for (const name of ['   ', 'x'.repeat(101)]) {
      const result = await server.admin.request(CreateTeamDocument, { organizationId: blueSky.id, name, kind: 'RESCUE' });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect(await teamRows(blueSky.id)).toEqual(before);
  });

  it('answers CONFLICT for a name the organization already uses, and allows it in another organization', async () => {
    await createTeam(server, anhaiChamber, 'OTHER', '后勤保障队');
    expect(await server.admin.codes(CreateTeamDocument, { organizationId: anhaiChamber.id, name: ' 后勤保障队 ', kind: 'OTHER' })).toEqual(['CONFLICT']);
    const other = await createTeam(server, blueSky, 'OTHER', '后勤保障队');
    expect(other.name).toBe('后勤保障队');
    expect((await server.sql`select count(*)::int as n from teams where name = '后勤保障队'`)[0].n).toBe(2);
  });

  it('rejects a COMMUNITY_CORRECTION team outside a correction office on the kind field and writes nothing', async () => {
    const villageAdmin = await createStaff(server, 'ORG_ADMIN', yangdai.id);
    for (const [client, org] of [[server.admin, yangdai], [villageAdmin, yangdai], [server.admin, lingyuan]] as const) {
      const before = await server.sql`select count(*)::int as n from teams`;
      const result = await client.request(CreateTeamDocument, { organizationId: org.id, name: '矫正志愿队', kind: 'COMMUNITY_CORRECTION' });
      expect(result.data).toBeNull();
      expect(result.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'kind' }]);
      expect(await server.sql`select count(*)::int as n from teams`).toEqual(before);
    }
  });

  it('refuses a coordinator (FORBIDDEN) and staff of another organization (NOT_FOUND)', async () => {
    const coordinator = await createStaff(server, 'COORDINATOR', anhaiChamber.id);
    expect(await coordinator.codes(CreateTeamDocument, { organizationId: anhaiChamber.id, name: '协调员的队', kind: 'OTHER' })).toEqual(['FORBIDDEN']);
    const outsider = await createStaff(server, 'ORG_ADMIN', blueSky.id);
    expect(await outsider.codes(CreateTeamDocument, { organizationId: anhaiChamber.id, name: '别人的队', kind: 'OTHER' })).toEqual(['NOT_FOUND']);
    expect(await teamRows(anhaiChamber.id)).not.toContainEqual(expect.objectContaining({ name: '别人的队' }));
    expect(await teamRows(anhaiChamber.id)).not.toContainEqual(expect.objectContaining({ name: '协调员的队' }));
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    expect(await server.anonymous.codes(CreateTeamDocument, { organizationId: blueSky.id, name: '匿名队', kind: 'OTHER' })).toEqual(['UNAUTHENTICATED']);
  });
});

describe('team membership', () => {
  let team: TeamHandle;
  let volunteer: VolunteerHandle;
  let coordinator: GraphQLTestClient;

  beforeAll(async () => {
    team = await createTeam(server, anhaiChamber, 'CHAMBER_OF_COMMERCE', '安海商会核酸采样志愿队');
    volunteer = await registerVolunteer(server, anhaiChamber, '许志强');
    coordinator = await createStaff(server, 'COORDINATOR', anhaiChamber.id);
  });

  it('adds a member with a role and lists them on the team', async () => {
    const { addTeamMember } = await coordinator.ok(AddTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id, role: 'LEADER' });
    expect(addTeamMember).toMatchObject({ role: 'LEADER', leftAt: null, team: { id: team.id }, volunteer: { name: '许志强' } });
    const node = await nodeOf(coordinator, TeamDocument, { id: team.id });
    expect(node).toMatchObject({ members: [{ role: 'LEADER', leftAt: null, volunteer: { name: '许志强' } }] });
  });

  it('answers CONFLICT when the volunteer is already an active member', async () => {
    expect(await coordinator.codes(AddTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id })).toEqual(['CONFLICT']);
    expect((await server.sql`select count(*)::int as n from team_memberships where team_id = ${dbId(team.id)}`)[0].n).toBe(1);
  });

  it('removes a member but keeps the membership as history with leftAt', async () => {
    const { removeTeamMember } = await coordinator.ok(RemoveTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id });
    expect(removeTeamMember.leftAt).not.toBeNull();
    const active = await nodeOf(coordinator, TeamDocument, { id: team.id });
    expect(active).toMatchObject({ members: [] });
    const history = await nodeOf(coordinator, TeamDocument, { id: team.id, activeOnly: false });
    expect(history).toMatchObject({ members: [{ role: 'LEADER', leftAt: removeTeamMember.leftAt, volunteer: { name: '许志强' } }] });
    expect(await coordinator.codes(RemoveTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id })).toEqual(['NOT_FOUND']);
  });

  it('lets a former member rejoin as a new membership, keeping the old one', async () => {
    const { addTeamMember } = await coordinator.ok(AddTeamMemberDocument, { teamId: team.id, volunteerId: volunteer.id });
    expect(addTeamMember.role).toBe('MEMBER');
    const history = await nodeOf(coordinator, TeamDocument, { id: team.id, activeOnly: false });
    const members = (history as { members: { role: string; leftAt: string | null }[] }).members;
    expect(members.map((m) => [m.role, m.leftAt === null])).toEqual([['LEADER', false], ['MEMBER', true]]);
  });

  it('does not affiliate the volunteer with the team\'s organization', async () => {
    const outsider = await registerVolunteer(server, blueSky, '陈建华');
    await addMember(server, team, outsider);
    const rows = await server.sql`select organization_id from volunteer_affiliations where volunteer_id = ${outsider.dbId}`;
    expect(rows.map((r) => r.organization_id)).toEqual([dbId(blueSky.id)]);
    // Membership alone makes the member visible to the team's organization.
    const node = await nodeOf(coordinator, TeamDocument, { id: team.id });
    expect((node as { members: { volunteer: { name: string } }[] }).members.map((m) => m.volunteer.name)).toContain('陈建华');
  });

  it('refuses a volunteer the caller cannot see with NOT_FOUND and writes nothing', async () => {
    const hidden = await registerVolunteer(server, hengan, '王海燕');
    const before = await server.sql`select count(*)::int as n from team_memberships`;
    const hiddenResult = await coordinator.request(AddTeamMemberDocument, { teamId: team.id, volunteerId: hidden.id });
    const missingResult = await coordinator.request(AddTeamMemberDocument, { teamId: team.id, volunteerId: toGlobalId('Volunteer', 987654) });
    expect(hiddenResult.errors?.map((e) => [e.message, e.extensions])).toEqual(missingResult.errors?.map((e) => [e.message, e.extensions]));
    expect(hiddenResult.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await server.sql`select count(*)::int as n from team_memberships`).toEqual(before);
  });

  it('refuses a volunteer (not staff) who tries to change members', async () => {
    const member = await registerVolunteer(server, anhaiChamber, '林美玲');
    await addMember(server, team, member);
    const self = await signInAsVolunteer(server, member, anhaiChamber);
    expect(await self.codes(RemoveTeamMemberDocument, { teamId: team.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);
    expect(await self.codes(AddTeamMemberDocument, { teamId: team.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);
  });

  it('shows a volunteer the teams they belong to, with only themself among the members', async () => {
    const member = await registerVolunteer(server, anhaiChamber, '蔡丽娟');
    await addMember(server, team, member);
    const self = await signInAsVolunteer(server, member, anhaiChamber);
    const node = await nodeOf(self, TeamDocument, { id: team.id });
    expect((node as { members: { volunteer: { name: string } }[] }).members.map((m) => m.volunteer.name)).toEqual(['蔡丽娟']);
    await server.admin.ok(RemoveTeamMemberDocument, { teamId: team.id, volunteerId: member.id });
    expect(await nodeOf(self, TeamDocument, { id: team.id })).toBeNull();
  });
});

describe('organizations keep their teams to themselves', () => {
  it('hides org B\'s teams from org A\'s staff and refuses every change with NOT_FOUND', async () => {
    const henganTeam = await createTeam(server, henganParty, 'PARTY_BRANCH', '恒安集团第三党支部');
    const henganMember = await registerVolunteer(server, henganParty, '黄志明');
    await addMember(server, henganTeam, henganMember);
    const chamberAdmin = await createStaff(server, 'ORG_ADMIN', anhaiChamber.id);
    const chamberVolunteer = await registerVolunteer(server, anhaiChamber, '吴淑芬');
    const before = await server.sql`select * from team_memberships order by id`;
    const teamsBefore = await server.sql`select * from teams order by id`;

    expect(await nodeOf(chamberAdmin, TeamDocument, { id: henganTeam.id })).toBeNull();
    expect(await nodeOf(chamberAdmin, OrganizationTeamsDocument, { id: henganParty.id })).toBeNull();
    const random = toGlobalId('Team', 999999);
    for (const [document, vars, randomVars] of [
      [AddTeamMemberDocument, { teamId: henganTeam.id, volunteerId: chamberVolunteer.id }, { teamId: random, volunteerId: chamberVolunteer.id }],
      [RemoveTeamMemberDocument, { teamId: henganTeam.id, volunteerId: henganMember.id }, { teamId: random, volunteerId: henganMember.id }],
    ] as const) {
      const result = await chamberAdmin.request(document as typeof AddTeamMemberDocument, vars);
      const missing = await chamberAdmin.request(document as typeof AddTeamMemberDocument, randomVars);
      expect(result.errors?.map((e) => [e.message, e.extensions])).toEqual([['Team not found.', { code: 'NOT_FOUND' }]]);
      expect(result.errors?.map((e) => [e.message, e.extensions])).toEqual(missing.errors?.map((e) => [e.message, e.extensions]));
    }
    expect(await chamberAdmin.codes(CreateTeamDocument, { organizationId: henganParty.id, name: '入侵党支部', kind: 'PARTY_BRANCH' })).toEqual(['NOT_FOUND']);
    expect(await server.sql`select * from team_memberships order by id`).toEqual(before);
    expect(await server.sql`select * from teams order by id`).toEqual(teamsBefore);
    const own = await nodeOf(chamberAdmin, OrganizationTeamsDocument, { id: anhaiChamber.id });
    expect((own as { teams: { name: string }[] }).teams.map((t) => t.name)).not.toContain('恒安集团第三党支部');
  });
});

describe('deployed teams', () => {
  it('shows a working group to the staff of the grid it is deployed to while the deployment runs', async () => {
    const group = await createTeam(server, lingyuan, 'WORKING_GROUP', '灵源街道驰援洋埭第二组');
    const member = await registerVolunteer(server, lingyuan, '庄国栋');
    await addMember(server, group, member, 'LEADER');
    const grid3 = await insertGrid(server, yangdai, '洋埭村第3网格');
    const villageCoordinator = await createStaff(server, 'COORDINATOR', yangdai.id);
    expect(await nodeOf(villageCoordinator, TeamDocument, { id: group.id })).toBeNull();

    const deployment = await insertDeployment(server, group, grid3, -3, 20);
    const node = await nodeOf(villageCoordinator, TeamDocument, { id: group.id });
    expect(node).toMatchObject({ name: '灵源街道驰援洋埭第二组', organization: { name: '灵源街道' }, members: [{ role: 'LEADER', volunteer: { name: '庄国栋' } }] });
    // Seeing a deployed team does not make it the village's to manage.
    expect(await villageCoordinator.codes(RemoveTeamMemberDocument, { teamId: group.id, volunteerId: member.id })).toEqual(['FORBIDDEN']);

    // Once it has ended the village still knows who was sent (Grid.deployments keeps the history, and
    // every path answers alike), but no longer sees the people.
    await server.sql`update deployments set starts_on = starts_on - 30, ends_on = (now() at time zone 'Asia/Shanghai')::date - 1 where id = ${deployment}`;
    expect(await nodeOf(villageCoordinator, TeamDocument, { id: group.id })).toMatchObject({ name: '灵源街道驰援洋埭第二组', members: [] });
  });
});
