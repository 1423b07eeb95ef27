import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AddTeamMemberDocument, CreateTeamDocument, OrganizationTeamsDocument, OrganizationsWithTeamsDocument,
  RemoveTeamMemberDocument, TeamDocument, TeamMembersTeamsDocument, VolunteerTeamsDocument,
} from '../../../client/generated/graphql';
import { toGlobalId } from '../../../server/platform/ids';
import { createOrg, createStaff, type OrgHandle } from '../../support/factories';
import {
  addMember, createTeam, insertDeployment, insertGrid, nodeOf, registerVolunteer, signInAsVolunteer,
  type TeamHandle, type VolunteerHandle,
} from '../../support/factories/teams';
import { GraphQLTestClient, type GraphQLResponse } from '../../support/client';
import { startTestServer, type TestServer } from '../../support/harness';

/** Records every response body a viewer receives, so a test can scan them all for leaks. */
class RecordingClient extends GraphQLTestClient {
  readonly bodies: string[] = [];
  override async request<TData, TVars>(document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>> {
    const result = await super.request(document, variables);
    this.bodies.push(JSON.stringify(result));
    return result;
  }
}
const recording = (client: GraphQLTestClient) => new RecordingClient(client.url, client.token);

let server: TestServer;
let office: OrgHandle;
let yangdai: OrgHandle;
let anhai: OrgHandle;
let correctionTeam: TeamHandle;
let officeOtherTeam: TeamHandle;
let gridTeam: TeamHandle;
let participant: VolunteerHandle;
let quietParticipant: VolunteerHandle;
let villager: VolunteerHandle;
let officer: RecordingClient;
let blind: Record<string, RecordingClient>;

beforeAll(async () => {
  server = await startTestServer();
  const jinjiang = await createOrg(server, 'GOVERNMENT', '晋江市');
  const xintang = await createOrg(server, 'GOVERNMENT', '新塘街道', jinjiang.id);
  office = await createOrg(server, 'CORRECTION_OFFICE', '新塘司法所', xintang.id);
  const chendai = await createOrg(server, 'GOVERNMENT', '陈埭镇', jinjiang.id);
  yangdai = await createOrg(server, 'COMMUNITY', '洋埭村', chendai.id);
  anhai = await createOrg(server, 'CHAMBER_OF_COMMERCE', '安海商会');

  officer = recording(await createStaff(server, 'CORRECTION_OFFICER', office.id));
  const villageCoordinator = await createStaff(server, 'COORDINATOR', yangdai.id);

  correctionTeam = await createTeam(server, office, 'COMMUNITY_CORRECTION', '新塘社区矫正志愿服务队', officer);
  officeOtherTeam = await createTeam(server, office, 'OTHER', '新塘司法所普法宣传队', officer);
  gridTeam = await createTeam(server, yangdai, 'GRID_SERVICE', '洋埭村第4网格服务队');

  // A participant on probation, registered by the village and supervised by the office.
  participant = await registerVolunteer(server, yangdai, '郑某', [office]);
  quietParticipant = await registerVolunteer(server, office, '李某');
  villager = await registerVolunteer(server, yangdai, '洪丽华');
  await addMember(server, correctionTeam, participant, 'MEMBER', officer);
  await addMember(server, correctionTeam, quietParticipant, 'MEMBER', officer);
  await addMember(server, officeOtherTeam, participant, 'MEMBER', officer);
  await addMember(server, gridTeam, participant, 'MEMBER', villageCoordinator);
  await addMember(server, gridTeam, villager, 'LEADER', villageCoordinator);
  // The correction team serves at the village's sampling site: the deployment must not reveal it.
  const samplingGrid = await insertGrid(server, yangdai, '洋埭村第4网格');
  await insertDeployment(server, correctionTeam, samplingGrid, -1, 10);

  blind = {
    'the org admin of the office\'s parent government': recording(await createStaff(server, 'ORG_ADMIN', xintang.id)),
    'the org admin of the correction office itself': recording(await createStaff(server, 'ORG_ADMIN', office.id)),
    'the org admin of the whole city': recording(await createStaff(server, 'ORG_ADMIN', jinjiang.id)),
    'the coordinator of the village': recording(villageCoordinator),
    'the participant themself': recording(await signInAsVolunteer(server, participant, yangdai)),
    'the staff of another organization': recording(await createStaff(server, 'ORG_ADMIN', anhai.id)),
  };
});
afterAll(async () => { await server?.stop(); });

const RANDOM_TEAM = () => toGlobalId('Team', 2_000_000_000);
const errorsOf = (r: GraphQLResponse<unknown>) => ({ data: r.data, errors: r.errors?.map((e) => ({ message: e.message, extensions: e.extensions })) });
const snapshot = async () => ({
  teams: await server.sql`select * from teams order by id`,
  memberships: await server.sql`select * from team_memberships order by id`,
  affiliations: await server.sql`select * from volunteer_affiliations order by volunteer_id, organization_id`,
});
type Members = { members: { volunteer: { name: string; teams: { team: { name: string } }[] } }[] };

describe('a community-correction team, to everyone but its correction officers', () => {
  it.each([
    'the org admin of the office\'s parent government', 'the org admin of the correction office itself', 'the org admin of the whole city',
    'the coordinator of the village', 'the participant themself', 'the staff of another organization',
  ])('looks exactly like a team that does not exist to %s', async (who) => {
    const client = blind[who];
    const before = await snapshot();

    // node(id): the same null as a random id, for the correction team and for any team the office owns.
    for (const team of [correctionTeam, officeOtherTeam]) {
      expect(await client.request(TeamDocument, { id: team.id, activeOnly: false })).toEqual(await client.request(TeamDocument, { id: RANDOM_TEAM(), activeOnly: false }));
      expect(await nodeOf(client, TeamDocument, { id: team.id })).toBeNull();
    }

    // Organization.teams: the office has no teams (or is not visible at all).
    const officeNode = await nodeOf(client, OrganizationTeamsDocument, { id: office.id }) as { teams: unknown[] } | null;
    if (officeNode) expect(officeNode.teams).toEqual([]);

    // Every organization's teams and members.
    const { organizations } = await client.ok(OrganizationsWithTeamsDocument);
    const visibleTeams = organizations.flatMap((o) => o.teams.map((t) => t.name));
    expect(visibleTeams).not.toContain(correctionTeam.name);
    expect(visibleTeams).not.toContain(officeOtherTeam.name);

    // Volunteer.teams: the participant, where visible, is just a member of the grid team.
    const grid = await nodeOf(client, TeamMembersTeamsDocument, { id: gridTeam.id }) as Members | null;
    for (const member of grid?.members ?? []) {
      expect(member.volunteer.teams.map((m) => m.team.name)).toEqual([gridTeam.name]);
    }

    // Volunteer.teams through node(volunteer id): the same, for both participants.
    for (const volunteer of [participant, quietParticipant]) {
      const node = await nodeOf(client, VolunteerTeamsDocument, { id: volunteer.id }) as { teams: { team: { name: string } }[] } | null;
      if (node) expect(node.teams.map((m) => m.team.name)).toEqual(volunteer === participant ? [gridTeam.name] : []);
    }

    // Mutations against the hidden team answer exactly like a random team id.
    const someVolunteer = who === 'the staff of another organization' ? (await registerVolunteer(server, anhai, '施雅婷')) : participant;
    const mutationPairs = [
      [AddTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: someVolunteer.id }, { teamId: RANDOM_TEAM(), volunteerId: someVolunteer.id }],
      [AddTeamMemberDocument, { teamId: officeOtherTeam.id, volunteerId: someVolunteer.id, role: 'LEADER' }, { teamId: RANDOM_TEAM(), volunteerId: someVolunteer.id, role: 'LEADER' }],
      [RemoveTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: participant.id }, { teamId: RANDOM_TEAM(), volunteerId: participant.id }],
    ] as const;
    for (const [document, vars, randomVars] of mutationPairs) {
      const hidden = await client.request(document as typeof AddTeamMemberDocument, vars);
      const missing = await client.request(document as typeof AddTeamMemberDocument, randomVars);
      expect(errorsOf(hidden)).toEqual(errorsOf(missing));
      expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }

    // createTeam in the office: the same answer whether or not the name is taken by the hidden team.
    const taken = await client.request(CreateTeamDocument, { organizationId: office.id, name: correctionTeam.name, kind: 'COMMUNITY_CORRECTION' });
    const fresh = await client.request(CreateTeamDocument, { organizationId: office.id, name: '从未用过的名字', kind: 'COMMUNITY_CORRECTION' });
    const plainKind = await client.request(CreateTeamDocument, { organizationId: office.id, name: officeOtherTeam.name, kind: 'OTHER' });
    expect(errorsOf(taken)).toEqual(errorsOf(fresh));
    expect(errorsOf(plainKind).errors?.[0].extensions).toEqual(errorsOf(fresh).errors?.[0].extensions);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(taken.errors?.[0].extensions?.code);
    if (taken.errors?.[0].extensions?.code === 'NOT_FOUND') {
      const randomOrg = await client.request(CreateTeamDocument, { organizationId: toGlobalId('Organization', 2_000_000_000), name: '从未用过的名字', kind: 'COMMUNITY_CORRECTION' });
      expect(errorsOf(taken)).toEqual(errorsOf(randomOrg));
    }

    const after = await snapshot();
    expect(after.teams).toEqual(before.teams);
    expect(after.memberships).toEqual(before.memberships);

    // Nothing this viewer ever received names the hidden teams or carries their ids.
    for (const body of client.bodies) {
      for (const secret of [correctionTeam.name, correctionTeam.id, officeOtherTeam.name, officeOtherTeam.id]) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('shows the participant to the village coordinator as an ordinary grid team member', async () => {
    const node = await nodeOf(blind['the coordinator of the village'], TeamDocument, { id: gridTeam.id, activeOnly: false });
    expect((node as { members: { role: string; volunteer: { name: string } }[] }).members.map((m) => [m.volunteer.name, m.role]))
      .toEqual([['郑某', 'MEMBER'], ['洪丽华', 'LEADER']]);
  });

  it('shows the participant themself only their grid team', async () => {
    const self = blind['the participant themself'];
    expect(await nodeOf(self, TeamDocument, { id: gridTeam.id })).toMatchObject({ name: gridTeam.name });
    const node = await nodeOf(self, TeamMembersTeamsDocument, { id: gridTeam.id });
    expect((node as Members).members.map((m) => [m.volunteer.name, m.volunteer.teams.map((t) => t.team.name)]))
      .toEqual([['郑某', [gridTeam.name]]]);
    const own = await nodeOf(self, VolunteerTeamsDocument, { id: participant.id });
    expect(own).toMatchObject({ name: '郑某', teams: [{ role: 'MEMBER', team: { id: gridTeam.id } }] });
  });
});

describe('the office\'s correction officer and the platform admin', () => {
  it.each(['correction officer', 'platform admin'])('see the correction team, its members and their memberships (%s)', async (who) => {
    const client = who === 'platform admin' ? server.admin : officer;
    const node = await nodeOf(client, TeamDocument, { id: correctionTeam.id });
    expect(node).toMatchObject({ name: correctionTeam.name, kind: 'COMMUNITY_CORRECTION', organization: { id: office.id } });
    expect((node as { members: { volunteer: { name: string } }[] }).members.map((m) => m.volunteer.name)).toEqual(['郑某', '李某']);

    const officeTeams = await nodeOf(client, OrganizationTeamsDocument, { id: office.id }) as { teams: { name: string }[] };
    expect(officeTeams.teams.map((t) => t.name).sort()).toEqual([correctionTeam.name, officeOtherTeam.name].sort());

    const withTeams = await nodeOf(client, TeamMembersTeamsDocument, { id: correctionTeam.id }) as Members;
    const participantTeams = withTeams.members.find((m) => m.volunteer.name === '郑某')!.volunteer.teams.map((t) => t.team.name).sort();
    const expected = who === 'platform admin' ? [correctionTeam.name, officeOtherTeam.name, gridTeam.name] : [correctionTeam.name, officeOtherTeam.name];
    expect(participantTeams).toEqual(expected.sort());
    const quiet = await nodeOf(client, VolunteerTeamsDocument, { id: quietParticipant.id });
    expect(quiet).toMatchObject({ name: '李某', teams: [{ role: 'MEMBER', leftAt: null, team: { id: correctionTeam.id } }] });
  });

  it('lets the correction officer manage the correction team\'s members, keeping history', async () => {
    const newcomer = await registerVolunteer(server, office, '周某');
    const { addTeamMember } = await officer.ok(AddTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: newcomer.id });
    expect(addTeamMember).toMatchObject({ role: 'MEMBER', team: { id: correctionTeam.id }, volunteer: { name: '周某' } });
    await officer.ok(RemoveTeamMemberDocument, { teamId: correctionTeam.id, volunteerId: newcomer.id });
    const node = await nodeOf(officer, TeamDocument, { id: correctionTeam.id, activeOnly: false });
    const history = (node as { members: { leftAt: string | null; volunteer: { name: string } }[] }).members;
    expect(history.find((m) => m.volunteer.name === '周某')?.leftAt).not.toBeNull();
  });

  it('does not let the correction officer see or change teams outside the office', async () => {
    expect(await nodeOf(officer, TeamDocument, { id: gridTeam.id })).toBeNull();
    expect(await officer.codes(AddTeamMemberDocument, { teamId: gridTeam.id, volunteerId: quietParticipant.id })).toEqual(['NOT_FOUND']);
  });
});
