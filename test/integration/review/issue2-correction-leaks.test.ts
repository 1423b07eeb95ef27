import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddTeamMemberDocument, AdjustHoursDocument, ApproveVolunteerDocument, IssueActivationCodeDocument, RemoveTeamMemberDocument,
  GridDeploymentsDocument, HourAdjustmentRecordDocument, MyRecordDocument, OrganizationRecordDocument, OrganizationsOverviewDocument, RegisterVolunteerRecordsDocument,
  TeamMembershipHistoryDocument, VolunteerRecordDocument, VolunteerRecordsDocument, SetVolunteerStatusDocument, TallyDocument,
  type VolunteerRecordFieldsFragment, type TallyGroupBy,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { addMember, createTeam, insertDeployment, insertGrid, type TeamHandle } from '../../support/factories/teams';
import { joinedBy, type RegisteredVolunteer, registerVolunteer, signUpAndSignIn, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { expectSameAnswer, maskedId, maskedMobile, recording, type RecordingClient } from './issue2-support';

/*
 * 晋江市 ─┬─ 陈埭镇 ─┬─ 洋埭村 (village)
 *         │          └─ 新塘司法所 (correction office)
 *         └─ 恒安集团 (an enterprise)
 * 安海商会 (a chamber of commerce, elsewhere)
 *
 * firstByOffice: registered by the office first, then by the village (mobile + name), then by the chamber.
 * control:       an ordinary person registered by the enterprise first, then by the village, then by the chamber.
 * officeOnly:    known to the office only.
 */
let server: TestServer;
let town: OrgHandle;
let village: OrgHandle;
let office: OrgHandle;
let enterprise: OrgHandle;
let chamber: OrgHandle;
let correctionTeam: TeamHandle;
let villageTeam: TeamHandle;
let villageGridId: string;
let firstByOffice: RegisteredVolunteer;
let control: RegisteredVolunteer;
let officeOnly: RegisteredVolunteer;
let officer: GraphQLTestClient;
let viewers: Record<string, RecordingClient>;
/** Hour corrections the officer made for the participants: part of their correction record. */
const correctionAdjustments: string[] = [];

const RANDOM_VOLUNTEER = toGlobalId('Volunteer', 2_000_000_001);
const RANDOM_TEAM = toGlobalId('Team', 2_000_000_002);
const RANDOM_ORG = toGlobalId('Organization', 2_000_000_003);

const NON_CORRECTION = [
  'village admin', 'village coordinator', 'town admin', 'town coordinator', 'city admin', 'office admin', 'enterprise admin', 'chamber admin',
  'the participant themself',
] as const;
type Who = typeof NON_CORRECTION[number];

async function volunteerAs(client: GraphQLTestClient, id: string): Promise<VolunteerRecordFieldsFragment | null> {
  const result = await client.request(VolunteerRecordDocument, { id });
  if (result.errors?.length) {
    expect(result.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    return null;
  }
  return result.data!.node as VolunteerRecordFieldsFragment;
}

async function searchIds(client: GraphQLTestClient, search: string): Promise<{ ids: string[]; total: number }> {
  const { volunteers } = await client.ok(VolunteerRecordsDocument, { search, first: 500 });
  return { ids: volunteers.edges.map((e) => e.node.id), total: volunteers.totalCount };
}

beforeAll(async () => {
  server = await startTestServer();
  const city = await createOrg(server, 'GOVERNMENT', '晋江市');
  town = await createOrg(server, 'GOVERNMENT', '陈埭镇', city.id);
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  enterprise = await createOrg(server, 'ENTERPRISE', '恒安集团', city.id);
  chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');

  officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  const officeAdmin = await createStaff(server, 'ORG_ADMIN', office.id);
  const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  const villageCoordinator = await createStaff(server, 'COORDINATOR', village.id);
  const enterpriseAdmin = await createStaff(server, 'ORG_ADMIN', enterprise.id);
  const chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);

  const p1 = volunteerRow({ name: '吴永福', skills: ['driving'] });
  // Only the office's correction officers (and the platform admin) register into it.
  firstByOffice = await registerVolunteer(officer, office, p1);
  await joinedBy(server, villageAdmin, village, firstByOffice, { name: p1.name, mobile: p1.mobile });
  await joinedBy(server, chamberAdmin, chamber, firstByOffice, p1);

  const c = volunteerRow({ name: '陈美玲', skills: ['driving'] });
  control = await registerVolunteer(enterpriseAdmin, enterprise, c);
  await joinedBy(server, villageAdmin, village, control, { name: c.name, mobile: c.mobile });
  await joinedBy(server, chamberAdmin, chamber, control, c);

  officeOnly = await registerVolunteer(officer, office, volunteerRow({ name: '许国栋' }));

  correctionTeam = await createTeam(server, office, 'COMMUNITY_CORRECTION', '新塘社区矫正志愿服务队', officer);
  villageTeam = await createTeam(server, village, 'GRID_SERVICE', '洋埭村第4网格服务队');
  await addMember(server, correctionTeam, { id: firstByOffice.id } as never, 'LEADER', officer);
  await addMember(server, correctionTeam, { id: officeOnly.id } as never, 'MEMBER', officer);
  await addMember(server, villageTeam, { id: firstByOffice.id } as never, 'MEMBER', villageCoordinator);
  await addMember(server, villageTeam, { id: control.id } as never, 'MEMBER', villageCoordinator);

  // The correction team serves the village's grid today: the deployment must not reveal it.
  const grid = await insertGrid(server, village, '洋埭村第4网格');
  villageGridId = toGlobalId('Grid', grid.dbId);
  await insertDeployment(server, correctionTeam, grid, -1, 5);

  // Service hours on the correction record (hour corrections by the officer).
  for (const v of [firstByOffice, officeOnly]) {
    const { adjustHours } = await officer.ok(AdjustHoursDocument, { volunteerId: v.id, hours: 3, reason: '社区矫正公益服务' });
    correctionAdjustments.push(adjustHours.id);
  }

  viewers = {
    'village admin': recording(villageAdmin),
    'village coordinator': recording(villageCoordinator),
    'town admin': recording(await createStaff(server, 'ORG_ADMIN', town.id)),
    'town coordinator': recording(await createStaff(server, 'COORDINATOR', town.id)),
    'city admin': recording(await createStaff(server, 'ORG_ADMIN', city.id)),
    'office admin': recording(officeAdmin),
    'enterprise admin': recording(enterpriseAdmin),
    'chamber admin': recording(chamberAdmin),
    'the participant themself': recording(await signUpAndSignIn(server, village, p1)),
  };
});
afterAll(async () => { await server?.stop(); });

describe('a participant the office registered first, to everyone but its correction officers', () => {
  it.each(NON_CORRECTION)('never names the office or the correction team as registrar, team or organization (%s)', async (who: Who) => {
    const client = viewers[who];
    const seen = await volunteerAs(client, firstByOffice.id);
    if (seen) {
      expect(seen.registeredBy?.id).not.toBe(office.id);
      expect(seen.teams.map((m) => m.team.id)).not.toContain(correctionTeam.id);
      expect(seen.teams.every((m) => m.team.kind !== 'COMMUNITY_CORRECTION' && m.team.organization.kind !== 'CORRECTION_OFFICE')).toBe(true);
    }
    const { me } = await client.ok(MyRecordDocument);
    if (me.volunteer) {
      expect(me.volunteer.registeredBy?.id).not.toBe(office.id);
      expect(me.volunteer.teams.map((m) => m.team.id)).toEqual([villageTeam.id]);
    }
    const { organizations } = await client.ok(OrganizationsOverviewDocument);
    for (const org of organizations) {
      expect(org.teams.map((t) => t.id)).not.toContain(correctionTeam.id);
      if (org.id === office.id) expect(org.volunteers).toEqual({ totalCount: 0, edges: [] });
      for (const team of org.teams) {
        const { node } = await client.ok(TeamMembershipHistoryDocument, { id: team.id });
        const members = node?.__typename === 'Team' ? node.members : [];
        for (const m of members) expect(m.volunteer.registeredBy?.id).not.toBe(office.id);
      }
      for (const edge of org.volunteers.edges) expect(edge.node.registeredBy?.id).not.toBe(office.id);
    }
    if (who === 'the participant themself') {
      expect(organizations.map((o) => o.id).sort()).toEqual([village.id, chamber.id].sort());
    }
    // The grid's deployments do not show the correction team serving there.
    const grid = await client.request(GridDeploymentsDocument, { id: villageGridId });
    if (!grid.errors) expect(JSON.stringify(grid.data)).not.toContain(correctionTeam.id);
  });

  it.each(NON_CORRECTION)('cannot find the office-only participant by name, mobile suffix, team or organization (%s)', async (who: Who) => {
    const client = viewers[who];
    expect(await volunteerAs(client, officeOnly.id)).toBeNull();
    for (const search of ['许国栋', '国栋', officeOnly.mobile.slice(-4), officeOnly.mobile.slice(-6), officeOnly.mobile]) {
      expect(await searchIds(client, search)).toEqual({ ids: [], total: 0 });
    }
    const everyone = await client.ok(VolunteerRecordsDocument, { first: 500 });
    expect(everyone.volunteers.edges.map((e) => e.node.id)).not.toContain(officeOnly.id);
    expect(everyone.volunteers.totalCount).toBe(everyone.volunteers.edges.length);
  });

  it.each(NON_CORRECTION)('answers every question about the hidden team and participant exactly like one about a record that does not exist (%s)', async (who: Who) => {
    const client = viewers[who];
    await expectSameAnswer(client, VolunteerRecordDocument, { id: officeOnly.id }, { id: RANDOM_VOLUNTEER });
    await expectSameAnswer(client, TeamMembershipHistoryDocument, { id: correctionTeam.id }, { id: RANDOM_TEAM });
    await expectSameAnswer(client, VolunteerRecordsDocument, { teamId: correctionTeam.id }, { teamId: RANDOM_TEAM });
    await expectSameAnswer(client, VolunteerRecordsDocument, { organizationId: office.id }, { organizationId: RANDOM_ORG });
    await expectSameAnswer(client, TallyDocument, { input: { groupBy: 'VOLUNTEER', teamId: correctionTeam.id } }, { input: { groupBy: 'VOLUNTEER', teamId: RANDOM_TEAM } });
    await expectSameAnswer(client, TallyDocument, { input: { groupBy: 'VOLUNTEER', organizationId: office.id } }, { input: { groupBy: 'VOLUNTEER', organizationId: RANDOM_ORG } });
    if (who !== 'the participant themself') {
      await expectSameAnswer(client, ApproveVolunteerDocument, { id: officeOnly.id }, { id: RANDOM_VOLUNTEER });
      await expectSameAnswer(client, SetVolunteerStatusDocument, { id: officeOnly.id, status: 'SUSPENDED' }, { id: RANDOM_VOLUNTEER, status: 'SUSPENDED' });
      await expectSameAnswer(client, IssueActivationCodeDocument, { volunteerId: officeOnly.id }, { volunteerId: RANDOM_VOLUNTEER });
      await expectSameAnswer(client, AdjustHoursDocument, { volunteerId: officeOnly.id, hours: 1, reason: 'x' }, { volunteerId: RANDOM_VOLUNTEER, hours: 1, reason: 'x' });
      await expectSameAnswer(client, RemoveTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: firstByOffice.id }, { teamId: RANDOM_TEAM, volunteerId: firstByOffice.id });
      await expectSameAnswer(client, AddTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: control.id }, { teamId: RANDOM_TEAM, volunteerId: control.id });
    }
    if (who === 'village admin' || who === 'village coordinator') {
      // Their own team, the hidden participant.
      await expectSameAnswer(client, AddTeamMemberDocument, { teamId: villageTeam.id, volunteerId: officeOnly.id }, { teamId: villageTeam.id, volunteerId: RANDOM_VOLUNTEER });
      await expectSameAnswer(client, RemoveTeamMemberDocument, { teamId: villageTeam.id, volunteerId: officeOnly.id }, { teamId: villageTeam.id, volunteerId: RANDOM_VOLUNTEER });
    }
    if (who === 'the participant themself' || who === 'village coordinator' || who === 'chamber admin') {
      await expectSameAnswer(client, OrganizationRecordDocument, { id: office.id }, { id: RANDOM_ORG });
    }
    for (const status of ['ACTIVE', 'SUSPENDED', 'PENDING'] as const) {
      const { volunteers } = await client.ok(VolunteerRecordsDocument, { status, first: 500 });
      expect(volunteers.edges.map((e) => e.node.id)).not.toContain(officeOnly.id);
      expect(volunteers.totalCount).toBe(volunteers.edges.length);
    }
    const [{ n }] = await server.sql`select count(*)::int as n from team_memberships where team_id = (select id from teams where name = ${correctionTeam.name}) and left_at is null`;
    expect(n).toBe(2);
    const [{ status }] = await server.sql`select status from volunteers where name = '许国栋'`;
    expect(status).toBe('ACTIVE');
  });

  it.each(NON_CORRECTION.filter((w) => w !== 'the participant themself'))('cannot read the hour corrections the officer recorded for the participants (%s)', async (who: Who) => {
    for (const id of correctionAdjustments) {
      await expectSameAnswer(viewers[who], HourAdjustmentRecordDocument, { id }, { id: toGlobalId('HourAdjustment', 2_000_000_004) });
    }
  });

  it('lets the participant, the officer and the platform admin read those hour corrections', async () => {
    for (const client of [viewers['the participant themself'], officer, server.admin]) {
      const { node } = await client.ok(HourAdjustmentRecordDocument, { id: correctionAdjustments[0] });
      expect(node).toMatchObject({ hours: 3, reason: '社区矫正公益服务', volunteer: { id: firstByOffice.id } });
    }
  });

  it.each(['VOLUNTEER', 'TEAM', 'ORGANIZATION'] as TallyGroupBy[])('never names the office, the correction team or the office-only participant in a tally by %s', async (groupBy) => {
    for (const who of NON_CORRECTION) {
      const { tally } = await viewers[who].ok(TallyDocument, { input: { groupBy } });
      const keys = tally.map((r) => r.key);
      const labels = tally.map((r) => r.label);
      expect(keys, who).not.toContain(office.id);
      expect(keys, who).not.toContain(correctionTeam.id);
      expect(keys, who).not.toContain(officeOnly.id);
      expect(labels, who).not.toContain(office.name);
      expect(labels, who).not.toContain(correctionTeam.name);
      expect(labels, who).not.toContain('许国栋');
    }
    // The officer's tally does show them.
    const { tally } = await officer.ok(TallyDocument, { input: { groupBy } });
    const expected = { VOLUNTEER: officeOnly.id, TEAM: correctionTeam.id, ORGANIZATION: office.id }[groupBy as 'VOLUNTEER'];
    expect(tally.map((r) => r.key)).toContain(expected);
  });

  it('never sent a non-correction viewer the correction team or the office-only participant in any response', async () => {
    for (const who of NON_CORRECTION) {
      for (const body of viewers[who].bodies) {
        for (const secret of [correctionTeam.id, correctionTeam.name, officeOnly.id, '许国栋', officeOnly.mobile, maskedMobile(officeOnly.mobile)]) {
          expect(body, who).not.toContain(secret);
        }
      }
    }
  });
});

describe('looking like any other volunteer', () => {
  /** What a viewer can compare between two people: everything but the person's own data. */
  const shape = (v: VolunteerRecordFieldsFragment | null, self: RegisteredVolunteer) => v && ({
    registeredBy: v.registeredBy?.id ?? null,
    mobile: v.mobile === self.mobile ? 'plain' : v.mobile === maskedMobile(self.mobile) ? 'masked' : v.mobile,
    idNumber: v.idNumber === self.idNumber ? 'plain' : v.idNumber === maskedId(self.idNumber!) ? 'masked' : v.idNumber,
    teams: v.teams.map((m) => m.team.id),
  });

  it('shows the chamber (the third to register) the participant exactly as it shows an ordinary person registered elsewhere first', async () => {
    const chamberAdmin = viewers['chamber admin'];
    const participant = shape(await volunteerAs(chamberAdmin, firstByOffice.id), firstByOffice);
    const ordinary = shape(await volunteerAs(chamberAdmin, control.id), control);
    expect(participant).toEqual(ordinary);
    expect(participant).toEqual({ registeredBy: null, mobile: 'masked', idNumber: 'masked', teams: [] });
  });

  it.each(['village admin', 'village coordinator'] as const)('shows the %s (the second to register, by mobile and name) the participant exactly as an ordinary person registered elsewhere first', async (who) => {
    const participant = shape(await volunteerAs(viewers[who], firstByOffice.id), firstByOffice);
    expect(participant).toEqual(shape(await volunteerAs(viewers[who], control.id), control));
    expect(participant).toMatchObject({ registeredBy: null, mobile: 'masked', idNumber: 'masked' });
    expect((await searchIds(viewers[who], firstByOffice.mobile)).ids).toEqual([]);
  });

  it('finds the participant by the full mobile number for every viewer who is shown that number in full', async () => {
    for (const who of NON_CORRECTION) {
      const client = viewers[who];
      const seen = await volunteerAs(client, firstByOffice.id);
      if (!seen) continue;
      const found = (await searchIds(client, firstByOffice.mobile)).ids.includes(firstByOffice.id);
      expect({ who, found }).toEqual({ who, found: seen.mobile === firstByOffice.mobile });
      // And by the last four digits and by name, like anyone else.
      expect((await searchIds(client, firstByOffice.mobile.slice(-4))).ids, who).toContain(firstByOffice.id);
      expect((await searchIds(client, '永福')).ids, who).toContain(firstByOffice.id);
    }
  });

  it('never lets a viewer recover masked digits with a longer mobile suffix', async () => {
    for (const who of NON_CORRECTION) {
      const client = viewers[who];
      for (const person of [firstByOffice, control]) {
        const seen = await volunteerAs(client, person.id);
        if (!seen || seen.mobile === person.mobile) continue;
        for (const length of [5, 7, 11]) {
          expect((await searchIds(client, person.mobile.slice(-length))).ids, `${who} ${length}`).not.toContain(person.id);
        }
      }
    }
  });

  it('answers a registration that names the office-only participant\'s mobile under another name exactly like one naming an ordinary stranger\'s', async () => {
    const villageAdmin = viewers['village admin'];
    const before = await server.sql`select count(*)::int as n from volunteer_affiliations`;
    const hidden = await villageAdmin.request(RegisterVolunteerRecordsDocument, { organizationId: village.id, volunteers: [{ name: '张三', mobile: officeOnly.mobile }] });
    const stranger = await registerVolunteer(server.admin, chamber, volunteerRow({ name: '李四' }));
    const plain = await villageAdmin.request(RegisterVolunteerRecordsDocument, { organizationId: village.id, volunteers: [{ name: '张三', mobile: stranger.mobile }] });
    expect(hidden).toEqual(plain);
    expect(hidden.data?.registerVolunteers.results[0]).toMatchObject({ errorCode: 'DUPLICATE', errorField: 'mobile', volunteer: null });
    const after = await server.sql`select count(*)::int as n from volunteer_affiliations`;
    expect(after[0].n).toBe(before[0].n + 1); // only the stranger's own registration
  });
});

describe('the correction officer and the platform admin', () => {
  it('see the participant\'s office registration, the correction team and the office\'s participants', async () => {
    for (const client of [officer, server.admin]) {
      const seen = (await volunteerAs(client, firstByOffice.id))!;
      expect(seen.registeredBy?.id).toBe(office.id);
      expect(seen.teams.map((m) => m.team.id)).toContain(correctionTeam.id);
      const listed = await client.ok(VolunteerRecordsDocument, { organizationId: office.id });
      expect(listed.volunteers.edges.map((e) => e.node.id).sort()).toEqual([firstByOffice.id, officeOnly.id].sort());
      expect(listed.volunteers.totalCount).toBe(2);
      expect((await searchIds(client, '许国栋')).ids).toEqual([officeOnly.id]);
      const team = await client.ok(TeamMembershipHistoryDocument, { id: correctionTeam.id });
      expect(team.node).toMatchObject({ kind: 'COMMUNITY_CORRECTION', organization: { id: office.id } });
    }
  });

  it('masks personal data for the correction officer (not an admin of the registering organization), not for the platform admin', async () => {
    const byOfficer = (await volunteerAs(officer, officeOnly.id))!;
    expect({ mobile: byOfficer.mobile, idNumber: byOfficer.idNumber }).toEqual({ mobile: maskedMobile(officeOnly.mobile), idNumber: maskedId(officeOnly.idNumber!) });
    const byAdmin = (await volunteerAs(server.admin, officeOnly.id))!;
    expect({ mobile: byAdmin.mobile, idNumber: byAdmin.idNumber }).toEqual({ mobile: officeOnly.mobile, idNumber: officeOnly.idNumber });
  });

  it('shows the office\'s organization node with its participants only to the officer', async () => {
    const asOfficer = await officer.ok(OrganizationRecordDocument, { id: office.id });
    expect(asOfficer.node).toMatchObject({ volunteers: { totalCount: 2 } });
    const asTown = await viewers['town admin'].ok(OrganizationRecordDocument, { id: office.id });
    expect(asTown.node).toMatchObject({ teams: [], volunteers: { totalCount: 0, edges: [] } });
  });
});
