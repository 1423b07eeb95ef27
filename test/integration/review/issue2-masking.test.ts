import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MyRecordDocument, OrganizationRecordDocument, RegisterVolunteerRecordsDocument, TeamMembershipHistoryDocument, VolunteerRecordDocument,
  VolunteerRecordsDocument,
} from '../../../client/generated/graphql';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { addMember, createTeam, type TeamHandle } from '../../support/factories/teams';
import { joinedBy, type RegisteredVolunteer, registerVolunteer, signUpAndSignIn, volunteerRow } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';
import { maskedId, maskedMobile } from './issue2-support';

/*
 * 梅岭街道 (subdistrict) ─┬─ 梅庭社区 (registers the person) ── 梅庭社区第2网格 (a child organization that also affiliates them)
 *                         └─ 梅岭司法所 (correction office that also affiliates them, with its correction team)
 * 晋江商会 (another organization that also registered the same person)
 */
let server: TestServer;
let community: OrgHandle;
let childOrg: OrgHandle;
let office: OrgHandle;
let team: TeamHandle;
let person: RegisteredVolunteer;
let noId: RegisteredVolunteer;
let viewers: Record<string, GraphQLTestClient>;

const PLAIN = ['platform admin', 'ORG_ADMIN of the registering organization', 'ORG_ADMIN of an ancestor', 'the volunteer'];
const MASKED = [
  'COORDINATOR of the registering organization', 'COORDINATOR of an ancestor', 'ORG_ADMIN of a child organization that affiliated them',
  'CORRECTION_OFFICER of an office that affiliated them', 'ORG_ADMIN of another organization that registered them too',
];

beforeAll(async () => {
  server = await startTestServer();
  const subdistrict = await createOrg(server, 'GOVERNMENT', '梅岭街道');
  community = await createOrg(server, 'COMMUNITY', '梅庭社区', subdistrict.id);
  childOrg = await createOrg(server, 'PROPERTY_MANAGER', '梅庭物业', community.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '梅岭司法所', subdistrict.id);
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '晋江商会');
  const communityAdmin = await createStaff(server, 'ORG_ADMIN', community.id);
  const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  const chamberAdmin = await createStaff(server, 'ORG_ADMIN', chamber.id);
  const childAdmin = await createStaff(server, 'ORG_ADMIN', childOrg.id);

  const row = volunteerRow({ name: '施丽娟', mobile: '13812345678' });
  person = await registerVolunteer(communityAdmin, community, row);
  await joinedBy(server, server.admin, office, person, { name: row.name, mobile: row.mobile });
  await joinedBy(server, chamberAdmin, chamber, person, row);
  await joinedBy(server, childAdmin, childOrg, person, { name: row.name, mobile: row.mobile });
  noId = await registerVolunteer(communityAdmin, community, volunteerRow({ idNumber: null }));
  team = await createTeam(server, community, 'GRID_SERVICE', '梅庭社区网格服务队');
  await addMember(server, team, { id: person.id } as never);
  await addMember(server, team, { id: noId.id } as never);

  viewers = {
    'platform admin': server.admin,
    'ORG_ADMIN of the registering organization': communityAdmin,
    'ORG_ADMIN of an ancestor': await createStaff(server, 'ORG_ADMIN', subdistrict.id),
    'the volunteer': await signUpAndSignIn(server, community, row),
    'COORDINATOR of the registering organization': await createStaff(server, 'COORDINATOR', community.id),
    'COORDINATOR of an ancestor': await createStaff(server, 'COORDINATOR', subdistrict.id),
    'ORG_ADMIN of a child organization that affiliated them': childAdmin,
    'CORRECTION_OFFICER of an office that affiliated them': officer,
    'ORG_ADMIN of another organization that registered them too': chamberAdmin,
  };
});
afterAll(async () => { await server?.stop(); });

type Personal = { id: string; mobile: string; idNumber: string | null };

/** Every path the person's record reaches this viewer through, with what each path shows. */
async function everyPath(client: GraphQLTestClient): Promise<Record<string, Personal | undefined>> {
  const paths: Record<string, Personal | undefined> = {};
  const node = await client.request(VolunteerRecordDocument, { id: person.id });
  paths.node = node.data?.node?.__typename === 'Volunteer' ? node.data.node : undefined;
  const listed = await client.ok(VolunteerRecordsDocument, { first: 500 });
  paths.list = listed.volunteers.edges.map((e) => e.node).find((v) => v.id === person.id);
  const bySearch = await client.ok(VolunteerRecordsDocument, { search: person.mobile.slice(-4) });
  paths.search = bySearch.volunteers.edges.map((e) => e.node).find((v) => v.id === person.id);
  const org = await client.request(OrganizationRecordDocument, { id: community.id, first: 500 });
  const orgNode = org.data?.node?.__typename === 'Organization' ? org.data.node : undefined;
  paths.organizationVolunteers = orgNode?.volunteers.edges.map((e) => e.node).find((v) => v.id === person.id);
  const teamNode = await client.request(TeamMembershipHistoryDocument, { id: team.id });
  const members = teamNode.data?.node?.__typename === 'Team' ? teamNode.data.node.members : [];
  paths.teamMembers = members.map((m) => m.volunteer).find((v) => v.id === person.id);
  const { me } = await client.ok(MyRecordDocument);
  if (me.volunteer?.id === person.id) paths.me = me.volunteer;
  return paths;
}

describe('mobile and ID number masking on every path', () => {
  it.each(PLAIN)('shows %s the mobile and the ID number in full wherever the person appears', async (who) => {
    const paths = await everyPath(viewers[who]);
    const seen = Object.entries(paths).filter(([, v]) => v);
    expect(seen.length).toBeGreaterThan(0);
    for (const [path, v] of seen) {
      expect({ path, mobile: v!.mobile, idNumber: v!.idNumber }).toEqual({ path, mobile: person.mobile, idNumber: person.idNumber });
    }
  });

  it.each(MASKED)('shows %s the mobile as 138****5678 and the ID number as first 4 + last 4 wherever the person appears', async (who) => {
    const paths = await everyPath(viewers[who]);
    const seen = Object.entries(paths).filter(([, v]) => v);
    expect(seen.length).toBeGreaterThan(0);
    for (const [path, v] of seen) {
      expect({ path, mobile: v!.mobile, idNumber: v!.idNumber }).toEqual({ path, mobile: '138****5678', idNumber: maskedId(person.idNumber!) });
    }
  });

  it('masks exactly 4 middle digits of the mobile and 10 middle characters of the ID number', () => {
    expect(maskedMobile('13812345678')).toBe('138****5678');
    expect(maskedId(person.idNumber!)).toHaveLength(18);
  });

  it.each([...PLAIN.filter((w) => w !== 'the volunteer'), ...MASKED.filter((w) => !w.includes('another') && !w.includes('CORRECTION') && !w.includes('child'))])(
    'answers null, never a mask, for the ID number of someone registered without one (%s)', async (who) => {
      const { node } = await viewers[who].ok(VolunteerRecordDocument, { id: noId.id });
      expect(node?.__typename === 'Volunteer' && node.idNumber).toBeNull();
    });

  it('answers a registration with the registrant\'s own view: an admin of the organization sees the rows in full, a coordinator masked', async () => {
    for (const [who, expectPlain] of [['ORG_ADMIN of the registering organization', true], ['COORDINATOR of the registering organization', false]] as const) {
      const row = volunteerRow();
      const { registerVolunteers } = await viewers[who].ok(RegisterVolunteerRecordsDocument, { organizationId: community.id, volunteers: [row] });
      const v = registerVolunteers.results[0].volunteer!;
      expect({ mobile: v.mobile, idNumber: v.idNumber }).toEqual(expectPlain
        ? { mobile: row.mobile, idNumber: row.idNumber }
        : { mobile: maskedMobile(row.mobile), idNumber: maskedId(row.idNumber!) });
    }
  });

  it('answers an admin who re-registers a person someone else registered first with the masked record', async () => {
    const chamberAdmin = viewers['ORG_ADMIN of another organization that registered them too'];
    const { registerVolunteers } = await chamberAdmin.ok(RegisterVolunteerRecordsDocument, {
      organizationId: (await chamberAdmin.ok(MyRecordDocument)).me.roles[0].organization!.id,
      volunteers: [{ name: person.name, mobile: person.mobile }],
    });
    expect(registerVolunteers.results[0].volunteer).toMatchObject({ id: person.id, mobile: '138****5678', idNumber: maskedId(person.idNumber!) });
  });
});
