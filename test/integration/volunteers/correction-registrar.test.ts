import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MyVolunteerDocument, OrganizationsWithVolunteersDocument, RegisterVolunteersDocument, TeamMembersPersonalDocument, VolunteerNodeDocument,
  VolunteersDocument, type VolunteerFieldsFragment,
} from '../../../client/generated/graphql';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import { addMember, createTeam, type TeamHandle } from '../../support/factories/teams';
import { confirmRequests, registerVolunteer, signInAsPerson, volunteerRow, type RegisteredVolunteer } from '../../support/factories/volunteers';
import { startTestServer, type TestServer } from '../../support/harness';
import type { GraphQLTestClient } from '../../support/client';

/*
 * 陈埭镇 ─┬─ 洋埭村 (village)          安海商会 (chamber, elsewhere)
 *         └─ 新塘司法所 (correction office)
 *
 * participant: registered first by the office's correction officer (with ID number), then by the
 *              village with mobile and name only.
 * ordinary:    registered first by the chamber (with ID number), then by the village the same way.
 * To everyone but the office's officers and the platform admin the two must look alike on every path.
 */
let server: TestServer;
let village: OrgHandle;
let office: OrgHandle;
let team: TeamHandle;
let participant: RegisteredVolunteer;
let ordinary: RegisteredVolunteer;
let viewers: Record<string, GraphQLTestClient>;
/** What the village admin's registration answered for each of the two, in order. */
let registered: { outcome: string; volunteer: VolunteerFieldsFragment | null | undefined }[];
/** The participant, signed in to their own account. */
let participantSelf: GraphQLTestClient;

beforeAll(async () => {
  server = await startTestServer();
  const town = await createOrg(server, 'GOVERNMENT', '陈埭镇');
  village = await createOrg(server, 'COMMUNITY', '洋埭村', town.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', town.id);
  const chamber = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');
  const officer = await createStaff(server, 'CORRECTION_OFFICER', office.id);
  participant = await registerVolunteer(officer, office, volunteerRow({ name: '林建国' }));
  ordinary = await registerVolunteer(await createStaff(server, 'ORG_ADMIN', chamber.id), chamber, volunteerRow({ name: '施雅婷' }));

  const villageAdmin = await createStaff(server, 'ORG_ADMIN', village.id);
  const { registerVolunteers } = await villageAdmin.ok(RegisterVolunteersDocument, {
    organizationId: village.id,
    volunteers: [participant, ordinary].map((p) => ({ name: p.name, mobile: p.mobile })),
  });
  registered = registerVolunteers.results.map((r) => ({ outcome: r.outcome, volunteer: r.volunteer }));
  // Both people confirm the village's request in their own accounts; only then does the village hold them.
  participantSelf = await signInAsPerson(server, participant);
  for (const self of [participantSelf, await signInAsPerson(server, ordinary)]) await confirmRequests(self);
  team = await createTeam(server, village, 'GRID_SERVICE', '洋埭村网格服务队');
  for (const person of [participant, ordinary]) await addMember(server, team, { id: person.id } as never);

  viewers = {
    'village admin': villageAdmin,
    'village coordinator': await createStaff(server, 'COORDINATOR', village.id),
    'town admin': await createStaff(server, 'ORG_ADMIN', town.id),
    'town coordinator': await createStaff(server, 'COORDINATOR', town.id),
  };
});
afterAll(async () => { await server?.stop(); });

/** What a viewer can compare between two people: everything but the person's own data. */
function shape(v: VolunteerFieldsFragment | undefined | null, person: RegisteredVolunteer) {
  if (!v) return 'absent';
  const masked = (plain: string, kept: [number, number]) => `${plain.slice(0, kept[0])}${'*'.repeat(plain.length - kept[0] - kept[1])}${plain.slice(-kept[1])}`;
  const form = (value: string | null | undefined, plain: string, kept: [number, number]) =>
    value === plain ? 'plain' : value === masked(plain, kept) ? 'masked' : value;
  return { registeredBy: v.registeredBy?.id ?? null, mobile: form(v.mobile, person.mobile, [3, 4]), idNumber: form(v.idNumber, person.idNumber!, [4, 4]) };
}

/** How the person reaches the viewer through each path, and whether searches find them. */
async function everyPath(client: GraphQLTestClient, person: RegisteredVolunteer) {
  const node = await client.request(VolunteerNodeDocument, { id: person.id });
  const asNode = node.data?.node?.__typename === 'Volunteer' ? node.data.node : null;
  const { volunteers } = await client.ok(VolunteersDocument, { first: 500 });
  const members = await client.ok(TeamMembersPersonalDocument, { id: team.id });
  const member = members.node?.__typename === 'Team' ? members.node.members.map((m) => m.volunteer).find((v) => v.id === person.id) : null;
  const { organizations } = await client.ok(OrganizationsWithVolunteersDocument, { first: 500 });
  const inVillage = organizations.find((o) => o.id === village.id)?.volunteers.edges.map((e) => e.node).find((v) => v.id === person.id);
  const finds = async (search: string) => (await client.ok(VolunteersDocument, { search })).volunteers.edges.some((e) => e.node.id === person.id);
  return {
    node: shape(asNode, person),
    list: shape(volunteers.edges.map((e) => e.node).find((v) => v.id === person.id), person),
    teamMember: shape(member, person),
    organizationVolunteers: shape(inVillage, person),
    byFullMobile: await finds(person.mobile),
    bySevenDigits: await finds(person.mobile.slice(-7)),
    byLastFour: await finds(person.mobile.slice(-4)),
    byName: await finds(person.name),
  };
}

describe('a participant the correction office registered first, later registered by an ordinary organization', () => {
  it('comes back from that registration exactly as a person another organization registered first: a request, nothing of them', () => {
    expect(registered[0]).toEqual(registered[1]);
    expect(registered[0]).toEqual({ outcome: 'AWAITING_CONFIRMATION', volunteer: null });
  });

  it.each(['village admin', 'village coordinator', 'town admin', 'town coordinator'])(
    'looks to the %s exactly like the ordinary person on every path and every search', async (who) => {
      const seenParticipant = await everyPath(viewers[who], participant);
      expect(seenParticipant).toEqual(await everyPath(viewers[who], ordinary));
      expect(seenParticipant).toMatchObject({ node: { registeredBy: null, mobile: 'masked', idNumber: 'masked' }, byFullMobile: false, byLastFour: true });
    });

  it('shows the participant their own data in full, and no registrar', async () => {
    const { me } = await participantSelf.ok(MyVolunteerDocument);
    expect(shape(me.volunteer, participant)).toEqual({ registeredBy: null, mobile: 'plain', idNumber: 'plain' });
  });

  it('shows the platform admin the office as registrar and the data in full', async () => {
    const { node } = await server.admin.ok(VolunteerNodeDocument, { id: participant.id });
    expect(shape(node?.__typename === 'Volunteer' ? node : null, participant)).toEqual({ registeredBy: office.id, mobile: 'plain', idNumber: 'plain' });
  });
});
