import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AdjustHoursDocument, ApproveVolunteerDocument, CreateAccountDocument, CreateGridDocument, CreateOrganizationDocument,
  CreateTeamDocument, IssueActivationCodeDocument, RemoveTeamMemberDocument, OrganizationRecordDocument, OrganizationsOverviewDocument,
  RegisterVolunteerRecordsDocument, TeamMembershipHistoryDocument, VolunteerRecordDocument, VolunteerRecordsDocument, SetVolunteerStatusDocument,
  SetZoneDocument, TallyDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, mobileNumber, type OrgHandle } from '../../support/factories';
import { addMember, createTeam, insertGrid, type TeamHandle } from '../../support/factories/teams';
import { registerVolunteer, signUpAndSignIn, volunteerRow, type RegisteredVolunteer } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { expectSameAnswer } from './issue2-support';

/*
 * Tenant A: 海尾村 with its correction office (海尾司法所) below it.
 * Tenant B: 安海商会 with a sub-team organization below it; its volunteer, team and grid.
 */
let server: TestServer;
let orgA: OrgHandle;
let officeA: OrgHandle;
let orgB: OrgHandle;
let subB: OrgHandle;
let teamA: TeamHandle;
let correctionTeamA: TeamHandle;
let teamB: TeamHandle;
let volunteerA: RegisteredVolunteer;
let volunteerB: RegisteredVolunteer;
let gridB: string;
let staffA: Record<string, { client: GraphQLTestClient; ownTeam: TeamHandle }>;

const RANDOM = {
  volunteer: toGlobalId('Volunteer', 1_999_999_001),
  team: toGlobalId('Team', 1_999_999_002),
  org: toGlobalId('Organization', 1_999_999_003),
  grid: toGlobalId('Grid', 1_999_999_004),
};

async function snapshot() {
  const tables = ['volunteers', 'volunteer_affiliations', 'teams', 'team_memberships', 'organizations', 'accounts', 'role_grants', 'grids', 'hour_adjustments'];
  const out: Record<string, unknown> = {};
  for (const table of tables) out[table] = await server.sql.unsafe(`select * from ${table} order by 1, 2`);
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  orgA = await createOrg(server, 'COMMUNITY', '海尾村');
  officeA = await createOrg(server, 'CORRECTION_OFFICE', '海尾司法所', orgA.id);
  orgB = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  subB = await createOrg(server, 'ENTERPRISE', '安海商会会员企业', orgB.id);
  const adminA = await createStaff(server, 'ORG_ADMIN', orgA.id);
  const adminB = await createStaff(server, 'ORG_ADMIN', orgB.id);
  const officerA = await createStaff(server, 'CORRECTION_OFFICER', officeA.id);

  volunteerA = await registerVolunteer(adminA, orgA, volunteerRow({ name: '洪丽华' }));
  volunteerB = await registerVolunteer(adminB, subB, volunteerRow({ name: '施雅婷' }));
  teamA = await createTeam(server, orgA, 'GRID_SERVICE', '海尾村网格服务队');
  correctionTeamA = await createTeam(server, officeA, 'COMMUNITY_CORRECTION', '海尾社区矫正队', officerA);
  teamB = await createTeam(server, orgB, 'CHAMBER_OF_COMMERCE', '安海商会志愿服务队');
  await addMember(server, teamB, { id: volunteerB.id } as never);
  await addMember(server, teamA, { id: volunteerA.id } as never);
  gridB = toGlobalId('Grid', (await insertGrid(server, orgB, '商会网格')).dbId);

  staffA = {
    'ORG_ADMIN of A': { client: adminA, ownTeam: teamA },
    'COORDINATOR of A': { client: await createStaff(server, 'COORDINATOR', orgA.id), ownTeam: teamA },
    'CORRECTION_OFFICER of A\'s office': { client: officerA, ownTeam: correctionTeamA },
    'a VOLUNTEER of A': { client: await signUpAndSignIn(server, orgA, { name: volunteerA.name, mobile: volunteerA.mobile, idNumber: volunteerA.idNumber }), ownTeam: teamA },
  };
});
afterAll(async () => { await server?.stop(); });

const WHO = ['ORG_ADMIN of A', 'COORDINATOR of A', 'CORRECTION_OFFICER of A\'s office', 'a VOLUNTEER of A'];

describe('org A on every org B path', () => {
  it.each(WHO)('gets exactly the answer a random id gets, and changes nothing (%s)', async (who) => {
    const { client, ownTeam } = staffA[who];
    const before = await snapshot();
    const row = volunteerRow();

    // Reads.
    await expectSameAnswer(client, VolunteerRecordDocument, { id: volunteerB.id }, { id: RANDOM.volunteer });
    await expectSameAnswer(client, OrganizationRecordDocument, { id: orgB.id }, { id: RANDOM.org });
    await expectSameAnswer(client, OrganizationRecordDocument, { id: subB.id }, { id: RANDOM.org });
    await expectSameAnswer(client, TeamMembershipHistoryDocument, { id: teamB.id }, { id: RANDOM.team });
    await expectSameAnswer(client, VolunteerRecordsDocument, { organizationId: orgB.id }, { organizationId: RANDOM.org });
    await expectSameAnswer(client, VolunteerRecordsDocument, { teamId: teamB.id }, { teamId: RANDOM.team });
    await expectSameAnswer(client, TallyDocument, { input: { groupBy: 'VOLUNTEER', organizationId: orgB.id } }, { input: { groupBy: 'VOLUNTEER', organizationId: RANDOM.org } });
    await expectSameAnswer(client, TallyDocument, { input: { groupBy: 'DAY', teamId: teamB.id } }, { input: { groupBy: 'DAY', teamId: RANDOM.team } });
    await expectSameAnswer(client, TallyDocument, { input: { groupBy: 'DAY', gridId: gridB } }, { input: { groupBy: 'DAY', gridId: RANDOM.grid } });

    // Writes naming something of B.
    const code = who === 'a VOLUNTEER of A' ? undefined : 'NOT_FOUND';
    const same = async <D, V>(doc: Parameters<typeof expectSameAnswer<D, V>>[1], hidden: V, missing: V) => {
      if (code) return expectSameAnswer(client, doc, hidden, missing, code);
      // A volunteer may do none of these: whatever the answer, it must not depend on the record existing.
      const a = await client.request(doc, hidden);
      const b = await client.request(doc, missing);
      expect({ data: a.data, errors: a.errors }).toEqual({ data: b.data, errors: b.errors });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(a.errors?.[0]?.extensions?.code);
    };
    await same(ApproveVolunteerDocument, { id: volunteerB.id }, { id: RANDOM.volunteer });
    await same(SetVolunteerStatusDocument, { id: volunteerB.id, status: 'ARCHIVED' }, { id: RANDOM.volunteer, status: 'ARCHIVED' });
    await same(IssueActivationCodeDocument, { volunteerId: volunteerB.id }, { volunteerId: RANDOM.volunteer });
    await same(AdjustHoursDocument, { volunteerId: volunteerB.id, hours: 2, reason: '补录' }, { volunteerId: RANDOM.volunteer, hours: 2, reason: '补录' });
    await same(RegisterVolunteerRecordsDocument, { organizationId: orgB.id, volunteers: [row] }, { organizationId: RANDOM.org, volunteers: [row] });
    await same(CreateTeamDocument, { organizationId: orgB.id, name: '新队', kind: 'OTHER' }, { organizationId: RANDOM.org, name: '新队', kind: 'OTHER' });
    await same(AddTeamMemberDocument, { teamId: teamB.id, volunteerId: volunteerA.id }, { teamId: RANDOM.team, volunteerId: volunteerA.id });
    await same(RemoveTeamMemberDocument, { teamId: teamB.id, volunteerId: volunteerB.id }, { teamId: RANDOM.team, volunteerId: volunteerB.id });
    await same(CreateAccountDocument, { mobile: mobileNumber(), displayName: '新账号', password: 'tenant-password-1234', role: 'COORDINATOR', organizationId: orgB.id },
      { mobile: mobileNumber(), displayName: '新账号', password: 'tenant-password-1234', role: 'COORDINATOR', organizationId: RANDOM.org });
    await same(CreateOrganizationDocument, { name: '新组织', kind: 'ENTERPRISE', parentId: orgB.id }, { name: '新组织', kind: 'ENTERPRISE', parentId: RANDOM.org });
    await same(CreateGridDocument, { name: '新网格', level: 'GRID', organizationId: orgB.id }, { name: '新网格', level: 'GRID', organizationId: RANDOM.org });
    await same(SetZoneDocument, { gridId: gridB, zone: 'LOCKDOWN' }, { gridId: RANDOM.grid, zone: 'LOCKDOWN' });
    if (who !== 'a VOLUNTEER of A') {
      // Their own team, someone else's volunteer.
      await same(AddTeamMemberDocument, { teamId: ownTeam.id, volunteerId: volunteerB.id }, { teamId: ownTeam.id, volunteerId: RANDOM.volunteer });
      await same(RemoveTeamMemberDocument, { teamId: ownTeam.id, volunteerId: volunteerB.id }, { teamId: ownTeam.id, volunteerId: RANDOM.volunteer });
    }

    expect(await snapshot()).toEqual(before);
  });

  it.each(WHO)('finds nothing of B in lists, searches, counts or tallies (%s)', async (who) => {
    const { client } = staffA[who];
    const { organizations } = await client.ok(OrganizationsOverviewDocument);
    expect(organizations.map((o) => o.id)).not.toContain(orgB.id);
    expect(organizations.map((o) => o.id)).not.toContain(subB.id);
    expect(organizations.flatMap((o) => o.teams.map((t) => t.id))).not.toContain(teamB.id);
    expect(organizations.flatMap((o) => o.volunteers.edges.map((e) => e.node.id))).not.toContain(volunteerB.id);
    for (const search of ['施雅婷', '雅婷', volunteerB.mobile, volunteerB.mobile.slice(-4)]) {
      const { volunteers } = await client.ok(VolunteerRecordsDocument, { search });
      expect(volunteers).toMatchObject({ totalCount: 0, edges: [] });
    }
    const all = await client.ok(VolunteerRecordsDocument, { first: 500 });
    expect(all.volunteers.edges.map((e) => e.node.id)).not.toContain(volunteerB.id);
    expect(all.volunteers.totalCount).toBe(all.volunteers.edges.length);
    for (const groupBy of ['VOLUNTEER', 'TEAM', 'ORGANIZATION', 'GRID'] as const) {
      const { tally } = await client.ok(TallyDocument, { input: { groupBy } });
      expect(tally.map((r) => r.key)).not.toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^(${[volunteerB.id, teamB.id, orgB.id, subB.id, gridB].join('|')})$`))]));
    }
  });

  it('lets B\'s own admin see all of it, so the answers above are about scope and not about missing data', async () => {
    const adminB = await createStaff(server, 'ORG_ADMIN', orgB.id);
    expect((await adminB.ok(VolunteerRecordDocument, { id: volunteerB.id })).node).toMatchObject({ id: volunteerB.id, mobile: volunteerB.mobile });
    expect((await adminB.ok(TeamMembershipHistoryDocument, { id: teamB.id })).node).toMatchObject({ id: teamB.id });
    const { volunteers } = await adminB.ok(VolunteerRecordsDocument, { organizationId: orgB.id, search: volunteerB.mobile.slice(-4) });
    expect(volunteers.edges.map((e) => e.node.id)).toEqual([volunteerB.id]);
  });
});
